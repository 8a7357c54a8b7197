package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	healvispec "github.com/healvi-chat/healvi-go"
)

// routes are the GET operations of the embedded openapi.yaml, which
// `healvi get PATH` reaches: a new operation in the spec is a new path the
// command takes, with nothing written for it here.
type routes struct {
	doc    *openapi3.T
	router routers.Router
}

func loadRoutes() (*routes, error) {
	doc, err := openapi3.NewLoader().LoadFromData(healvispec.OpenAPI())
	if err != nil {
		return nil, fmt.Errorf("loading the embedded openapi.yaml: %w", err)
	}
	// Paths are given below the base URL, so the router's only server is /.
	local := *doc
	local.Servers = openapi3.Servers{{URL: "/"}}
	router, err := legacy.NewRouter(&local)
	if err != nil {
		return nil, fmt.Errorf("routing the embedded openapi.yaml: %w", err)
	}
	return &routes{doc: doc, router: router}, nil
}

// match finds the GET operation of path (below the base URL, with its
// query) and checks the path's parameters and the query against it. The
// error says what is wrong, in terms of the spec.
func (r *routes) match(path string) (*routers.Route, error) {
	u, err := url.Parse(path)
	if err != nil || !strings.HasPrefix(u.Path, "/") || u.Host != "" {
		return nil, fmt.Errorf("path %q must start with / and be relative to the base URL, such as /conversations/123", path)
	}
	req := &http.Request{Method: http.MethodGet, URL: u, Header: http.Header{}, Host: "localhost"}
	route, params, err := r.router.FindRoute(req)
	if err != nil {
		return nil, fmt.Errorf("GET %q matches no operation of the API; these are the ones it has:\n%s", path, r.list())
	}
	in := &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
	}
	if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
		return nil, fmt.Errorf("GET %q does not fit %s %s: %s", path, route.Method, route.Path, firstLine(err.Error()))
	}
	return route, nil
}

// list writes the GET operations, one a line: path template and summary.
func (r *routes) list() string {
	var lines []string
	for _, path := range r.doc.Paths.InMatchingOrder() {
		if op := r.doc.Paths.Value(path).Get; op != nil {
			lines = append(lines, fmt.Sprintf("  %-40s %s", path, op.Summary))
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// bodySchema names the component schema of a route's 200 JSON body, such
// as "ConversationResponse", or "" when it has none.
func bodySchema(route *routers.Route) string {
	resp := route.Operation.Responses.Status(http.StatusOK)
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
