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

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"

	"github.com/healvi-chat/healvi-go/api/contract"
)

// routes are the operations of an OpenAPI document (the embedded
// openapi.yaml, or a test's), which `healvi api` and `healvi get` reach
// and check requests against: a new operation in the spec is a new
// request the commands take, with nothing written for it here. Routing
// and checking are api/contract's, the fake server's too: one router.
//
// This file is the CLI's only view of routing and request checking: the
// rest of the CLI builds routes with loadRoutes (or loadRoutesFrom, in
// tests), finds and checks a request with match, lists the operations
// with list, finds one by operationId with byID, and reads the
// operation of the route they return (documentsHeader, bodySchema, and
// check's drift).
type routes struct {
	doc      *openapi3.T
	contract *contract.Contract
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
	c, err := contract.Load()
	if err != nil {
		return nil, err
	}
	return &routes{doc: c.Spec(), contract: c}, nil
}

// loadRoutesFrom returns the routes of doc, which it does not change.
func loadRoutesFrom(doc *openapi3.T) (*routes, error) {
	c, err := contract.New(doc)
	if err != nil {
		return nil, err
	}
	return &routes{doc: doc, contract: c}, nil
}

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
	route, params, err := r.contract.Route(hr, "/")
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
	if err := r.contract.CheckRequest(context.Background(), hr, route, params); err != nil {
		var v *contract.ViolationError
		if errors.As(err, &v) {
			return route, fail(strings.Join(v.Violations, "; "))
		}
		return route, fail(firstLine(err.Error()))
	}
	return route, nil
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
	var lines []string
	for _, o := range r.contract.Operations() {
		lines = append(lines, fmt.Sprintf("  %-6s %-40s %s", o.Method, o.Path, o.Summary))
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
