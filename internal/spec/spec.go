// Package spec loads and checks openapi.yaml with kin-openapi, for this
// repository's tests: the spec must be valid OpenAPI 3 with valid examples,
// and must describe every field of the vendor's example response.
package spec

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/healvi-chat/healvi-go/api/contract"
)

// Load reads the OpenAPI document at path, resolves its references and
// validates it, examples included.
func Load(ctx context.Context, path string) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", path, err)
	}
	if err := doc.Validate(ctx, openapi3.EnableExamplesValidation()); err != nil {
		return nil, fmt.Errorf("validate %s: %w", path, err)
	}
	return doc, nil
}

// UndescribedFields returns, sorted, the paths (such as "data.user.email")
// of the fields in value, a decoded JSON document, that schema does not
// describe as a property. Array elements are walked with "[]" in the path.
// A schema with additionalProperties and no properties of its own is
// free-form: its fields count as described.
func UndescribedFields(schema *openapi3.Schema, value any) []string {
	var missing []string
	walk(schema, value, "", &missing)
	sort.Strings(missing)
	return missing
}

func walk(schema *openapi3.Schema, value any, path string, missing *[]string) {
	switch v := value.(type) {
	case map[string]any:
		props := properties(schema)
		if len(props) == 0 && freeForm(schema) {
			return
		}
		for key, child := range v {
			childPath := key
			if path != "" {
				childPath = path + "." + key
			}
			prop, ok := props[key]
			if !ok {
				*missing = append(*missing, childPath)
				continue
			}
			walk(prop, child, childPath, missing)
		}
	case []any:
		items := itemsOf(schema)
		for _, child := range v {
			if items == nil {
				*missing = append(*missing, path+"[]")
				return
			}
			walk(items, child, path+"[]", missing)
		}
	}
}

// properties gathers a schema's properties, those of its allOf members too.
func properties(s *openapi3.Schema) map[string]*openapi3.Schema {
	out := map[string]*openapi3.Schema{}
	if s == nil {
		return out
	}
	for name, ref := range s.Properties {
		out[name] = ref.Value
	}
	for _, member := range s.AllOf {
		for name, p := range properties(member.Value) {
			out[name] = p
		}
	}
	return out
}

func itemsOf(s *openapi3.Schema) *openapi3.Schema {
	if s == nil {
		return nil
	}
	if s.Items != nil {
		return s.Items.Value
	}
	for _, member := range s.AllOf {
		if items := itemsOf(member.Value); items != nil {
			return items
		}
	}
	return nil
}

func freeForm(s *openapi3.Schema) bool {
	ap := s.AdditionalProperties
	return (ap.Has != nil && *ap.Has) || ap.Schema != nil
}

// Example is an operation's documented exchange: a request that asks for
// the documented answer, and that answer.
type Example struct {
	// Method is the operation's method, such as POST.
	Method string
	// Target is the operation's path with each path parameter filled and
	// the required query parameters set, such as /conversations/123.
	Target string
	// Header holds the required header parameters; empty when there are
	// none.
	Header http.Header
	// Body is the documented example of the JSON request body, nil when
	// the operation documents none; send it as application/json.
	Body []byte
	// Status is the status of the documented answer: the first 2xx
	// response with a JSON example, or with no content.
	Status int
	// Response is the documented answer's example, as encoding/json
	// decodes it; nil for an answer with no content.
	Response any
}

// ExampleRequest returns the documented exchange of op, the operation
// method of path. Its path parameters are filled with a value the
// parameter's schema allows (its example, its first enum value, its
// minimum, a valid uuid for format uuid, ...), but for the path's last
// segment: a parameter there picks the resource of the answer, and is
// filled with the example resource's (its data's, or its own) value of
// that name where it has one, as the id of GET /conversations/{id}. A
// parameter elsewhere names another resource (the conversation of POST
// /conversations/{id}/messages, whose answer is the new message), so the
// example's values are not its. Tests use it to call every operation of
// the spec without naming any.
func ExampleRequest(method, path string, op *openapi3.Operation) Example {
	ex := Example{Method: strings.ToUpper(method), Target: path, Header: http.Header{}}
	ex.Status, ex.Response = documentedAnswer(op)
	if op.RequestBody != nil && op.RequestBody.Value != nil {
		if media := op.RequestBody.Value.Content.Get("application/json"); media != nil {
			if v, ok := contract.Example(media); ok {
				ex.Body, _ = json.Marshal(v)
			}
		}
	}
	resource, _ := ex.Response.(map[string]any)
	if data, ok := resource["data"].(map[string]any); ok {
		resource = data
	}
	segs := strings.Split(strings.Trim(path, "/"), "/")
	last := segs[len(segs)-1]
	query := url.Values{}
	for _, ref := range op.Parameters {
		p := ref.Value
		if p == nil || (p.In != "path" && !p.Required) {
			continue
		}
		value := parameterValue(p)
		if p.In == "path" && last == "{"+p.Name+"}" && resource[p.Name] != nil {
			v, _ := json.Marshal(resource[p.Name])
			value = strings.Trim(string(v), `"`)
		}
		switch p.In {
		case "path":
			ex.Target = strings.Replace(ex.Target, "{"+p.Name+"}", url.PathEscape(value), 1)
		case "query":
			query.Add(p.Name, value)
		case "header":
			ex.Header.Set(p.Name, value)
		}
	}
	if len(query) > 0 {
		ex.Target += "?" + query.Encode()
	}
	return ex
}

// documentedAnswer returns the first 2xx response of op (by status) with a
// JSON example, which it returns as encoding/json decodes it, or with no
// content; 0 and nil when there is none.
func documentedAnswer(op *openapi3.Operation) (int, any) {
	if op.Responses == nil {
		return 0, nil
	}
	codes := make([]string, 0, op.Responses.Len())
	for code := range op.Responses.Map() {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		status, err := strconv.Atoi(code)
		ref := op.Responses.Value(code)
		if err != nil || status/100 != 2 || ref.Value == nil {
			continue
		}
		if len(ref.Value.Content) == 0 {
			return status, nil
		}
		media := ref.Value.Content.Get("application/json")
		if media == nil {
			continue
		}
		if v, ok := contract.Example(media); ok {
			var decoded any
			b, _ := json.Marshal(v)
			_ = json.Unmarshal(b, &decoded)
			return status, decoded
		}
	}
	return 0, nil
}

// parameterValue is a value p allows: its example, or one its schema does.
func parameterValue(p *openapi3.Parameter) string {
	if p.Example != nil {
		return fmt.Sprint(p.Example)
	}
	if p.Schema == nil || p.Schema.Value == nil {
		return "x"
	}
	return schemaValue(p.Schema.Value)
}

// exampleUUID is the uuid schemaValue gives a uuid; the fixture's customer.
const exampleUUID = "0b6e4a6e-7d0c-4a43-9d2a-3f1f4b0e5c11"

// schemaValue is a value of s, in a parameter's text form: its example,
// default or first enum value, else the least its type and format allow.
// An array is one item of it, which style form sends as name=value.
func schemaValue(s *openapi3.Schema) string {
	switch {
	case s.Example != nil:
		return fmt.Sprint(s.Example)
	case s.Default != nil:
		return fmt.Sprint(s.Default)
	case len(s.Enum) > 0:
		return fmt.Sprint(s.Enum[0])
	}
	switch {
	case s.Type.Is(openapi3.TypeArray) && s.Items != nil && s.Items.Value != nil:
		return schemaValue(s.Items.Value)
	case s.Type.Is(openapi3.TypeInteger), s.Type.Is(openapi3.TypeNumber):
		if s.Min == nil {
			return "1"
		}
		n := int64(math.Ceil(*s.Min))
		if s.ExclusiveMin.IsTrue() {
			n++
		}
		return strconv.FormatInt(n, 10)
	case s.Type.Is(openapi3.TypeBoolean):
		return "true"
	}
	switch s.Format {
	case "uuid":
		return exampleUUID
	case "date":
		return "2023-01-01"
	case "date-time":
		return "2023-01-01T12:00:00Z"
	}
	return strings.Repeat("x", max(1, int(s.MinLength)))
}
