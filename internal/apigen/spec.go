package main

import (
	"context"
	"fmt"
	"go/ast"
	"regexp"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// operation is one operation of the spec, matched to its generated Go.
type operation struct {
	id, goName   string // the operationId, and oapi-codegen's Go name for it
	method, path string
	summary      string
	description  string
	pathParams   []*openapi3.Parameter
	params       []*openapi3.Parameter // every parameter: path, query, header, cookie
	responses    []response            // sorted by status key
	wrapper      *wrapper
}

// response is one documented response of an operation.
type response struct {
	status string           // "200", "2XX", "default", ...
	schema *openapi3.Schema // of its application/json body, or nil
	goType ast.Expr         // the Go type of that body, or nil
	// noContent is a response documented without a body, such as a 204.
	noContent bool
}

func (r response) success() bool {
	return r.status == "2XX" || len(r.status) == 3 && r.status[0] == '2'
}

// loadSpec reads and validates the OpenAPI document at path.
func loadSpec(path string) (*openapi3.T, error) {
	doc, err := openapi3.NewLoader().LoadFromFile(path)
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return doc, nil
}

// operations lists the spec's operations, sorted by path and method, each
// matched to the wrapper oapi-codegen generated for it.
func operations(doc *openapi3.T, pkg *goPackage) ([]*operation, error) {
	byNorm := map[string]*wrapper{}
	for name, w := range pkg.wrappers {
		byNorm[normalize(name)] = w
	}
	var ops []*operation
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		for method, op := range item.Operations() {
			w := byNorm[normalize(op.OperationID)]
			if w == nil {
				return nil, fmt.Errorf("%s %s: no generated %sResponse for operationId %q", method, path, op.OperationID, op.OperationID)
			}
			o := &operation{id: op.OperationID, goName: w.op, method: method, path: path, summary: op.Summary, description: op.Description, wrapper: w}
			for _, p := range mergeParameters(item.Parameters, op.Parameters) {
				o.params = append(o.params, p)
				if p.In == "path" {
					o.pathParams = append(o.pathParams, p)
				}
			}
			if op.Responses != nil {
				for status, ref := range op.Responses.Map() {
					r := response{status: status, goType: w.bodies[status]}
					if ref.Value != nil {
						r.noContent = len(ref.Value.Content) == 0
						if mt := ref.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil {
							r.schema = mt.Schema.Value
						}
					}
					o.responses = append(o.responses, r)
				}
			}
			sort.Slice(o.responses, func(i, j int) bool { return o.responses[i].status < o.responses[j].status })
			ops = append(ops, o)
		}
	}
	sort.Slice(ops, func(i, j int) bool {
		if ops[i].path != ops[j].path {
			return ops[i].path < ops[j].path
		}
		return ops[i].method < ops[j].method
	})
	return ops, nil
}

// mergeParameters is a path item's parameters with its operation's, an
// operation's overriding the path's of the same name and place, as
// OpenAPI defines it.
func mergeParameters(item, op openapi3.Parameters) []*openapi3.Parameter {
	var out []*openapi3.Parameter
	at := map[string]int{}
	for _, list := range []openapi3.Parameters{item, op} {
		for _, ref := range list {
			p := ref.Value
			if p == nil {
				continue
			}
			key := p.In + " " + p.Name
			if i, ok := at[key]; ok {
				out[i] = p
				continue
			}
			at[key] = len(out)
			out = append(out, p)
		}
	}
	return out
}

// normalize folds an operationId and a Go name alike: oapi-codegen's names
// differ from the ids only in case (initialisms) and separators.
func normalize(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return -1
	}, s)
}

// schemas maps each Go struct type to the spec schema it was generated
// from, found by walking each response's schema beside its Go type:
// properties to fields by JSON name, items to elements.
type schemas map[string]*openapi3.Schema

func (m schemas) walk(pkg *goPackage, typ ast.Expr, s *openapi3.Schema) {
	if s == nil || typ == nil {
		return
	}
	switch t := typ.(type) {
	case *ast.StarExpr:
		m.walk(pkg, t.X, s)
	case *ast.ArrayType:
		if s.Items != nil {
			m.walk(pkg, t.Elt, s.Items.Value)
		}
	case *ast.MapType:
		if s.AdditionalProperties.Schema != nil {
			m.walk(pkg, t.Value, s.AdditionalProperties.Schema.Value)
		}
	case *ast.Ident:
		if alias, ok := pkg.aliases[t.Name]; ok {
			m.walk(pkg, alias, s)
			return
		}
		if under, ok := pkg.named[t.Name]; ok {
			m.walk(pkg, under, s)
			return
		}
		st := pkg.structs[t.Name]
		if st == nil || m[t.Name] != nil {
			return
		}
		m[t.Name] = s
		// A union's members: each a struct of its own, decoded by its
		// discriminator (decoders.union).
		for _, member := range s.OneOf {
			if i := strings.LastIndex(member.Ref, "/"); i >= 0 {
				m.walk(pkg, &ast.Ident{Name: member.Ref[i+1:]}, member.Value)
			}
		}
		props := properties(s)
		for _, f := range st.Fields.List {
			if name, ok := jsonName(f); ok {
				m.walk(pkg, f.Type, props[name])
			}
		}
	}
}

// properties gathers a schema's properties, its allOf members' too, which
// oapi-codegen merges into one struct.
func properties(s *openapi3.Schema) map[string]*openapi3.Schema {
	out := map[string]*openapi3.Schema{}
	if s == nil {
		return out
	}
	for _, member := range s.AllOf {
		for name, p := range properties(member.Value) {
			out[name] = p
		}
	}
	for name, ref := range s.Properties {
		out[name] = ref.Value
	}
	return out
}

// required gathers a schema's required properties, its allOf members' too.
func required(s *openapi3.Schema) []string {
	if s == nil {
		return nil
	}
	out := append([]string(nil), s.Required...)
	for _, member := range s.AllOf {
		out = append(out, required(member.Value)...)
	}
	return out
}

// code matches the values that name a kind of thing rather than say
// something: "to-do", "bridge", "status-update", "formal_male".
var code = regexp.MustCompile(`^[a-z0-9_-]{1,32}$`)

// knownValues returns the values a decoder can take without allocating
// for a string property: its enum, and its example when that is a code.
// An example like an e-mail address or a phone number says nothing about
// other values, so it is left out.
func knownValues(s *openapi3.Schema) []string {
	if s != nil && s.Type.Is(openapi3.TypeArray) && s.Items != nil {
		s = s.Items.Value // the values of its elements
	}
	if s == nil || !s.Type.Is(openapi3.TypeString) || s.Format != "" {
		return nil
	}
	var out []string
	for _, e := range s.Enum {
		if v, ok := e.(string); ok && !contains(out, v) {
			out = append(out, v)
		}
	}
	if v, ok := s.Example.(string); ok && code.MatchString(v) && !contains(out, v) {
		out = append(out, v)
	}
	return out
}
