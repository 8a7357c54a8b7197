// Command apigen writes the code of package api that follows from
// openapi.yaml beyond what oapi-codegen writes, so that a new operation in
// the spec needs no hand-written code:
//
//   - decode.gen.go: for every struct that a response of any operation
//     reaches, a single-pass decoder on api/internal/jsonread, and an
//     UnmarshalJSON that uses it;
//   - operations.gen.go: a decoder per documented body of each operation,
//     which the generated parsers call (one pass, drift tracked), the
//     table of operations CheckBody looks up, and a typed method per
//     operation (typed.go: its name, its checks of the arguments);
//   - decode.gen_test.go: the decoded structs, for the differential tests,
//     and the fields that fall back to encoding/json, for a test that
//     fails while there are any.
//
// It reads the spec with kin-openapi and oapi-codegen's output
// (client.gen.go) as Go source, so a changed spec never leaves it unable
// to build.
//
// Usage, from the repository root (see gen.go):
//
//	go run ./internal/apigen -spec openapi.yaml -dir api
package main

import (
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"log"
	"os"
	"path/filepath"
)

func main() {
	specPath := flag.String("spec", "openapi.yaml", "the OpenAPI document")
	dir := flag.String("dir", "api", "the package's directory")
	models := flag.String("models", "client.gen.go", "oapi-codegen's output, in dir")
	decodersOut := flag.String("decoders", "decode.gen.go", "the decoders to write, in dir")
	opsOut := flag.String("operations", "operations.gen.go", `the operations to write, in dir ("" for none)`)
	testsOut := flag.String("tests", "decode.gen_test.go", "the test helpers to write, in dir")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("apigen: ")
	files, err := generate(*specPath, *dir, *models, *decodersOut, *opsOut, *testsOut)
	if err != nil {
		log.Fatal(err)
	}
	for _, name := range sortedKeys(files) {
		if err := os.WriteFile(filepath.Join(*dir, name), files[name], 0o644); err != nil {
			log.Fatal(err)
		}
	}
}

// generate returns the files to write into dir, by name.
func generate(specPath, dir, models, decodersOut, opsOut, testsOut string) (map[string][]byte, error) {
	doc, err := loadSpec(specPath)
	if err != nil {
		return nil, err
	}
	pkg, err := loadPackage(dir, models, decodersOut, opsOut)
	if err != nil {
		return nil, err
	}
	ops, err := operations(doc, pkg)
	if err != nil {
		return nil, err
	}
	// Roots: the body types of every response of every operation.
	sch := schemas{}
	var roots []ast.Expr
	for _, op := range ops {
		for _, r := range op.responses {
			if r.goType != nil {
				sch.walk(pkg, r.goType, r.schema)
				roots = append(roots, r.goType)
			}
		}
	}
	dec := newDecoders(pkg, sch)
	for _, root := range roots {
		dec.add(root)
	}
	source := filepath.Base(specPath) + " and " + models
	files := map[string][]byte{}
	if opsOut != "" {
		w := &opsWriter{pkg: pkg, dec: dec, ops: ops}
		src, err := w.render(source)
		if err != nil {
			return nil, err
		}
		files[opsOut] = src
	}
	// After the operations: their checks can plan decoders of their own.
	files[decodersOut] = dec.render(source)
	files[testsOut] = dec.renderTests(source)
	for name, src := range files {
		formatted, err := format.Source(src)
		if err != nil {
			return nil, fmt.Errorf("%s: %w\n%s", name, err, src)
		}
		files[name] = formatted
	}
	return files, nil
}
