package healvitest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	healvi "github.com/healvi-chat/healvi-go"
)

// BasePath is the path under which a Healvi chat instance serves the API,
// and so the path of every Server's URL.
const BasePath = "/third-party/v1"

// contract checks requests and responses against openapi.yaml, and knows
// each operation's default answer.
type contract struct {
	doc      *openapi3.T
	router   routers.Router
	examples map[*openapi3.Operation]*example
}

var loadSpec = sync.OnceValues(func() (*openapi3.T, error) {
	doc, err := openapi3.NewLoader().LoadFromData(healvi.OpenAPI())
	if err != nil {
		return nil, fmt.Errorf("healvitest: loading openapi.yaml: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("healvitest: openapi.yaml is invalid: %w", err)
	}
	return doc, nil
})

func newContract() (*contract, error) {
	doc, err := loadSpec()
	if err != nil {
		return nil, err
	}
	// The spec's server is the tenant's templated https host, which a
	// loopback request never matches. A copy whose only server is the base
	// path matches any host the client dialled (127.0.0.1:port, localhost,
	// or another address of `healvi serve`), and only under BasePath.
	local := *doc
	local.Servers = openapi3.Servers{{URL: BasePath}}
	router, err := legacy.NewRouter(&local)
	if err != nil {
		return nil, fmt.Errorf("healvitest: routing openapi.yaml: %w", err)
	}
	return &contract{doc: doc, router: router, examples: examples(doc)}, nil
}

// route finds the operation of r.
func (c *contract) route(r *http.Request) (*routers.Route, map[string]string, error) {
	route, params, err := c.router.FindRoute(r)
	if err != nil {
		return nil, nil, fmt.Errorf("%s %s matches no operation of openapi.yaml: %v", r.Method, r.URL.EscapedPath(), err)
	}
	return route, params, nil
}

// checkRequest validates r against its operation, authentication aside:
// the server checks the token itself.
func (c *contract) checkRequest(r *http.Request, route *routers.Route, params map[string]string) (*openapi3filter.RequestValidationInput, error) {
	in := &openapi3filter.RequestValidationInput{
		Request:    r,
		PathParams: params,
		Route:      route,
		Options:    &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true},
	}
	if err := openapi3filter.ValidateRequest(r.Context(), in); err != nil {
		return in, fmt.Errorf("request %s %s breaks openapi.yaml: %s", r.Method, r.URL.EscapedPath(), oneLine(err))
	}
	return in, nil
}

// resolve finds what a route of Respond names: an operationId, a method
// and a path template of the spec, or a method and a concrete path below
// BasePath. For a concrete path it also returns the key it answers by.
func (c *contract) resolve(route string) (op *openapi3.Operation, pathKey string, err error) {
	method, path, ok := strings.Cut(strings.TrimSpace(route), " ")
	if !ok {
		for _, p := range c.doc.Paths.InMatchingOrder() {
			for _, o := range c.doc.Paths.Value(p).Operations() {
				if o.OperationID == route {
					return o, "", nil
				}
			}
		}
		return nil, "", fmt.Errorf("Respond(%q): openapi.yaml has no operation with that operationId", route)
	}
	method, path = strings.ToUpper(method), strings.TrimSpace(path)
	if strings.Contains(path, "{") {
		if item := c.doc.Paths.Value(path); item != nil {
			if o := item.GetOperation(method); o != nil {
				return o, "", nil
			}
		}
		return nil, "", fmt.Errorf("Respond(%q): openapi.yaml has no operation %s %s", route, method, path)
	}
	u, err := url.Parse(BasePath + "/" + strings.TrimPrefix(path, "/"))
	if err != nil {
		return nil, "", fmt.Errorf("Respond(%q): %v", route, err)
	}
	r, _ := c.routeURL(method, u)
	if r == nil {
		return nil, "", fmt.Errorf("Respond(%q): %s %s matches no operation of openapi.yaml", route, method, path)
	}
	return r.Operation, pathKeyOf(method, strings.TrimPrefix(u.EscapedPath(), BasePath)), nil
}

// documents returns "" if op documents an answer with status and content
// type (its media type; "" stands for application/json), and else what it
// lacks, such as `openapi.yaml documents no "text/html" body for a 403
// response of getConversation (only application/json)`.
func documents(op *openapi3.Operation, status int, contentType string) string {
	name := op.OperationID
	if name == "" {
		name = "the operation"
	}
	if op.Responses == nil {
		return fmt.Sprintf("openapi.yaml documents no response of %s", name)
	}
	ref := op.Responses.Status(status)
	if ref == nil {
		ref = op.Responses.Default()
	}
	if ref == nil || ref.Value == nil {
		return fmt.Sprintf("openapi.yaml documents no %d response of %s", status, name)
	}
	content := ref.Value.Content
	if len(content) == 0 {
		return "" // no body documented; the body is checked when served
	}
	if contentType == "" {
		contentType = "application/json"
	}
	if content.Get(contentType) != nil {
		return ""
	}
	documented := make([]string, 0, len(content))
	for mt := range content {
		documented = append(documented, mt)
	}
	sort.Strings(documented)
	return fmt.Sprintf("openapi.yaml documents no %q body for a %d response of %s (only %s)", contentType, status, name, strings.Join(documented, ", "))
}

// routeURL finds the operation of a method and a URL alone.
func (c *contract) routeURL(method string, u *url.URL) (*routers.Route, error) {
	r, _, err := c.router.FindRoute(&http.Request{Method: method, URL: u, Host: "localhost"})
	return r, err
}

// pathKeyOf is the key of an answer scripted for a concrete path.
func pathKeyOf(method, escapedPath string) string {
	return method + " " + strings.TrimSuffix(escapedPath, "/")
}

// checkResponse validates a response to the request in in.
func (c *contract) checkResponse(in *openapi3filter.RequestValidationInput, status int, header http.Header, body []byte) error {
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 status,
		Header:                 header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(in.Request.Context(), out); err != nil {
		return fmt.Errorf("response %d to %s %s breaks openapi.yaml: %s", status, in.Request.Method, in.Request.URL.EscapedPath(), oneLine(err))
	}
	return nil
}

// oneLine folds kin-openapi's errors, which quote the schema and the value
// over many lines and show only the first of several failing fields, into
// one line naming each failing field.
func oneLine(err error) string {
	var re *openapi3filter.ResponseError
	if errors.As(err, &re) && re.Err != nil {
		var fields []string
		schemaErrors(re.Err, &fields)
		return re.Reason + ": " + strings.Join(fields, "; ")
	}
	return fold(err.Error())
}

// schemaErrors lists each innermost schema error in err, at its JSON pointer.
func schemaErrors(err error, out *[]string) {
	var me openapi3.MultiError
	var se, inner *openapi3.SchemaError
	switch {
	case errors.As(err, &me):
		for _, e := range me {
			schemaErrors(e, out)
		}
	case errors.As(err, &se) && (errors.As(se.Origin, &me) || errors.As(se.Origin, &inner)):
		schemaErrors(se.Origin, out)
	case errors.As(err, &se):
		// A format error's origin is the format validator's own error,
		// which adds a regular expression and nothing a reader needs.
		*out = append(*out, fmt.Sprintf("at %q: %s", "/"+strings.Join(se.JSONPointer(), "/"), se.Reason))
	default:
		*out = append(*out, fold(err.Error()))
	}
}

// fold cuts "Schema: ... Value: ..." from an error text and joins its lines.
func fold(s string) string {
	if i := strings.Index(s, "\nSchema:"); i >= 0 {
		s = s[:i]
	}
	return strings.Join(strings.Fields(s), " ")
}
