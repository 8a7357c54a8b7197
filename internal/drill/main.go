// Command drill proves that new operations in openapi.yaml reach every
// layer of the module through `go generate ./...` alone. In a scratch copy
// of the repository it edits openapi.yaml as a vendor's next release might
// (testdata/operations.yaml: one operation of each kind, a POST answered
// 201, a PATCH under a path the spec has already, a DELETE answered 204, a
// list with query parameters and a documented header, a uuid path
// parameter, a oneOf union, and a new nullable field on Conversation),
// runs the generators, adds a test of the new operations
// (testdata/drill_test.go.txt: served by healvitest, reached by their
// typed methods, retried only where that is safe, refused where the spec
// says so, reached by the CLI), then builds, vets and tests the copy, runs
// the breaking-change gate and the benchmark module's tests there, and
// lists every file the generators wrote. It touches nothing here.
//
// Usage, from the repository root (make drill; .ci/run runs it):
//
//	go run ./internal/drill [-keep]
package main

import (
	"bytes"
	_ "embed"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/healvi-chat/healvi-go/internal/scratch"
)

var (
	//go:embed testdata/operations.yaml
	fragment []byte
	//go:embed testdata/drill_test.go.txt
	drillTest []byte
)

// byHand are the files the drill writes itself: the spec's edit, which a
// maintainer makes, and the drill's own test, which is no part of the
// module. Everything else that changes, the generators wrote.
var byHand = map[string]string{
	"openapi.yaml":      "the new operations, schemas and field (a maintainer's edit)",
	"api/drill_test.go": "the drill's own test of the new operations",
}

func main() {
	keep := flag.Bool("keep", false, "keep the scratch copy and print where it is")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("drill: ")
	dir, err := os.MkdirTemp("", "healvi-drill-")
	if err != nil {
		log.Fatal(err)
	}
	if *keep {
		fmt.Println("drill: scratch copy in", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	if err := drill(dir); err != nil {
		log.Print(err)
		if !*keep {
			os.RemoveAll(dir)
		}
		os.Exit(1)
	}
}

func drill(dir string) error {
	step := func(what string) { fmt.Println("drill:", what) }
	step("copying the repository")
	if err := scratch.Copy(".", dir); err != nil {
		return err
	}
	step("adding testdata/operations.yaml's operations, schemas and Conversation.drill_label to openapi.yaml")
	if err := editSpec(filepath.Join(dir, "openapi.yaml")); err != nil {
		return err
	}
	step("go generate ./...")
	if _, err := scratch.Run(dir, "go", "generate", "./..."); err != nil {
		return err
	}
	changes, err := scratch.Changes(".", dir)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "api", "drill_test.go"), drillTest, 0o644); err != nil {
		return err
	}
	for _, c := range []struct {
		what string
		sub  string
		args []string
	}{
		{"go vet ./...", "", []string{"go", "vet", "./..."}},
		// -short leaves out the tests that rerun every generator and the
		// gate's own test: the drill runs those steps itself.
		{"go test -short ./... (the drill's test among them)", "", []string{"go", "test", "-short", "-count=1", "./..."}},
		{"the test of the new operations, verbose", "", []string{"go", "test", "-count=1", "-run", "TestDrill", "-v", "./api/"}},
		{"the breaking-change gate: new operations and an optional field are compatible", "", []string{"bash", "internal/tools/breaking.sh"}},
		{"the benchmark module, with its regenerated ogen client", "internal/bench", []string{"go", "test", "-count=1", "."}},
	} {
		step(c.what)
		out, err := scratch.Run(filepath.Join(dir, c.sub), c.args[0], c.args[1:]...)
		if err != nil {
			return err
		}
		if strings.Contains(c.what, "verbose") {
			fmt.Print(indent(out))
		}
	}

	fmt.Println("\ndrill: passed. Files that changed in the copy:")
	for _, c := range changes {
		what, path, _ := strings.Cut(c, " ")
		who := "by the generators"
		if note, ok := byHand[path]; ok {
			who = "by hand: " + note
		}
		fmt.Printf("  %-8s %-52s %s\n", what, path, who)
	}
	fmt.Printf("  %-8s %-52s %s\n", "added", "api/drill_test.go", "by hand: "+byHand["api/drill_test.go"])
	return nil
}

// editSpec adds the fragment's operation, schemas and Conversation field to
// the spec at path, as nodes, so that the rest of the file (comments,
// anchors, order) stays as it is.
func editSpec(path string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var doc, frag yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return err
	}
	if err := yaml.Unmarshal(fragment, &frag); err != nil {
		return err
	}
	root, f := doc.Content[0], frag.Content[0]
	paths, schemas := member(root, "paths"), member(member(root, "components"), "schemas")
	conversation := member(member(schemas, "Conversation"), "properties")
	if paths == nil || schemas == nil || conversation == nil {
		return fmt.Errorf("%s has no paths, components.schemas or Conversation.properties", path)
	}
	// A path the spec has already gains the fragment's methods, as a
	// release that adds a PATCH beside a GET does; a method it has already
	// would be a change, not an addition, so the drill refuses it.
	for _, p := range pairs(member(f, "paths")) {
		item := member(paths, p[0].Value)
		if item == nil {
			paths.Content = append(paths.Content, p[0], p[1])
			continue
		}
		for _, op := range pairs(p[1]) {
			if member(item, op[0].Value) != nil {
				return fmt.Errorf("%s has %s %s already: the drill adds operations the spec lacks", path, op[0].Value, p[0].Value)
			}
			item.Content = append(item.Content, op[0], op[1])
		}
	}
	components := member(root, "components")
	for _, kind := range pairs(member(f, "components")) {
		have := member(components, kind[0].Value)
		if have == nil {
			components.Content = append(components.Content, kind[0], kind[1])
			continue
		}
		for _, c := range pairs(kind[1]) {
			if member(have, c[0].Value) != nil {
				return fmt.Errorf("%s has components.%s.%s already", path, kind[0].Value, c[0].Value)
			}
			have.Content = append(have.Content, c[0], c[1])
		}
	}
	field := member(f, "conversationField")
	conversation.Content = append(conversation.Content, member(field, "name"), member(field, "schema"))
	var out bytes.Buffer
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, out.Bytes(), 0o644)
}

// pairs returns the keys and values of a YAML mapping.
func pairs(m *yaml.Node) [][2]*yaml.Node {
	var out [][2]*yaml.Node
	for i := 0; m != nil && i+1 < len(m.Content); i += 2 {
		out = append(out, [2]*yaml.Node{m.Content[i], m.Content[i+1]})
	}
	return out
}

// member returns the value of key in a YAML mapping, or nil.
func member(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\n    ") + "\n"
}
