// Package contract is openapi.yaml, the API's contract, as kin-openapi
// reads it: loaded and validated once, with one router over its operations
// and the checks of a request and of a response against it. The fake
// server (healvitest) and the CLI route and check by it, so that every
// operation the spec gains is routed and checked alike everywhere, with
// nothing written for it.
//
// Paths are routed below a base path: the fake serves the API under
// /third-party/v1, the CLI takes paths below the base URL, at "/". The
// checks leave authentication aside (the caller checks a token itself),
// report every failing value at once, validate formats (uuid included,
// without changing kin-openapi's global formats) and quote no value of a
// body: they say where it is wrong and what the spec expected.
//
// Its signatures hand out kin-openapi's own types (*openapi3.T,
// *routers.Route), which the checks need anyway: a program that uses this
// package builds against the kin-openapi this module requires, and a
// release of this module that moves to a kin-openapi with other types
// says so in its changelog. The client (package api) does not use it.
package contract

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	healvi "github.com/healvi-chat/healvi-go"
)

// Contract is an OpenAPI document with a router over its operations. It is
// safe for use by many goroutines; neither it nor its document may be
// changed once made.
type Contract struct {
	doc        *openapi3.T
	router     routers.Router
	operations []Operation
}

// Operation is one operation of the document, as a listing names it.
type Operation struct {
	// Method is the HTTP method, upper case, such as GET.
	Method string
	// Path is the path template, such as /conversations/{id}.
	Path string
	// ID is the operationId, such as getConversation; "" when it has none.
	ID string
	// Summary is the operation's summary, such as "Show conversation by ID.".
	Summary string
}

var embedded = sync.OnceValues(func() (*Contract, error) {
	doc, err := openapi3.NewLoader().LoadFromData(healvi.OpenAPI())
	if err != nil {
		return nil, fmt.Errorf("contract: loading openapi.yaml: %w", err)
	}
	return New(doc)
})

// Load returns the contract of openapi.yaml as embedded in this module
// (healvi.OpenAPI). It is loaded and validated on the first call; later
// calls return the same Contract, or the same error.
func Load() (*Contract, error) { return embedded() }

// New returns the contract of doc, a document loaded with its references
// resolved (as openapi3.Loader does), or an error if doc is not valid
// OpenAPI. The Contract keeps doc: do not change it afterwards.
func New(doc *openapi3.T) (*Contract, error) {
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("contract: openapi.yaml is invalid: %w", err)
	}
	// The document's servers are hosts (a tenant's templated https URL)
	// that no request to a fake or a CLI path matches. A copy without
	// servers routes the path alone; Route takes off the base path first.
	local := *doc
	local.Servers = nil
	router, err := legacy.NewRouter(&local)
	if err != nil {
		return nil, fmt.Errorf("contract: routing openapi.yaml: %w", err)
	}
	c := &Contract{doc: doc, router: router}
	for _, path := range doc.Paths.InMatchingOrder() {
		for method, op := range doc.Paths.Value(path).Operations() {
			c.operations = append(c.operations, Operation{Method: method, Path: path, ID: op.OperationID, Summary: op.Summary})
		}
	}
	slices.SortFunc(c.operations, func(a, b Operation) int {
		if n := strings.Compare(a.Path, b.Path); n != 0 {
			return n
		}
		return methodOrder(a.Method) - methodOrder(b.Method)
	})
	return c, nil
}

// Spec returns the document, as loaded. Do not change it.
func (c *Contract) Spec() *openapi3.T { return c.doc }

// Operations returns every operation of the document, sorted by path
// template and, within a path, in the order GET, POST, PUT, PATCH,
// DELETE, then the others: the list to show for a request that matches
// none.
func (c *Contract) Operations() []Operation { return slices.Clone(c.operations) }

// methodOrder ranks the methods of one path for a listing.
func methodOrder(method string) int {
	for i, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		if m == method {
			return i
		}
	}
	return 5
}

// Example is the documented example of a media type, as the fake answers
// with it: its example, or the first of its named examples by name; false
// when it documents none.
func Example(media *openapi3.MediaType) (any, bool) {
	if media == nil {
		return nil, false
	}
	if media.Example != nil {
		return media.Example, true
	}
	names := make([]string, 0, len(media.Examples))
	for name, ex := range media.Examples {
		if ex != nil && ex.Value != nil && ex.Value.Value != nil {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return nil, false
	}
	sort.Strings(names)
	return media.Examples[names[0]].Value.Value, true
}
