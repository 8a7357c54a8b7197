package api

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/healvi-chat/healvi-go/api/internal/redact"
	"github.com/healvi-chat/healvi-go/api/internal/safetext"
)

// operation is an operation of openapi.yaml, as New's transport needs it
// to check a response: internal/apigen writes the table, operations, into
// operations.gen.go, so that a new operation in the spec is checked like
// every other without a line written by hand.
type operation struct {
	id     string // the operationId
	method string
	path   string // the path template, such as /conversations/{id}
	// responses are the 2xx responses the operation documents.
	responses []documented
}

// documented is a 2xx response an operation documents.
type documented struct {
	status string // "200", "2XX" or "default"
	// check decodes a body and reports what the spec requires of it that
	// is missing; nil when the response has no JSON body.
	check func(body []byte) error
}

// operationRouter finds the operation of a request among a table's.
type operationRouter struct {
	ops   []operation
	paths [][]string // each operation's path template, split at "/"
}

func newOperationRouter(ops []operation) *operationRouter {
	r := &operationRouter{ops: ops, paths: make([][]string, len(ops))}
	for i, op := range ops {
		r.paths[i] = strings.Split(strings.Trim(op.path, "/"), "/")
	}
	return r
}

// routes finds the operations of openapi.yaml (operations.gen.go).
var routes = sync.OnceValue(func() *operationRouter { return newOperationRouter(operations) })

// find returns the operation a request with method and path (the URL's
// escaped path below the base URL) is for, or nil. Where several
// templates match, the one with more literal segments wins, as OpenAPI
// says a concrete path goes before a templated one. It allocates nothing:
// it runs on every response.
func (r *operationRouter) find(method, path string) *operation {
	path = strings.Trim(path, "/")
	var best *operation
	bestLiterals := -1
	for i, tmpl := range r.paths {
		op := &r.ops[i]
		if op.method != method {
			continue
		}
		if literals, ok := matchPath(tmpl, path); ok && literals > bestLiterals {
			best, bestLiterals = op, literals
		}
	}
	return best
}

// matchPath matches a path, without its outer slashes, to a template's
// segments: a "{parameter}" matches any one non-empty segment, any other
// only itself. It returns how many segments matched literally.
func matchPath(tmpl []string, path string) (literals int, ok bool) {
	for k, t := range tmpl {
		seg, rest, more := strings.Cut(path, "/")
		if more != (k < len(tmpl)-1) {
			return 0, false // fewer or more segments than the template
		}
		switch {
		case strings.HasPrefix(t, "{") && strings.HasSuffix(t, "}"):
			if seg == "" {
				return 0, false
			}
		case t == seg:
			literals++
		default:
			return 0, false
		}
		path = rest
	}
	return literals, true
}

// response returns the documented response for a 2xx status: the exact
// code, else 2XX, else default; nil when the operation documents none.
func (op *operation) response(status int) *documented {
	var match *documented
	rank := 0
	for i := range op.responses {
		r := &op.responses[i]
		if n := statusRank(r.status, status); n > rank {
			match, rank = r, n
		}
	}
	return match
}

// statusRank tells how closely a documented status key matches a code:
// 3 for the code itself, 2 for its range (2XX), 1 for default, 0 for none.
func statusRank(key string, code int) int {
	switch {
	case key == strconv.Itoa(code):
		return 3
	case len(key) == 3 && strings.HasSuffix(key, "XX") && key[0] == byte('0'+code/100):
		return 2
	case key == "default":
		return 1
	}
	return 0
}

// checkSuccess checks a 2xx response to req against what openapi.yaml
// documents for its operation: a status it documents, a JSON body where it
// documents one, holding every property it requires (decoded once, by the
// check the generator wrote). A request for no operation of the spec gets
// the checks any JSON API deserves: a JSON content type and a body that is
// well-formed JSON. A caller that decodes the body itself (decodesItself)
// gets every check but the body's, which it makes in its own single pass.
func (t *transport) checkSuccess(req *http.Request, resp *http.Response, body []byte) error {
	self := decodesItselfFrom(req.Context())
	rel, under := strings.CutPrefix(req.URL.EscapedPath(), t.basePath)
	var op *operation
	if under {
		op = routes().find(req.Method, rel)
	}
	if op == nil {
		if err := checkJSONBody(resp.Header.Get("Content-Type"), body, !self); err != nil {
			return newAPIError(resp, body, err)
		}
		return nil
	}
	doc := op.response(resp.StatusCode)
	switch {
	case doc == nil:
		return newAPIError(resp, body, invalid(specErrorf("status %d is not one that %s %s documents", resp.StatusCode, op.method, op.path)))
	case doc.check == nil:
		return nil // no JSON body documented: nothing to check
	}
	if err := checkJSONBody(resp.Header.Get("Content-Type"), body, false); err != nil {
		return newAPIError(resp, body, err)
	}
	if self {
		return nil
	}
	if err := doc.check(body); err != nil {
		return newAPIError(resp, body, invalid(err))
	}
	return nil
}

// invalid wraps what is wrong with a body in ErrInvalidResponse.
func invalid(err error) error {
	return fmt.Errorf("%w: %w", ErrInvalidResponse, err)
}

// decodesItselfKey marks the context of a request whose caller decodes the
// body with a decoder that checks the JSON as it reads it (the typed
// methods): the transport then skips its own pass over the body.
type decodesItselfKey struct{}

func decodesItself(ctx context.Context) context.Context {
	return context.WithValue(ctx, decodesItselfKey{}, true)
}

func decodesItselfFrom(ctx context.Context) bool {
	v, _ := ctx.Value(decodesItselfKey{}).(bool)
	return v
}

// decodeChecked is the end of every typed method: it takes resp's body,
// checks that resp has the documented status, and decodes the body into v
// with check, which also checks what the spec requires of it. Any failure
// is an *APIError (ErrInvalidResponse for a body that will not do) or a
// transport error: never a zero value and no error.
func decodeChecked[T any](resp *http.Response, status string, v *T, check func([]byte, *T) error) error {
	body, err := usableBody(resp)
	if err != nil {
		return err
	}
	if statusRank(status, resp.StatusCode) == 0 {
		return newAPIError(resp, body, invalid(specErrorf("status %d is not the documented %s", resp.StatusCode, status)))
	}
	if err := check(body, v); err != nil {
		return newAPIError(resp, body, invalid(err))
	}
	return nil
}

// usableBody returns the body of a response that CheckResponse accepts.
// New's transport has done both already; any other doer's response is read
// here (readResponse) and checked.
func usableBody(resp *http.Response) ([]byte, error) {
	if b, ok := resp.Body.(*checkedBody); ok {
		return b.data, nil
	}
	body, err := readResponse(resp)
	if err != nil {
		return nil, err
	}
	if err := CheckResponse(resp, body); err != nil {
		return nil, err
	}
	return body, nil
}

// requestLine names the request behind resp, such as "GET /conversations/1",
// its path redacted: a redirect can put an echo of the token there.
func requestLine(resp *http.Response) string {
	if resp.Request == nil || resp.Request.URL == nil {
		return "request"
	}
	return resp.Request.Method + " " + safetext.Escape(redact.String(resp.Request.URL.EscapedPath(), responseSecret(resp)))
}

// missingProperty says that a body lacks a property the spec requires of
// it, or holds it as null where the spec does not allow null.
func missingProperty(name string, null bool) error {
	if null {
		return specErrorf("required property %s is null", name)
	}
	return specErrorf("required property %s is missing", name)
}

// invalidParameter is a typed method's argument that the spec rules out,
// found before anything is sent.
func invalidParameter(name string, value any, want string) error {
	return fmt.Errorf("%w: %s is %#v, want %s", ErrInvalidParameter, name, value, want)
}
