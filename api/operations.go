package api

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/healvi-chat/healvi-go/api/internal/redact"
	"github.com/healvi-chat/healvi-go/api/internal/safetext"
)

// operation is an operation of openapi.yaml, as CheckBody needs it to
// decode a response: internal/apigen writes the table, operations, into
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
	// decode decodes a body into the documented type, tracking its drift
	// with t; nil when the response has no JSON body.
	decode func(body []byte, t *tracker) error
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

// invalid wraps what is wrong with a body in ErrInvalidResponse.
func invalid(err error) error {
	return fmt.Errorf("%w: %w", ErrInvalidResponse, err)
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

// invalidParameter is an argument of a typed method of the operation op
// (its operationId) that the spec rules out, found before anything is
// sent: "healvi: invalid parameter: getConversation: id is 0, want at
// least 1". A number or an enum's value is shown; a string checked for its
// length shows only its length (characters), an array its number of items.
func invalidParameter(op, name string, value any, want string) error {
	if s, ok := value.(fmt.Stringer); ok {
		return fmt.Errorf("%w: %s: %s is %s, want %s", ErrInvalidParameter, op, name, s, want)
	}
	return fmt.Errorf("%w: %s: %s is %#v, want %s", ErrInvalidParameter, op, name, value, want)
}

// characters is a string's length in characters, as a typed method's
// check of a parameter's minLength or maxLength reports it.
//
//lint:ignore U1000 the typed methods of a spec with such a parameter use it; openapi.yaml has none yet
type characters int

func (n characters) String() string { return fmt.Sprintf("%d characters long", int(n)) }

// items is an array's length, as a typed method's check of a parameter's
// minItems or maxItems reports it.
//
//lint:ignore U1000 the typed methods of a spec with such a parameter use it; openapi.yaml has none yet
type items int

func (n items) String() string { return fmt.Sprintf("%d items", int(n)) }

// notTheResult is the error of a typed method whose response is not the
// one it returns (status, such as "200"): a non-2xx from a client without
// New's transport is the *APIError New's would have made, and another
// documented 2xx is ErrInvalidResponse.
func notTheResult(resp *http.Response, body []byte, status string) error {
	if resp.StatusCode/100 != 2 {
		return newAPIError(resp, body, nil)
	}
	return newAPIError(resp, body, invalid(specErrorf("status %d is not the %s this method returns", resp.StatusCode, status)))
}

// undocumentedStatus is a 2xx status the operation does not document.
func undocumentedStatus(code int) error {
	return specErrorf("status %d is not one the operation documents", code)
}

// CheckBody decodes body, the response of the operation operationID (as
// openapi.yaml names it, such as getConversation) with status, as the
// client's methods decode it, and returns the drift it found: how the body
// differs from the spec in ways the client tolerates. The error is one the
// methods would return: [ErrInvalidResponse] for a body that cannot be
// used (not JSON, of a type the model cannot hold, an envelope without its
// resource) or a 2xx status the operation does not document; and an error
// for an unknown operationID or a status that is not 2xx. It quotes no
// value of the body.
//
// It is for tools that fetch or keep a response themselves: the healvi
// CLI checks with it what `healvi get PATH` fetched.
func CheckBody(operationID string, status int, body []byte) ([]Drift, error) {
	var op *operation
	for i := range operations {
		if operations[i].id == operationID {
			op = &operations[i]
		}
	}
	switch {
	case op == nil:
		return nil, fmt.Errorf("healvi: openapi.yaml has no operation %q", operationID)
	case status/100 != 2:
		return nil, fmt.Errorf("healvi: %s: status %d is no success", operationID, status)
	}
	fail := func(err error) error {
		return fmt.Errorf("healvi: %s %d: %w", operationID, status, describeBodyError(err))
	}
	doc := op.response(status)
	if doc == nil {
		return nil, fail(undocumentedStatus(status))
	}
	if doc.decode == nil {
		return nil, nil
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, fail(specErrorf("empty body"))
	}
	var t tracker
	if err := doc.decode(body, &t); err != nil {
		return nil, fail(err)
	}
	drift := make([]Drift, len(t.Found))
	for i, f := range t.Found {
		drift[i] = Drift{Operation: operationID, Status: status, Pointer: f.Pointer, Kind: DriftKind(f.Kind), Schema: f.Schema}
	}
	return drift, nil
}
