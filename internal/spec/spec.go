// Package spec loads and checks openapi.yaml with kin-openapi, for this
// repository's tests: the spec must be valid OpenAPI 3 with valid examples,
// and must describe every field of the vendor's example response.
package spec

import (
	"context"
	"fmt"
	"sort"

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
