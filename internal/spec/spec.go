// Package spec loads and checks openapi.yaml with kin-openapi, for this
// repository's tests: the spec must be valid OpenAPI 3 with valid examples,
// and must describe every field of the vendor's example response.
package spec

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
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

// ExampleRequest returns the documented example of op's first 2xx JSON
// response, as encoding/json decodes it, and a path that asks for it: the
// operation's path with each path parameter filled with the example's own
// value where its resource (its data, or itself) has one (a resource's
// id), else a value the parameter's schema allows. Tests use it to call
// every operation of the spec without naming any.
func ExampleRequest(path string, op *openapi3.Operation) (example any, target string) {
	codes := make([]string, 0, op.Responses.Len())
	for code := range op.Responses.Map() {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		ref := op.Responses.Value(code)
		if code[0] != '2' || ref.Value == nil || ref.Value.Content.Get("application/json") == nil {
			continue
		}
		media := ref.Value.Content.Get("application/json")
		example = media.Example
		names := make([]string, 0, len(media.Examples))
		for name := range media.Examples {
			names = append(names, name)
		}
		sort.Strings(names)
		if example == nil && len(names) > 0 {
			example = media.Examples[names[0]].Value.Value
		}
		break
	}
	b, _ := json.Marshal(example)
	_ = json.Unmarshal(b, &example)
	resource, _ := example.(map[string]any)
	if data, ok := resource["data"].(map[string]any); ok {
		resource = data
	}
	target = path
	for _, p := range op.Parameters {
		if p.Value.In != "path" {
			continue
		}
		value := "x"
		switch s := p.Value.Schema.Value; {
		case resource[p.Value.Name] != nil:
			v, _ := json.Marshal(resource[p.Value.Name])
			value = strings.Trim(string(v), `"`)
		case p.Value.Example != nil:
			value = fmt.Sprint(p.Value.Example)
		case s.Type.Is(openapi3.TypeInteger) && s.Min != nil:
			value = fmt.Sprint(int64(*s.Min))
		case s.Type.Is(openapi3.TypeInteger):
			value = "1"
		}
		target = strings.Replace(target, "{"+p.Value.Name+"}", value, 1)
	}
	return example, target
}
