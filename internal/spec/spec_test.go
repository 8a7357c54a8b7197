package spec_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/healvi-chat/healvi-go/api/healvitest"
	"github.com/healvi-chat/healvi-go/internal/spec"
)

const specPath = "../../openapi.yaml"

func load(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := spec.Load(context.Background(), specPath)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func responseSchema(t *testing.T, doc *openapi3.T) *openapi3.Schema {
	t.Helper()
	op := doc.Paths.Find("/conversations/{id}").Get
	return op.Responses.Status(200).Value.Content.Get("application/json").Schema.Value
}

func docExample(t *testing.T) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(healvitest.DocExample(), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// fixturePath is healvitest's fixture of every kind of operation (a POST
// with a body and a 201, a DELETE answered 204 with no content, a uuid path
// parameter, ...), which the real spec does not have yet.
const fixturePath = "../../api/healvitest/testdata/operations.yaml"

// Every operation documents an answer the fake can give unscripted: a 2xx
// JSON example or a 2xx without content (a 204), and every example fits
// its schema. A JSON request body has an example for the tests to send.
// The fixture holds the kinds of operation openapi.yaml lacks as yet.
func TestSpecIsValidOpenAPIWithValidExamples(t *testing.T) {
	for _, path := range []string{specPath, fixturePath} {
		t.Run(path, func(t *testing.T) {
			doc, err := spec.Load(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			checkExamples(t, doc)
		})
	}
}

func checkExamples(t *testing.T, doc *openapi3.T) {
	t.Helper()
	if got := doc.OpenAPI; !strings.HasPrefix(got, "3.0.") {
		t.Errorf("openapi version %q, want 3.0.x", got)
	}
	ops := 0
	for _, path := range doc.Paths.InMatchingOrder() {
		for method, op := range doc.Paths.Value(path).Operations() {
			ops++
			where := method + " " + path
			for _, p := range op.Parameters {
				if p.Value.In == "path" && (!p.Value.Required || p.Value.Schema == nil || p.Value.Schema.Value.Type == nil) {
					t.Errorf("%s: path parameter %s is not required with a typed schema", where, p.Value.Name)
				}
			}
			answers := 0
			for code, ref := range op.Responses.Map() {
				if !strings.HasPrefix(code, "2") {
					continue
				}
				if len(ref.Value.Content) == 0 {
					answers++ // a 204: the answer is no body
					continue
				}
				media := ref.Value.Content.Get("application/json")
				if media == nil {
					continue
				}
				for name, v := range mediaExamples(media) {
					answers++
					if err := media.Schema.Value.VisitJSON(v, openapi3.MultiErrors()); err != nil {
						t.Errorf("%s: response %s example %s breaks its schema: %v", where, code, name, err)
					}
				}
			}
			if answers == 0 {
				t.Errorf("%s: no 2xx JSON example, and no 2xx without content", where)
			}
			if op.RequestBody == nil {
				continue
			}
			media := op.RequestBody.Value.Content.Get("application/json")
			if media == nil {
				continue
			}
			examples := mediaExamples(media)
			if len(examples) == 0 {
				t.Errorf("%s: no example of the JSON request body", where)
			}
			for name, v := range examples {
				if err := media.Schema.Value.VisitJSON(v, openapi3.MultiErrors(), openapi3.VisitAsRequest()); err != nil {
					t.Errorf("%s: request body example %s breaks its schema: %v", where, name, err)
				}
			}
		}
	}
	if ops == 0 {
		t.Fatal("no operation")
	}
}

// mediaExamples are a media type's example and examples, by name.
func mediaExamples(media *openapi3.MediaType) map[string]any {
	values := map[string]any{}
	if media.Example != nil {
		values["example"] = media.Example
	}
	for name, ex := range media.Examples {
		values[name] = ex.Value.Value
	}
	return values
}

// ExampleRequest fills a path parameter from the example's resource only
// where it picks that resource (the path's last segment), else with a
// value its schema allows; it gives the documented request body and the
// documented answer, none for a 204.
func TestExampleRequestOfEveryKindOfOperation(t *testing.T) {
	doc, err := spec.Load(context.Background(), fixturePath)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		method, path string
		want         spec.Example // Response checked by hasResponse only
		hasResponse  bool
	}{
		// The resource is the path's last parameter: the example's own id.
		{"GET", "/conversations/{id}", spec.Example{Target: "/conversations/123", Status: 200}, true},
		{"PATCH", "/conversations/{id}", spec.Example{Target: "/conversations/123", Status: 200, Body: []byte(`{"snooze_until":null,"status":"done"}`)}, true},
		// The answer is the new message: its id 9 is no conversation's.
		{"POST", "/conversations/{id}/messages", spec.Example{Target: "/conversations/1/messages", Status: 201, Body: []byte(`{"parts":[{"text":"Hello","type":"text"}]}`)}, true},
		// No example resource: the least values the schemas allow.
		{"DELETE", "/conversations/{id}/notes/{note_id}", spec.Example{Target: "/conversations/1/notes/1", Status: 204}, false},
		// format uuid: a valid uuid, though the example has none of that name.
		{"GET", "/customers/{customer_id}/profile", spec.Example{Target: "/customers/0b6e4a6e-7d0c-4a43-9d2a-3f1f4b0e5c11/profile", Status: 200}, true},
		{"GET", "/conversations", spec.Example{Target: "/conversations", Status: 200}, true},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			op := doc.Paths.Value(tc.path).GetOperation(tc.method)
			got := spec.ExampleRequest(tc.method, tc.path, op)
			if got.Method != tc.method || got.Target != tc.want.Target || got.Status != tc.want.Status || string(got.Body) != string(tc.want.Body) || len(got.Header) != 0 {
				t.Errorf("got %s %s %d body %s header %v; want %s %d body %s", got.Method, got.Target, got.Status, got.Body, got.Header, tc.want.Target, tc.want.Status, tc.want.Body)
			}
			if (got.Response != nil) != tc.hasResponse {
				t.Errorf("response %v; want one: %v", got.Response, tc.hasResponse)
			}
		})
	}
}

// A required query or header parameter is given a value its schema allows.
func TestExampleRequestFillsRequiredParameters(t *testing.T) {
	min := 5.0
	op := &openapi3.Operation{
		Parameters: openapi3.Parameters{
			{Value: &openapi3.Parameter{Name: "since", In: "query", Required: true, Schema: openapi3.NewDateTimeSchema().NewRef()}},
			{Value: &openapi3.Parameter{Name: "limit", In: "query", Required: true, Schema: &openapi3.SchemaRef{Value: &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeInteger}, Min: &min}}}},
			{Value: &openapi3.Parameter{Name: "cursor", In: "query", Schema: openapi3.NewStringSchema().NewRef()}},
			{Value: &openapi3.Parameter{Name: "X-Tenant", In: "header", Required: true, Schema: openapi3.NewUUIDSchema().NewRef()}},
		},
		Responses: openapi3.NewResponses(),
	}
	got := spec.ExampleRequest("get", "/things", op)
	if got.Method != "GET" || got.Target != "/things?limit=5&since=2023-01-01T12%3A00%3A00Z" || got.Header.Get("X-Tenant") != "0b6e4a6e-7d0c-4a43-9d2a-3f1f4b0e5c11" || len(got.Header) != 1 {
		t.Errorf("got %s %s %v", got.Method, got.Target, got.Header)
	}
}

// GET /conversations/{id}, as the documentation page describes it.
func TestGetConversationMatchesTheDocumentation(t *testing.T) {
	op := load(t).Paths.Find("/conversations/{id}").Get
	if op == nil || op.OperationID != "getConversation" {
		t.Fatalf("GET /conversations/{id} with operationId getConversation not found")
	}
	id := op.Parameters.GetByInAndName("path", "id").Schema.Value
	if id.Format != "int64" || id.Min == nil || *id.Min != 1 {
		t.Errorf("path id: format %q min %v, want int64 and 1", id.Format, id.Min)
	}
}

func TestSpecDescribesEveryFieldOfTheDocExample(t *testing.T) {
	doc := load(t)
	if missing := spec.UndescribedFields(responseSchema(t, doc), docExample(t)); len(missing) > 0 {
		t.Errorf("fields of the documentation's example missing from the schema: %v", missing)
	}
}

// The walk must notice a dropped field, or the test above proves nothing.
// The fields it adds are named so that the spec cannot have them.
func TestUndescribedFieldsFindsADroppedField(t *testing.T) {
	doc := load(t)
	const extra = "healvi_test_not_in_the_spec"
	for name, s := range doc.Components.Schemas {
		if s.Value.Properties[extra] != nil {
			t.Fatalf("schema %s has %s; pick another name", name, extra)
		}
	}
	example := docExample(t)
	example["data"].(map[string]any)["agent"].(map[string]any)[extra] = "x"
	example["data"].(map[string]any)["latest_message"].(map[string]any)["contents"].([]any)[0].(map[string]any)[extra] = "x"
	got := spec.UndescribedFields(responseSchema(t, doc), example)
	want := []string{"data.agent." + extra, "data.latest_message.contents[]." + extra}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("UndescribedFields = %v, want %v", got, want)
	}
}

// The documentation's example breaks the schema in exactly one place: its
// user.email is the number 123, a slip the spec does not copy.
func TestDocExampleDiffersFromSchemaOnlyInUserEmail(t *testing.T) {
	doc := load(t)
	err := responseSchema(t, doc).VisitJSON(docExample(t), openapi3.MultiErrors())
	if err == nil {
		t.Fatal("the verbatim example validated; has user.email become a number in the spec?")
	}
	var pointers []string
	for _, e := range err.(openapi3.MultiError) {
		se, ok := e.(*openapi3.SchemaError)
		if !ok {
			t.Fatalf("unexpected error %T: %v", e, e)
		}
		pointers = append(pointers, strings.Join(fullPointer(se), "/"))
	}
	if want := []string{"data/user/email"}; !reflect.DeepEqual(pointers, want) {
		t.Errorf("schema errors at %v, want only %v", pointers, want)
	}
}

// The spec's own example is the documentation's, with user.email a string.
func TestSpecExampleIsTheDocExampleWithAStringEmail(t *testing.T) {
	doc := load(t)
	specExample := doc.Components.Examples["ConversationExample"].Value.Value
	b, err := json.Marshal(specExample)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	user := got["data"].(map[string]any)["user"].(map[string]any)
	if _, ok := user["email"].(string); !ok {
		t.Errorf("spec example user.email = %#v, want a string", user["email"])
	}
	user["email"] = float64(123)
	if want := docExample(t); !reflect.DeepEqual(got, want) {
		t.Errorf("spec example differs from the documentation's example beyond user.email")
	}
}

func TestDisplayIDNeedsInt64(t *testing.T) {
	doc := load(t)
	for _, name := range []string{"Agent", "Customer"} {
		if f := doc.Components.Schemas[name].Value.Properties["display_id"].Value.Format; f != "int64" {
			t.Errorf("%s.display_id format %q, want int64 (4915223567929 does not fit int32)", name, f)
		}
	}
}

// fullPointer is the path of the innermost schema error that se wraps: an
// allOf reports its member's error at the allOf's own path.
func fullPointer(se *openapi3.SchemaError) []string {
	var inner *openapi3.SchemaError
	if errors.As(se.Origin, &inner) {
		return fullPointer(inner)
	}
	return se.JSONPointer()
}

// healvitest routes requests under its BasePath, which must be the path of
// the spec's server URL.
func TestFakeServesUnderTheSpecsBasePath(t *testing.T) {
	doc := load(t)
	if len(doc.Servers) != 1 || !strings.HasSuffix(doc.Servers[0].URL, healvitest.BasePath) {
		t.Errorf("servers %v: want one whose URL ends in %s", doc.Servers, healvitest.BasePath)
	}
}

// What the fake serves for the doc example is the spec's own example.
func TestFakesDocExampleIsTheSpecExample(t *testing.T) {
	doc := load(t)
	b, err := json.Marshal(doc.Components.Examples["ConversationExample"].Value.Value)
	if err != nil {
		t.Fatal(err)
	}
	var want, got any
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(healvitest.DocExampleOnContract(), &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("healvitest.DocExampleOnContract differs from the spec's example")
	}
}
