package healvitest

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"

	"github.com/healvi-chat/healvi-go/api/contract"
)

// BasePath is the path under which a Healvi chat instance serves the API,
// and so the path of every Server's URL.
const BasePath = "/third-party/v1"

// oracle is what the server knows of openapi.yaml: the contract it routes
// and checks every request and response by, and each operation's default
// answer.
type oracle struct {
	contract *contract.Contract
	examples map[*openapi3.Operation]*example
}

// loadOracle is the oracle of the embedded openapi.yaml.
func loadOracle() (*oracle, error) {
	c, err := contract.Load()
	if err != nil {
		return nil, fmt.Errorf("healvitest: %w", err)
	}
	return &oracle{contract: c, examples: examples(c.Spec())}, nil
}

// newOracle is the oracle of doc, another document than the embedded
// one, for this package's tests of kinds of operation openapi.yaml lacks.
func newOracle(doc *openapi3.T) (*oracle, error) {
	c, err := contract.New(doc)
	if err != nil {
		return nil, fmt.Errorf("healvitest: %w", err)
	}
	return &oracle{contract: c, examples: examples(doc)}, nil
}

// route finds the operation of r, below BasePath.
func (o *oracle) route(r *http.Request) (*routers.Route, map[string]string, error) {
	return o.contract.Route(r, BasePath)
}

// checkRequest validates r, body included, against its operation,
// authentication aside: the server checks the token itself.
func (o *oracle) checkRequest(r *http.Request, route *routers.Route, params map[string]string) error {
	return o.contract.CheckRequest(r.Context(), r, route, params)
}

// checkResponse validates an answer a to r.
func (o *oracle) checkResponse(r *http.Request, route *routers.Route, params map[string]string, a answer) error {
	return o.contract.CheckResponse(r.Context(), r, route, params, a.status, a.header, a.body)
}

// resolve finds what a route of Respond names: an operationId, a method
// and a path template of the spec, or a method and a concrete path below
// BasePath. For a concrete path it also returns the key it answers by.
func (o *oracle) resolve(route string) (op *openapi3.Operation, pathKey string, err error) {
	method, path, ok := strings.Cut(strings.TrimSpace(route), " ")
	if !ok {
		doc := o.contract.Spec()
		for _, p := range doc.Paths.InMatchingOrder() {
			for _, op := range doc.Paths.Value(p).Operations() {
				if op.OperationID == route {
					return op, "", nil
				}
			}
		}
		return nil, "", fmt.Errorf("Respond(%q): openapi.yaml has no operation with that operationId", route)
	}
	method, path = strings.ToUpper(method), strings.TrimSpace(path)
	if strings.Contains(path, "{") {
		if item := o.contract.Spec().Paths.Value(path); item != nil {
			if op := item.GetOperation(method); op != nil {
				return op, "", nil
			}
		}
		return nil, "", fmt.Errorf("Respond(%q): openapi.yaml has no operation %s %s", route, method, path)
	}
	u, err := url.Parse(BasePath + "/" + strings.TrimPrefix(path, "/"))
	if err != nil {
		return nil, "", fmt.Errorf("Respond(%q): %v", route, err)
	}
	r, _, err := o.route(&http.Request{Method: method, URL: u})
	if err != nil {
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

// pathKeyOf is the key of an answer scripted for a concrete path.
func pathKeyOf(method, escapedPath string) string {
	return method + " " + strings.TrimSuffix(escapedPath, "/")
}
