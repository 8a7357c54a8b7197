package api

import (
	"context"
	"net/http"
)

// headersKey is the context key under which WithResponseHeaders leaves its
// destination for the response's parser.
type headersKey struct{}

// WithResponseHeaders returns a RequestEditorFn that sets *dst to the
// documented headers of the answer, as the generated parser bound them:
// for the caller of a typed method, which returns the resource alone. T is
// the operation's headers type for a status, <Op>Response<Status>Headers
// (another type does not compile). *dst stays as it was for an answer of
// another status or operation, and for any answer New's client turns into
// an *APIError before a parser sees it (every non-2xx: the error itself
// holds what its headers say, such as RetryAfter). A documented header
// whose value does not parse is ErrInvalidResponse on every path, so what
// *dst holds has parsed. Pass it to one call, not to WithRequestEditorFn:
// every call of the client would write the same *dst. A nil dst asks for
// nothing.
//
//	var h *api.ListThingsResponse200Headers // for an operation listThings
//	things, err := c.Things(ctx, nil, api.WithResponseHeaders(&h))
//	if err == nil && h != nil && h.XRateLimitRemaining != nil { ... }
func WithResponseHeaders[T any, PT interface {
	*T
	responseHeaders()
}](dst **T) RequestEditorFn {
	return func(_ context.Context, req *http.Request) error {
		if dst == nil {
			return nil // else the parser would write through it, and panic
		}
		// The editor can change the request only in place: the generated
		// method sends the *http.Request it built.
		*req = *req.WithContext(context.WithValue(req.Context(), headersKey{}, any(dst)))
		return nil
	}
}

// deliverHeaders hands the parsed headers h of rsp to the destination
// WithResponseHeaders left in its request's context, if it is one of h's
// type.
func deliverHeaders[T any](rsp *http.Response, h *T) {
	if rsp.Request == nil {
		return
	}
	if dst, ok := rsp.Request.Context().Value(headersKey{}).(**T); ok {
		*dst = h
	}
}
