package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// goPackage is what the generator knows of the Go package it writes into:
// the types oapi-codegen generated, and the methods of every type there.
type goPackage struct {
	name    string
	fset    *token.FileSet
	structs map[string]*ast.StructType // struct types of the models file
	named   map[string]ast.Expr        // other named types: type T U
	aliases map[string]ast.Expr        // type T = U
	// methods holds the method names of each type of the package, from
	// every file but tests and the generator's own output.
	methods map[string]map[string]bool
	// wrappers are oapi-codegen's <Op>Response types, by operation name.
	wrappers map[string]*wrapper
	// clientMethods are ClientInterface's methods, by name.
	clientMethods map[string]*ast.FuncType
	// imports are the models file's imports, path by the name the file
	// uses: what a generated signature that names their types needs.
	imports map[string]string
}

// wrapper is the response type of one generated ...WithResponse method.
type wrapper struct {
	op string
	// bodies maps a response's status key as the spec writes it ("200",
	// "2XX", "default") to the Go type of its JSON body, and fields to the
	// wrapper's field that holds it (JSON200).
	bodies map[string]ast.Expr
	fields map[string]string
}

// bodyField matches the fields of a wrapper that hold a decoded JSON body:
// JSON200, JSON5XX, JSONDefault, ApplicationproblemJSON400, ...
var bodyField = regexp.MustCompile(`JSON(\d\d\d|\dXX|Default)$`)

// loadPackage parses dir: models from the file models, methods from every
// non-test .go file except those named in skip (the generator's outputs).
func loadPackage(dir, models string, skip ...string) (*goPackage, error) {
	p := &goPackage{
		fset:          printFset,
		structs:       map[string]*ast.StructType{},
		named:         map[string]ast.Expr{},
		aliases:       map[string]ast.Expr{},
		methods:       map[string]map[string]bool{},
		wrappers:      map[string]*wrapper{},
		clientMethods: map[string]*ast.FuncType{},
		imports:       map[string]string{},
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	found := false
	for _, path := range files {
		base := filepath.Base(path)
		if strings.HasSuffix(base, "_test.go") || contains(skip, base) {
			continue
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		f, err := parser.ParseFile(p.fset, path, src, parser.SkipObjectResolution|parser.ParseComments)
		if err != nil {
			return nil, err
		}
		p.name = f.Name.Name
		p.addMethods(f)
		if base == models {
			found = true
			p.addTypes(f)
			p.addImports(f)
		}
	}
	if !found {
		return nil, fmt.Errorf("%s: no file %s", dir, models)
	}
	return p, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (p *goPackage) addMethods(f *ast.File) {
	for _, decl := range f.Decls {
		fd, ok := decl.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 {
			continue
		}
		recv := fd.Recv.List[0].Type
		if star, ok := recv.(*ast.StarExpr); ok {
			recv = star.X
		}
		if id, ok := recv.(*ast.Ident); ok {
			if p.methods[id.Name] == nil {
				p.methods[id.Name] = map[string]bool{}
			}
			p.methods[id.Name][fd.Name.Name] = true
		}
	}
}

func (p *goPackage) addTypes(f *ast.File) {
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, spec := range gd.Specs {
			ts := spec.(*ast.TypeSpec)
			name := ts.Name.Name
			switch t := ts.Type.(type) {
			case *ast.StructType:
				if ts.Assign != 0 {
					p.aliases[name] = t
					continue
				}
				if w := asWrapper(name, t); w != nil {
					p.wrappers[w.op] = w
					continue
				}
				p.structs[name] = t
			case *ast.InterfaceType:
				if name == "ClientInterface" {
					for _, m := range t.Methods.List {
						if ft, ok := m.Type.(*ast.FuncType); ok && len(m.Names) == 1 {
							p.clientMethods[m.Names[0].Name] = ft
						}
					}
				}
			default:
				if ts.Assign != 0 {
					p.aliases[name] = t
				} else {
					p.named[name] = t
				}
			}
		}
	}
}

func (p *goPackage) addImports(f *ast.File) {
	for _, imp := range f.Imports {
		path := strings.Trim(imp.Path.Value, `"`)
		elems := strings.Split(path, "/")
		name := elems[len(elems)-1]
		if len(elems) > 1 && regexp.MustCompile(`^v[0-9]+$`).MatchString(name) {
			name = elems[len(elems)-2] // gopkg.in/yaml.v3 aside, a /vN is a major version
		}
		if imp.Name != nil {
			name = imp.Name.Name
		}
		p.imports[name] = path
	}
}

// asWrapper recognises an <Op>Response type by its HTTPResponse field.
func asWrapper(name string, st *ast.StructType) *wrapper {
	op, ok := strings.CutSuffix(name, "Response")
	if !ok {
		return nil
	}
	w := &wrapper{op: op, bodies: map[string]ast.Expr{}, fields: map[string]string{}}
	isWrapper := false
	for _, f := range st.Fields.List {
		if len(f.Names) != 1 {
			continue
		}
		field := f.Names[0].Name
		if field == "HTTPResponse" {
			isWrapper = true
		}
		m := bodyField.FindStringSubmatch(field)
		if m == nil {
			continue
		}
		typ := f.Type
		if star, ok := typ.(*ast.StarExpr); ok {
			typ = star.X
		}
		key := strings.ToLower(m[1]) // "default", "2xx"
		if strings.HasSuffix(key, "xx") {
			key = strings.ToUpper(key)
		}
		w.bodies[key] = typ
		w.fields[key] = field
	}
	if !isWrapper {
		return nil
	}
	return w
}

// hasMethod reports whether the package's type name has method m.
func (p *goPackage) hasMethod(name, m string) bool { return p.methods[name][m] }

// source prints a node as Go source.
func (p *goPackage) source(n ast.Node) string {
	var b bytes.Buffer
	if err := printer.Fprint(&b, p.fset, n); err != nil {
		panic(err)
	}
	return b.String()
}

// typeString writes a type expression as it reads in the package.
func typeString(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.StarExpr:
		return "*" + typeString(e.X)
	case *ast.SelectorExpr:
		return typeString(e.X) + "." + e.Sel.Name
	case *ast.ArrayType:
		if e.Len == nil {
			return "[]" + typeString(e.Elt)
		}
		return "[" + exprText(e.Len) + "]" + typeString(e.Elt)
	case *ast.MapType:
		return "map[" + typeString(e.Key) + "]" + typeString(e.Value)
	case *ast.InterfaceType:
		if len(e.Methods.List) == 0 {
			return "interface{}"
		}
	case *ast.StructType:
		// An anonymous struct, as oapi-codegen writes an inline object:
		// its fields and tags are part of its type.
		var b bytes.Buffer
		if err := printer.Fprint(&b, printFset, e); err == nil {
			return b.String()
		}
	}
	return fmt.Sprintf("<%T>", e)
}

// printFset is the FileSet of the parsed package, for typeString.
var printFset = token.NewFileSet()

func exprText(e ast.Expr) string {
	if bl, ok := e.(*ast.BasicLit); ok {
		return bl.Value
	}
	return fmt.Sprintf("<%T>", e)
}
