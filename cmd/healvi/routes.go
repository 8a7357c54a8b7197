package main

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

	healvispec "github.com/healvi-chat/healvi-go"
)

// routes are the operations of an OpenAPI document (the embedded
// openapi.yaml, or a test's), which `healvi api` and `healvi get` reach
// and check requests against: a new operation in the spec is a new
// request the commands take, with nothing written for it here.
//
// This file is the CLI's only view of routing and request checking: the
// rest of the CLI builds routes with loadRoutes (or loadRoutesFrom, in
// tests), finds and checks a request with match, lists the operations
// with list, finds one by operationId with byID, and reads the
// operation of the route they return (documentsHeader, bodySchema, and
// check's drift).
type routes struct {
	doc    *openapi3.T
	router routers.Router
}

// A request is a call of the API as the command line gives it, before
// it is sent.
type request struct {
	method string      // upper case, such as POST
	path   string      // below the base URL, starting with /, query included
	header http.Header // the header parameters given with -H, or nil
	body   []byte      // the JSON body; nil for none
}

// loadRoutes returns the routes of the embedded openapi.yaml.
func loadRoutes() (*routes, error) {
	doc, err := openapi3.NewLoader().LoadFromData(healvispec.OpenAPI())
	if err != nil {
		return nil, fmt.Errorf("loading the embedded openapi.yaml: %w", err)
	}
	return loadRoutesFrom(doc)
}

// loadRoutesFrom returns the routes of doc, which it does not change.
func loadRoutesFrom(doc *openapi3.T) (*routes, error) {
	defineFormats()
	// Paths are given below the base URL, so the router's only server is /.
	local := *doc
	local.Servers = openapi3.Servers{{URL: "/"}}
	router, err := legacy.NewRouter(&local)
	if err != nil {
		return nil, fmt.Errorf("routing openapi.yaml: %w", err)
	}
	return &routes{doc: doc, router: router}, nil
}

// defineFormats makes kin-openapi check format: uuid, which it leaves
// unchecked unless told: a malformed UUID is then refused before it is
// sent, as a malformed integer is.
var defineFormats = sync.OnceFunc(func() {
	if _, ok := openapi3.SchemaStringFormats["uuid"]; !ok {
		openapi3.DefineStringFormatValidator("uuid", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForUUIDOfRFC9562))
	}
})

// match finds the operation of req and checks req against it: the path's
// parameters, the query, the header parameters and the body, which must
// be one the operation documents. The error says what is wrong in terms
// of the spec: the operations there are when none matches, else each
// violation by its parameter, or by its place in the body (a JSON
// pointer) and what the schema wants, never by the body's values. When
// req breaks the operation it found, match returns that route with the
// error.
func (r *routes) match(req request) (*routers.Route, error) {
	u, err := url.Parse(req.path)
	if err != nil || !strings.HasPrefix(u.Path, "/") || u.Host != "" || u.Scheme != "" {
		return nil, fmt.Errorf("path %q must start with / and be relative to the base URL, such as /conversations/123", req.path)
	}
	header := req.header.Clone()
	if header == nil {
		header = http.Header{}
	}
	hr := &http.Request{Method: req.method, URL: u, Header: header, Host: "localhost", Body: http.NoBody}
	if req.body != nil {
		header.Set("Content-Type", "application/json")
		hr.Body = io.NopCloser(bytes.NewReader(req.body))
	}
	route, params, err := r.router.FindRoute(hr)
	if err != nil {
		return nil, fmt.Errorf("%s %q matches no operation of the API; these are the ones it has:\n%s", req.method, req.path, r.list())
	}
	fail := func(why string) error {
		return fmt.Errorf("%s %q does not fit %s %s: %s", req.method, req.path, route.Method, route.Path, why)
	}
	if req.body != nil && route.Operation.RequestBody == nil {
		return route, fail("it documents no request body")
	}
	documented := headerParams(route)
	for name := range req.header {
		if !documented[http.CanonicalHeaderKey(name)] {
			return route, fail(fmt.Sprintf("it documents no header parameter %q (it has %s)", name, names(documented)))
		}
	}
	in := &openapi3filter.RequestValidationInput{
		Request: hr, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true},
	}
	if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
		return route, fail(strings.Join(violations(err), "; "))
	}
	return route, nil
}

// violations names each way a request breaks its operation. A
// SchemaError's text quotes the value and the schema over many lines;
// only its pointer and reason are read, which kin-openapi writes without
// the value.
func violations(err error) []string {
	// Only a MultiError at the top lists request errors; one below a
	// RequestError lists the schema errors of its parameter or body.
	if me, ok := err.(openapi3.MultiError); ok {
		var all []string
		for _, e := range me {
			all = append(all, violations(e)...)
		}
		return all
	}
	var re *openapi3filter.RequestError
	if !errors.As(err, &re) {
		return []string{firstLine(err.Error())}
	}
	ses := schemaErrors(re.Err)
	switch {
	case re.Parameter != nil && len(ses) == 1:
		return []string{fmt.Sprintf("parameter %q in %s has an error: %s", re.Parameter.Name, re.Parameter.In, schemaReason(ses[0]))}
	case re.RequestBody != nil && len(ses) > 0:
		var all []string
		for _, se := range ses {
			all = append(all, bodyViolation(se))
		}
		return all
	case re.RequestBody != nil:
		return []string{"request body: " + firstLine(strings.TrimPrefix(re.Error(), "request body has an error: "))}
	}
	return []string{firstLine(re.Error())}
}

// bodyViolation names a schema error of the request body by the place
// of the value (the object that lacks a required property) and the
// schema's reason, such as `request body at /parts/0: property "text" is
// missing`.
func bodyViolation(se *openapi3.SchemaError) string {
	ptr := se.JSONPointer()
	if se.SchemaField == "required" && len(ptr) > 0 {
		ptr = ptr[:len(ptr)-1] // the pointer names the missing property
	}
	where := "request body"
	if len(ptr) > 0 {
		where += " at " + pointer(ptr)
	}
	return where + ": " + schemaReason(se)
}

// schemaReason is what a schema error says the schema wants: its reason,
// a format named without the regular expression that checks it.
func schemaReason(se *openapi3.SchemaError) string {
	if se.SchemaField == "format" && se.Schema != nil {
		return fmt.Sprintf("string doesn't match the format %q", se.Schema.Format)
	}
	if se.Reason == "" {
		return fmt.Sprintf("doesn't match the schema's %s", se.SchemaField)
	}
	return se.Reason
}

// headerParams are the header parameters route's operation documents,
// by their canonical names.
func headerParams(route *routers.Route) map[string]bool {
	found := map[string]bool{}
	for _, params := range []openapi3.Parameters{route.PathItem.Parameters, route.Operation.Parameters} {
		for _, p := range params {
			if p != nil && p.Value != nil && p.Value.In == openapi3.ParameterInHeader {
				found[http.CanonicalHeaderKey(p.Value.Name)] = true
			}
		}
	}
	return found
}

// documentsHeader reports whether route's operation documents the header
// parameter name, such as Idempotency-Key.
func documentsHeader(route *routers.Route, name string) bool {
	return headerParams(route)[http.CanonicalHeaderKey(name)]
}

// names lists a set's members, sorted, or says there are none.
func names(set map[string]bool) string {
	if len(set) == 0 {
		return "none"
	}
	all := make([]string, 0, len(set))
	for n := range set {
		all = append(all, n)
	}
	sort.Strings(all)
	return strings.Join(all, ", ")
}

// list writes the operations, one a line: method, path template and
// summary, by path and then method.
func (r *routes) list() string {
	type op struct{ method, path, summary string }
	var ops []op
	for _, path := range r.doc.Paths.InMatchingOrder() {
		for method, o := range r.doc.Paths.Value(path).Operations() {
			ops = append(ops, op{method, path, o.Summary})
		}
	}
	sort.Slice(ops, func(i, j int) bool {
		if ops[i].path != ops[j].path {
			return ops[i].path < ops[j].path
		}
		return ops[i].method < ops[j].method
	})
	lines := make([]string, len(ops))
	for i, o := range ops {
		lines[i] = fmt.Sprintf("  %-6s %-40s %s", o.method, o.path, o.summary)
	}
	return strings.Join(lines, "\n")
}

// byID finds the operation with operationId id, as a route.
func (r *routes) byID(id string) (*routers.Route, error) {
	var ids []string
	for _, path := range r.doc.Paths.InMatchingOrder() {
		item := r.doc.Paths.Value(path)
		for method, op := range item.Operations() {
			if op.OperationID == id {
				return &routers.Route{Spec: r.doc, Path: path, PathItem: item, Method: method, Operation: op}, nil
			}
			ids = append(ids, op.OperationID)
		}
	}
	sort.Strings(ids)
	return nil, fmt.Errorf("--operation %q: openapi.yaml has no such operationId; it has %s", id, strings.Join(ids, ", "))
}

// bodySchema names the component schema of the JSON body a route's
// operation documents for status, such as "ConversationResponse", or ""
// when it has none.
func bodySchema(route *routers.Route, status int) string {
	resp := route.Operation.Responses.Status(status)
	if resp == nil || resp.Value == nil {
		return ""
	}
	media := resp.Value.Content.Get("application/json")
	if media == nil || media.Schema == nil {
		return ""
	}
	return strings.TrimPrefix(media.Schema.Ref, "#/components/schemas/")
}

// firstLine keeps kin-openapi's reason and drops the schema it quotes.
func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
