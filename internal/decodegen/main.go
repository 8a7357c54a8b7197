// Command decodegen writes api/decode.gen.go: for each model that a root
// type reaches in the models oapi-codegen generated (api/client.gen.go), a
// single-pass JSON decoder and an UnmarshalJSON method that uses it. The
// decoders run on the hand-written runtime in api/decode.go.
//
// It reads the models' source rather than importing the package, so that a
// changed spec never leaves it unable to build. A field of a type it has no
// decoder for decodes through encoding/json (decoder.fallback): correct,
// only slower.
//
// Usage: go run ./internal/decodegen [-in api/client.gen.go] [-out api/decode.gen.go] [-root ConversationResponse]
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"log"
	"os"
	"reflect"
	"strconv"
	"strings"
)

func main() {
	in := flag.String("in", "api/client.gen.go", "the generated models")
	out := flag.String("out", "api/decode.gen.go", "the file to write")
	root := flag.String("root", "ConversationResponse", "the model to decode, with every model it reaches")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("decodegen: ")

	src, err := generate(*in, *root)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatal(err)
	}
}

// model is a struct type of the models file.
type model struct {
	name   string
	fields []field
}

type field struct {
	goName, jsonName string
	decode           string // the statement that decodes into &v.<goName>, using err
}

func generate(path, root string) ([]byte, error) {
	file, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	structs := map[string]*ast.StructType{}
	for _, decl := range file.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, spec := range gd.Specs {
			ts := spec.(*ast.TypeSpec)
			if st, ok := ts.Type.(*ast.StructType); ok && ts.Assign == 0 {
				structs[ts.Name.Name] = st
			}
		}
	}
	if structs[root] == nil {
		return nil, fmt.Errorf("%s: no struct type %s", path, root)
	}

	var models []model
	seen := map[string]bool{root: true}
	queue := []string{root}
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		m := model{name: name}
		for _, f := range structs[name].Fields.List {
			if len(f.Names) != 1 {
				return nil, fmt.Errorf("%s: embedded or grouped fields are not supported", name)
			}
			jsonName, ok := jsonTag(f)
			if !ok {
				continue
			}
			decode, uses := decoderFor(f.Type, "&v."+f.Names[0].Name, structs)
			for _, u := range uses {
				if !seen[u] {
					seen[u] = true
					queue = append(queue, u)
				}
			}
			m.fields = append(m.fields, field{goName: f.Names[0].Name, jsonName: jsonName, decode: decode})
		}
		models = append(models, m)
	}
	return render(models)
}

// jsonTag returns a field's JSON name, and false for a field that
// encoding/json skips.
func jsonTag(f *ast.Field) (string, bool) {
	name := f.Names[0].Name
	if !ast.IsExported(name) {
		return "", false
	}
	if f.Tag == nil {
		return name, true
	}
	tag, err := strconv.Unquote(f.Tag.Value)
	if err != nil {
		return name, true
	}
	v, ok := reflect.StructTag(tag).Lookup("json")
	if !ok {
		return name, true
	}
	if v == "-" {
		return "", false
	}
	if n, _, _ := strings.Cut(v, ","); n != "" {
		return n, true
	}
	return name, true
}

// decoderFor returns the statement that decodes a value of type expr into
// target, and the struct types it needs decoders for.
func decoderFor(expr ast.Expr, target string, structs map[string]*ast.StructType) (string, []string) {
	scalar := map[string]string{
		"string":                 "d.decodeString(%s)",
		"*string":                "d.decodeStringPtr(%s)",
		"int64":                  "d.decodeInt64(%s)",
		"*int64":                 "d.decodeInt64Ptr(%s)",
		"bool":                   "d.decodeBool(%s)",
		"*bool":                  "d.decodeBoolPtr(%s)",
		"time.Time":              "d.decodeTime(%s)",
		"*time.Time":             "d.decodeTimePtr(%s)",
		"openapi_types.Date":     "d.decodeDate(%s)",
		"*openapi_types.Date":    "d.decodeDatePtr(%s)",
		"LenientString":          "d.decodeLenientString(%s)",
		"[]string":               "d.decodeStrings(%s)",
		"map[string]interface{}": "d.decodeMap(%s)",
	}
	typ := exprString(expr)
	if f, ok := scalar[typ]; ok {
		return "err = " + fmt.Sprintf(f, target), nil
	}
	local := func(name string) bool { return structs[name] != nil }
	switch {
	case local(typ):
		return fmt.Sprintf("err = d.decode%s(%s)", typ, target), []string{typ}
	case strings.HasPrefix(typ, "*") && local(typ[1:]):
		return fmt.Sprintf("err = d.decode%sPtr(%s)", typ[1:], target), []string{typ[1:]}
	case strings.HasPrefix(typ, "[]") && local(typ[2:]):
		return fmt.Sprintf("err = decodeSlice(d, %s, (*decoder).decode%s)", target, typ[2:]), []string{typ[2:]}
	default:
		return fmt.Sprintf("err = d.fallback(%s) // %s: no fast decoder", target, typ), nil
	}
}

// usedAsPointer reports whether a field of some model is a *name.
func usedAsPointer(models []model, name string) bool {
	for _, m := range models {
		for _, f := range m.fields {
			if strings.Contains(f.decode, "d.decode"+name+"Ptr(") {
				return true
			}
		}
	}
	return false
}

func exprString(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.StarExpr:
		return "*" + exprString(e.X)
	case *ast.SelectorExpr:
		return exprString(e.X) + "." + e.Sel.Name
	case *ast.ArrayType:
		if e.Len == nil {
			return "[]" + exprString(e.Elt)
		}
	case *ast.MapType:
		return "map[" + exprString(e.Key) + "]" + exprString(e.Value)
	case *ast.InterfaceType:
		if len(e.Methods.List) == 0 {
			return "interface{}"
		}
	}
	return fmt.Sprintf("%T", e)
}

func render(models []model) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`// Code generated by internal/decodegen from api/client.gen.go. DO NOT EDIT.

package api

import "reflect"
`)
	for _, m := range models {
		var names []string
		for _, f := range m.fields {
			names = append(names, strconv.Quote(f.jsonName))
		}
		fmt.Fprintf(&b, `
var (
	type%[1]s  = reflect.TypeFor[%[1]s]()
	names%[1]s = []string{%[2]s}
)

// UnmarshalJSON decodes a %[1]s exactly as encoding/json would, in
// one pass and with few allocations (see decode.go).
func (v *%[1]s) UnmarshalJSON(b []byte) error {
	return decodeJSON(b, v, (*decoder).decode%[1]s)
}

func (d *decoder) decode%[1]s(v *%[1]s) error {
	if null, err := d.openObject(type%[1]s); null || err != nil {
		return err
	}
	for n := 0; ; n++ {
		key, ok, err := d.member(n)
		if err != nil || !ok {
			return err
		}
		k := index%[1]s(key)
		switch k {
`, m.name, strings.Join(names, ", "))
		for k, f := range m.fields {
			fmt.Fprintf(&b, "\t\tcase %d:\n\t\t\t%s\n", k, f.decode)
		}
		fmt.Fprintf(&b, `		default:
			err = d.skip()
		}
		if err != nil && k >= 0 {
			return inField(err, %[1]q, names%[1]s[k])
		}
		if err != nil {
			return err
		}
	}
}

// index%[1]s returns the index in names%[1]s of the field that key
// names, or -1.
func index%[1]s(key string) int {
	switch key {
`, m.name, m.name)
		for k, f := range m.fields {
			fmt.Fprintf(&b, "\tcase %q:\n\t\treturn %d\n", f.jsonName, k)
		}
		fmt.Fprintf(&b, "\t}\n\treturn foldedIndex(key, names%s)\n}\n", m.name)
		if usedAsPointer(models, m.name) {
			fmt.Fprintf(&b, `
// decode%[1]sPtr decodes into the %[1]s that *p points to, allocating
// it when *p is nil; null sets *p to nil.
func (d *decoder) decode%[1]sPtr(p **%[1]s) error {
	if null, err := nullPtr(d, p); null || err != nil {
		return err
	}
	if *p == nil {
		*p = new(%[1]s)
	}
	return d.decode%[1]s(*p)
}
`, m.name)
		}
	}
	return format.Source(b.Bytes())
}
