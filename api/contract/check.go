package contract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/healvi-chat/healvi-go/api/internal/safetext"
)

// ViolationError is a request or a response that breaks openapi.yaml. Its
// message is one line, such as `request POST /conversations/5/messages
// breaks openapi.yaml: request body has an error: doesn't match schema
// #/components/schemas/MessageDraft: at "/parts/0/text": minimum string
// length is 1`. It names where each value is wrong and what the spec
// expected, never a value of a body (of a body that is not JSON, the
// character the decoder stopped at may be quoted); a parameter's value,
// which a client sent in the URL, may be, with what a terminal would act
// on escaped (\x1b, \n), as %q escapes it.
type ViolationError struct {
	// Subject names what broke the spec, such as "request POST
	// /third-party/v1/conversations/5/messages" or "response 200 to GET
	// /conversations/5".
	Subject string
	// Violations says what is wrong, one line each, such as `parameter
	// "id" in path has an error: number must be at least 1`: the first
	// 100, and then a last line that says how many more there are.
	Violations []string
	// Err is kin-openapi's error (openapi3filter's RequestError,
	// ResponseError, or an openapi3.MultiError of them).
	Err error
}

// Error reads "SUBJECT breaks openapi.yaml: VIOLATION; VIOLATION".
func (e *ViolationError) Error() string {
	return e.Subject + " breaks openapi.yaml: " + strings.Join(e.Violations, "; ")
}

// Unwrap returns kin-openapi's error.
func (e *ViolationError) Unwrap() error { return e.Err }

// CheckRequest checks r against route, the operation Route found for it,
// with params, the path parameters Route returned: parameters (path,
// query, header, cookie), and the body against the operation's request
// body (a required body missing, a Content-Type it does not document, a
// value its schema does not allow). Authentication is left aside. It reads
// r.Body and puts an equal body back, so that r can still be served or
// sent. A request that breaks the spec gets a *ViolationError; an error
// reading the body is wrapped too (an *http.MaxBytesError, say).
func (c *Contract) CheckRequest(ctx context.Context, r *http.Request, route *routers.Route, params map[string]string) error {
	in := &openapi3filter.RequestValidationInput{
		Request:    r,
		PathParams: params,
		Route:      route,
		Options: &openapi3filter.Options{
			AuthenticationFunc:      openapi3filter.NoopAuthenticationFunc,
			MultiError:              true,
			SchemaValidationOptions: schemaOptions,
		},
	}
	if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
		return &ViolationError{Subject: fmt.Sprintf("request %s %s", r.Method, r.URL.EscapedPath()), Violations: lines(violations(err)), Err: err}
	}
	return nil
}

// CheckResponse checks a response to r (routed to route with params) with
// status, header and body, as sent: its status must be one the operation
// documents, its Content-Type one documented for that status, its headers
// and body as described. A response that breaks the spec gets a
// *ViolationError.
func (c *Contract) CheckResponse(ctx context.Context, r *http.Request, route *routers.Route, params map[string]string, status int, header http.Header, body []byte) error {
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route},
		Status:                 status,
		Header:                 header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{
			IncludeResponseStatus:   true,
			MultiError:              true,
			SchemaValidationOptions: schemaOptions,
		},
	}
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		return &ViolationError{Subject: fmt.Sprintf("response %d to %s %s", status, r.Method, r.URL.EscapedPath()), Violations: lines(violations(err)), Err: err}
	}
	return nil
}

// schemaOptions are the options of every check. The formats are given
// per check rather than with openapi3.DefineStringFormatValidator, which
// changes a map every program that uses kin-openapi shares, unlocked.
var schemaOptions = []openapi3.SchemaValidationOption{
	openapi3.WithStringFormatValidators(map[string]openapi3.StringFormatValidator{
		"uuid": openapi3.NewCallbackValidator(checkUUID),
		// kin-openapi's own, saying what the format is rather than
		// quoting its regular expression.
		"date":      explained(openapi3.SchemaStringFormats["date"], "not a date of RFC 3339, such as 2023-01-01"),
		"date-time": explained(openapi3.SchemaStringFormats["date-time"], "not a date-time of RFC 3339, such as 2023-01-01T12:00:00Z"),
	}),
	// A schema error's message quotes the schema and the value, which can
	// be a customer's data; without details it says where and why.
	openapi3.DisableSchemaErrorDetails(),
}

// explained is v with its error replaced by what, which names no value.
func explained(v openapi3.StringFormatValidator, what string) openapi3.StringFormatValidator {
	err := errors.New(what)
	return openapi3.NewCallbackValidator(func(s string) error {
		if v.Validate(s) != nil {
			return err
		}
		return nil
	})
}

// errNotUUID says what a uuid is, without the value.
var errNotUUID = errors.New("not a UUID: 32 hexadecimal digits in groups of 8-4-4-4-12, such as 0b6e4a6e-7d0c-4a43-9d2a-3f1f4b0e5c11")

// checkUUID accepts a UUID in its text form, whatever its version and
// variant, as JSON Schema's uuid format does: a server may hand out any.
func checkUUID(s string) error {
	if len(s) != 36 {
		return errNotUUID
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if c != '-' {
				return errNotUUID
			}
		case '0' <= c && c <= '9', 'a' <= c && c <= 'f', 'A' <= c && c <= 'F':
		default:
			return errNotUUID
		}
	}
	return nil
}

// maxViolations bounds the violations a ViolationError lists: a body of
// a few hundred KiB can break its schema a hundred thousand times (an
// array of empty objects), and one line for each would make a message of
// tens of MiB, printed whole by a CLI and sent back whole by a fake.
const maxViolations = 100

// lines makes violations fit to print: control characters escaped (a
// parameter's value, percent-decoded from the URL, can hold an escape
// sequence or a newline), and at most maxViolations of them.
func lines(violations []string) []string {
	if n := len(violations); n > maxViolations {
		violations = append(violations[:maxViolations], fmt.Sprintf("and %d more violations", n-maxViolations))
	}
	for i, v := range violations {
		violations[i] = safetext.Escape(v)
	}
	return violations
}

// violations folds kin-openapi's error, which can hold many errors each
// with nested schema errors, into one line for each failing value: what
// failed (a parameter, the body) and, for a value of a body, its JSON
// pointer and the reason.
func violations(err error) []string {
	var out []string
	// Many errors come as a MultiError itself; one error can wrap a
	// MultiError of its reasons, which errors.As would find too.
	if me, ok := err.(openapi3.MultiError); ok {
		for _, e := range me {
			out = append(out, violations(e)...)
		}
		return out
	}
	var req *openapi3filter.RequestError
	var resp *openapi3filter.ResponseError
	switch {
	case errors.As(err, &req):
		prefix := req.Reason
		switch {
		case req.Parameter != nil:
			prefix = fmt.Sprintf("parameter %q in %s has an error", req.Parameter.Name, req.Parameter.In)
			if req.Reason != "" {
				prefix += ": " + req.Reason
			}
		case req.RequestBody != nil:
			prefix = "request body has an error"
			if req.Reason != "" {
				prefix += ": " + req.Reason
			}
		}
		out = withSchemaErrors(out, prefix, req.Err, req.RequestBody != nil, req.Error())
	case errors.As(err, &resp):
		out = withSchemaErrors(out, resp.Reason, resp.Err, strings.HasPrefix(resp.Reason, "response body"), resp.Error())
	default:
		out = append(out, fold(err.Error()))
	}
	return out
}

// withSchemaErrors appends a line for each innermost schema error in err,
// after prefix; in a body, each at its JSON pointer. When err holds none,
// it appends whole, err's full message folded to one line.
func withSchemaErrors(out []string, prefix string, err error, inBody bool, whole string) []string {
	var found []string
	schemaErrors(err, inBody, &found)
	if len(found) == 0 {
		return append(out, fold(whole))
	}
	for _, f := range found {
		if prefix != "" {
			f = prefix + ": " + f
		}
		out = append(out, f)
	}
	return out
}

// schemaErrors lists each innermost schema error in err.
func schemaErrors(err error, inBody bool, out *[]string) {
	if err == nil {
		return
	}
	var me openapi3.MultiError
	var se, inner *openapi3.SchemaError
	switch {
	case errors.As(err, &me):
		for _, e := range me {
			schemaErrors(e, inBody, out)
		}
	case errors.As(err, &se) && (errors.As(se.Origin, &me) || errors.As(se.Origin, &inner)):
		schemaErrors(se.Origin, inBody, out)
	case errors.As(err, &se):
		// A format error's origin is the format validator's own error,
		// which adds a regular expression and nothing a reader needs.
		if inBody {
			*out = append(*out, fmt.Sprintf("at %q: %s", "/"+strings.Join(se.JSONPointer(), "/"), se.Reason))
		} else {
			*out = append(*out, se.Reason)
		}
	}
}

// fold cuts "Schema: ... Value: ..." from an error text and joins its lines.
func fold(s string) string {
	if i := strings.Index(s, "\nSchema:"); i >= 0 {
		s = s[:i]
	}
	return strings.Join(strings.Fields(s), " ")
}
