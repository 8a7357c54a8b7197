package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/healvi-chat/healvi-go/internal/scratch"
)

// stub stands in for the hand-written side of package api that
// operations.gen.go calls (api/operations.go), so that the operations
// written for another spec can be compiled without package api.
const stub = `package fixtureops

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/healvi-chat/healvi-go/api/internal/jsonread"
)

type operation struct {
	id, method, path string
	responses        []documented
}

type documented struct {
	status string
	decode func([]byte, *tracker) error
}

type tracker = jsonread.Tracker

func notTheResult(_ *http.Response, _ []byte, status string) error {
	return fmt.Errorf("not the %s", status)
}

// The typed methods' failures, told apart by the test of their behaviour.
var errInvalidParameter = errors.New("invalid parameter")

func invalidParameter(op, name string, _ any, want string) error {
	return fmt.Errorf("%w: %s: %s: want %s", errInvalidParameter, op, name, want)
}

type characters int

type items int

var keys int

func NewIdempotencyKey() string { keys++; return fmt.Sprintf("key-%06d", keys) }

func missingProperty(string, bool) error { return nil }

var errNilContext = errors.New("nil Context")

var _ = operations
`

// The operations, checks and typed methods that apigen writes compile for
// bodies the API's own spec does not have yet: the fixture's array body, a
// map body documented as 2XX, an object with every kind of field, and a
// string path parameter. Built in a scratch copy of the module's go.mod,
// go.sum and jsonread, as the fixture's package must sit under api/internal
// to use jsonread: files on disk, not git's, so that the test runs from a
// module zip too.
func TestOperationsCompileForEveryKindOfBody(t *testing.T) {
	if testing.Short() {
		t.Skip("builds in a scratch copy of the module")
	}
	root := filepath.Join("..", "..")
	dir := t.TempDir()
	if err := scratch.CopyPaths(root, dir, "go.mod", "go.sum", filepath.Join("api", "internal", "jsonread")); err != nil {
		t.Fatal(err)
	}
	pkg := filepath.Join(dir, "api", "internal", "fixtureops")
	if err := os.MkdirAll(pkg, 0o755); err != nil {
		t.Fatal(err)
	}
	fixture := filepath.Join(root, "api", "internal", "genfixture")
	for _, name := range []string{"client.gen.go", "openapi.yaml"} {
		b, err := os.ReadFile(filepath.Join(fixture, name))
		if err != nil {
			t.Fatal(err)
		}
		b = []byte(strings.Replace(string(b), "package genfixture", "package fixtureops", 1))
		if err := os.WriteFile(filepath.Join(pkg, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(pkg, "stub.go"), []byte(stub), 0o644); err != nil {
		t.Fatal(err)
	}
	typedTest, err := os.ReadFile(filepath.Join("testdata", "typed_test.go.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(pkg, "typed_test.go"), typedTest, 0o644); err != nil {
		t.Fatal(err)
	}
	files, err := generate(filepath.Join(pkg, "openapi.yaml"), pkg, "client.gen.go", "decode.gen.go", "operations.gen.go", "decode.gen_test.go")
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(pkg, name), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ops := string(files["operations.gen.go"])
	for _, want := range []string{
		"func (c *ClientWithResponses) Kinds(ctx context.Context, id string, reqEditors ...RequestEditorFn) (*Kinds, error)",
		`if id == "" {`,
		"func (c *ClientWithResponses) Things(ctx context.Context, reqEditors ...RequestEditorFn) (*[]Thing, error)",
		"func (c *ClientWithResponses) Counts(ctx context.Context, reqEditors ...RequestEditorFn) (*map[string]int64, error)",
		// A typed method for every method, named by the rule: a read for
		// what it returns, any other operation Do and its name.
		"func (c *ClientWithResponses) ThingAt(ctx context.Context, thingID int64, day openapi_types.Date, status Status, owner openapi_types.UUID, params *GetThingAtParams, reqEditors ...RequestEditorFn) (*Thing, error)",
		"func (c *ClientWithResponses) DoPutThingAt(",
		"func (c *ClientWithResponses) DoCreateNote(ctx context.Context, params *CreateNoteParams, body CreateNoteJSONRequestBody, reqEditors ...RequestEditorFn) (*Note, error)",
		"func (c *ClientWithResponses) DoUpdateNote(",
		"func (c *ClientWithResponses) DoDeleteNote(ctx context.Context, noteID string, reqEditors ...RequestEditorFn) error",
		`{status: "2XX", decode:`,
		// A decoder per documented body, named for its operation and field.
		"func decodeListThingsJSON200(b []byte, v *[]Thing, t *jsonread.Tracker) error",
		"func decodeGetCountsJSON2XX(b []byte, v *map[string]int64, t *jsonread.Tracker) error",
	} {
		if !strings.Contains(ops, want) {
			t.Errorf("operations.gen.go lacks %q", want)
		}
	}
	if out, err := scratch.Run(dir, "go", "vet", "./api/internal/fixtureops/"); err != nil {
		t.Fatalf("the generated operations do not build: %v\n%s", err, out)
	}
	if out, err := scratch.Run(dir, "go", "test", "-count=1", "./api/internal/fixtureops/"); err != nil {
		t.Fatalf("the typed methods fail their test: %v\n%s", err, out)
	}
}

// Generated comments put the article a reader would: an Agent, a User.
func TestArticle(t *testing.T) {
	for name, want := range map[string]string{
		"Agent": "an", "Extra": "an", "Conversation": "a", "User": "a", "Union": "a",
		"UUID": "a", "HTMLPage": "an", "SMSMessage": "an", "Item": "an", "[]Thing": "a",
	} {
		if got := article(name); got != want {
			t.Errorf("article(%q) = %q, want %q", name, got, want)
		}
	}
}
