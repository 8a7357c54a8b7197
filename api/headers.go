package api

import (
	"context"
	"net/http"
)

// headersKey is the context key under which WithResponseHeaders leaves its
// destination for the response's parser.
type headersKey struct{}

// WithResponseHeaders returns a RequestEditorFn that, when the answer is a
// response whose headers the operation documents, sets *dst to them as
// the generated parser bound them: for the caller of a typed method, which
// returns the resource alone. T is the operation's headers type, such as
// ListConversationsResponse200Headers; *dst stays as it was for another
// answer or another T. A documented header whose value does not parse is
// ErrInvalidResponse on every path, so what *dst holds has parsed. A nil
// dst asks for nothing.
//
//	var h *api.ListConversationsResponse200Headers
//	page, err := c.Conversations(ctx, nil, api.WithResponseHeaders(&h))
//	if err == nil && h != nil && h.XRateLimitRemaining != nil { ... }
func WithResponseHeaders[T any](dst **T) RequestEditorFn {
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
