package contract_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/healvi-chat/healvi-go/api/contract"
)

// fixturePath is healvitest's fixture of every kind of operation (a POST
// with a body, a PATCH, a 204 DELETE, a uuid path parameter), which the
// real openapi.yaml lacks as yet.
const fixturePath = "../healvitest/testdata/operations.yaml"

func fixture(t *testing.T) *contract.Contract {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromFile(fixturePath)
	if err != nil {
		t.Fatal(err)
	}
	c, err := contract.New(doc)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Load loads openapi.yaml once: every caller shares one Contract.
func TestLoadReturnsOneContract(t *testing.T) {
	var wg sync.WaitGroup
	got := make([]*contract.Contract, 8)
	for i := range got {
		wg.Go(func() {
			c, err := contract.Load()
			if err != nil {
				t.Error(err)
			}
			got[i] = c
		})
	}
	wg.Wait()
	for _, c := range got[1:] {
		if c != got[0] {
			t.Fatal("Load returned two contracts")
		}
	}
	if got[0].Spec().Paths.Value("/conversations/{id}") == nil {
		t.Error("the embedded spec has no /conversations/{id}")
	}
}

func TestNewRefusesAnInvalidDocument(t *testing.T) {
	doc := &openapi3.T{OpenAPI: "3.0.3", Info: &openapi3.Info{Title: "x"}} // no version, no paths
	if _, err := contract.New(doc); err == nil || !strings.HasPrefix(err.Error(), "contract: openapi.yaml is invalid: ") {
		t.Errorf("error %v; want one saying the document is invalid", err)
	}
}

// One router, any base path: the fake's /third-party/v1 or the CLI's /.
func TestRouteBelowABasePath(t *testing.T) {
	c := fixture(t)
	for _, tc := range []struct {
		method, target, base string
		path                 string // the template; "" for no operation
		params               map[string]string
	}{
		{"GET", "/third-party/v1/conversations/5", "/third-party/v1", "/conversations/{id}", map[string]string{"id": "5"}},
		{"PATCH", "/third-party/v1/conversations/5", "/third-party/v1/", "/conversations/{id}", map[string]string{"id": "5"}},
		{"DELETE", "/conversations/5/notes/6", "/", "/conversations/{id}/notes/{note_id}", map[string]string{"id": "5", "note_id": "6"}},
		{"GET", "/conversations?status=done", "/", "/conversations", map[string]string{}},
		{"GET", "/conversations?status=done", "", "/conversations", map[string]string{}},
		{"GET", "/customers/not-a-uuid/profile", "/", "/customers/{customer_id}/profile", map[string]string{"customer_id": "not-a-uuid"}},
		// An escaped slash is part of its segment, as a server sees it,
		// and of the parameter's value; an escaped %2F is no slash.
		{"GET", "/customers/a%2Fb/profile", "/", "/customers/{customer_id}/profile", map[string]string{"customer_id": "a/b"}},
		{"GET", "/customers/a%252Fb%2f/profile", "/", "/customers/{customer_id}/profile", map[string]string{"customer_id": "a%2Fb/"}},
		{"GET", "/customers/a%252Fb/profile", "/", "/customers/{customer_id}/profile", map[string]string{"customer_id": "a%2Fb"}},
		{"GET", "/conversations/5%2F", "/", "/conversations/{id}", map[string]string{"id": "5/"}},
		{"DELETE", "/conversations/5%2Fnotes/6", "/", "", nil},
		{"GET", "/conversations%2F5", "/", "", nil},
		{"GET", "/third-party%2Fv1/conversations/5", "/third-party/v1", "", nil},
		// Not below the base path.
		{"GET", "/conversations/5", "/third-party/v1", "", nil},
		{"GET", "/third-party/v10/conversations/5", "/third-party/v1", "", nil},
		// No such path, or no such method.
		{"GET", "/conversations/5/notes", "/", "", nil},
		{"DELETE", "/conversations/5", "/", "", nil},
		{"PROPFIND", "/third-party/v1/conversations/5", "/third-party/v1", "", nil},
	} {
		t.Run(tc.method+" "+tc.target+" below "+tc.base, func(t *testing.T) {
			route, params, err := c.Route(httptest.NewRequest(tc.method, tc.target, nil), tc.base)
			if tc.path == "" {
				want := tc.method + " " + strings.Split(tc.target, "?")[0] + " matches no operation of openapi.yaml"
				if route != nil || !errors.Is(err, contract.ErrNoOperation) || err.Error() != want {
					t.Errorf("route %v, error %v; want %q", route, err, want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if route.Path != tc.path || route.Method != tc.method || !reflect.DeepEqual(params, tc.params) || route.Spec != c.Spec() {
				t.Errorf("%s %s %v; want %s %s %v of the contract's document", route.Method, route.Path, params, tc.method, tc.path, tc.params)
			}
		})
	}
}

// CheckRequest reads the body and puts an equal one back, for a request a
// server received and for one a client is about to send.
func TestCheckRequestRestoresTheBody(t *testing.T) {
	c := fixture(t)
	const body = `{"parts":[{"type":"text","text":"Hello"}]}`
	received := httptest.NewRequest(http.MethodPost, "/conversations/1/messages", strings.NewReader(body))
	toSend, err := http.NewRequest(http.MethodPost, "https://example.com/conversations/1/messages", bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]*http.Request{"received": received, "to send": toSend} {
		r.Header.Set("Content-Type", "application/json")
		route, params, err := c.Route(r, "/")
		if err != nil {
			t.Fatal(err)
		}
		if err := c.CheckRequest(context.Background(), r, route, params); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, err := io.ReadAll(r.Body)
		if err != nil || string(got) != body {
			t.Errorf("%s: body after the check %q, %v; want %q", name, got, err, body)
		}
	}
}

// A uuid parameter is checked, by a validator of the check's own: the
// formats every user of kin-openapi shares stay as they were.
func TestCheckRequestValidatesUUIDsWithoutGlobalState(t *testing.T) {
	c := fixture(t)
	for _, tc := range []struct {
		id string
		ok bool
	}{
		{"0b6e4a6e-7d0c-4a43-9d2a-3f1f4b0e5c11", true},
		{"0B6E4A6E-7D0C-4A43-9D2A-3F1F4B0E5C11", true},
		{"00000000-0000-0000-0000-000000000000", true},
		{"0b6e4a6e-7d0c-4a43-9d2a-3f1f4b0e5c1", false},
		{"0b6e4a6e-7d0c-4a43-9d2a-3f1f4b0e5c111", false},
		{"0b6e4a6e7d0c-4a43-9d2a-3f1f4b0e5c11-", false},
		{"0b6e4a6e-7d0c-4a43-9d2a-3f1f4b0e5cg1", false},
		{"{0b6e4a6e-7d0c-4a43-9d2a-3f1f4b0e5c1}", false},
	} {
		r := httptest.NewRequest(http.MethodGet, "/customers/"+tc.id+"/profile", nil)
		route, params, err := c.Route(r, "/")
		if err != nil {
			t.Fatal(err)
		}
		err = c.CheckRequest(context.Background(), r, route, params)
		var ve *contract.ViolationError
		switch {
		case tc.ok && err != nil:
			t.Errorf("%s: %v", tc.id, err)
		case !tc.ok && (!errors.As(err, &ve) || len(ve.Violations) != 1 || !strings.Contains(ve.Violations[0], `parameter "customer_id" in path has an error: string doesn't match the format "uuid" (not a UUID`)):
			t.Errorf("%s: %v; want one violation: not a UUID", tc.id, err)
		}
	}
	if _, ok := openapi3.SchemaStringFormats["uuid"]; ok {
		t.Error("kin-openapi's global formats gained uuid")
	}
}

// Every failing value of a body is named at its pointer; no value of the
// body is quoted, and kin-openapi's error is kept for errors.As.
func TestViolationsNameEachValueAndQuoteNone(t *testing.T) {
	c := fixture(t)
	const secret = "Erika Mustermann +49 151 2345678"
	r := httptest.NewRequest(http.MethodPatch, "/conversations/123", strings.NewReader(`{"status":"`+secret+`","snooze_until":"`+secret+`"}`))
	r.Header.Set("Content-Type", "application/json")
	route, params, err := c.Route(r, "/")
	if err != nil {
		t.Fatal(err)
	}
	err = c.CheckRequest(context.Background(), r, route, params)
	var ve *contract.ViolationError
	var re *openapi3filter.RequestError
	if !errors.As(err, &ve) || !errors.As(err, &re) || ve.Subject != "request PATCH /conversations/123" || len(ve.Violations) != 2 {
		t.Fatalf("%v; want a ViolationError with two violations wrapping a RequestError", err)
	}
	text := err.Error()
	for _, want := range []string{
		`request PATCH /conversations/123 breaks openapi.yaml: `,
		`at "/status": value is not one of the allowed values ["to-do","snoozed","done"]`,
		`at "/snooze_until": string doesn't match the format "date-time" (not a date-time of RFC 3339, such as 2023-01-01T12:00:00Z)`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("%s\ndoes not say %s", text, want)
		}
	}
	if strings.Contains(text, "Erika") || strings.Contains(text, "2345678") || strings.Contains(text, "\n") {
		t.Errorf("the error quotes the body or spans lines: %s", text)
	}
}

func TestCheckResponse(t *testing.T) {
	c := fixture(t)
	r := httptest.NewRequest(http.MethodPost, "/conversations/1/messages", nil)
	route, params, err := c.Route(r, "/")
	if err != nil {
		t.Fatal(err)
	}
	json := http.Header{"Content-Type": {"application/json"}}
	for _, tc := range []struct {
		name   string
		status int
		body   string
		want   string // "" for no violation
	}{
		{"documented", 201, `{"data":{"id":9,"conversation_id":1,"parts":[{"type":"text","text":"Hi"}]}}`, ""},
		{"a value of the wrong type", 201, `{"data":{"id":"nine","conversation_id":1,"parts":[]}}`,
			`response 201 to POST /conversations/1/messages breaks openapi.yaml: response body doesn't match schema #/components/schemas/SentMessageResponse: at "/data/id": value must be an integer`},
		{"an undocumented status", 418, `{}`, "response 418 to POST /conversations/1/messages breaks openapi.yaml: status is not supported"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := c.CheckResponse(context.Background(), r, route, params, tc.status, json, []byte(tc.body))
			if (tc.want == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%v; want %q", err, tc.want)
			}
		})
	}
	del := httptest.NewRequest(http.MethodDelete, "/conversations/1/notes/2", nil)
	route, params, err = c.Route(del, "/")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.CheckResponse(context.Background(), del, route, params, 204, http.Header{}, nil); err != nil {
		t.Errorf("a 204 with no body: %v", err)
	}
}

// Operations lists every operation, by path, then GET before the writes.
func TestOperationsListsEveryOperation(t *testing.T) {
	c := fixture(t)
	got := c.Operations()
	want := []contract.Operation{
		{Method: "GET", Path: "/conversations", ID: "listConversations", Summary: "List conversations."},
		{Method: "GET", Path: "/conversations/{id}", ID: "getConversation", Summary: "Show conversation by ID."},
		{Method: "PATCH", Path: "/conversations/{id}", ID: "updateConversation", Summary: "Update a conversation."},
		{Method: "POST", Path: "/conversations/{id}/messages", ID: "sendMessage", Summary: "Send a message."},
		{Method: "DELETE", Path: "/conversations/{id}/notes/{note_id}", ID: "deleteNote", Summary: "Delete a note."},
		{Method: "GET", Path: "/customers/{customer_id}/profile", ID: "getCustomerProfile", Summary: "Show a customer by UUID."},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Operations() =\n%v\nwant\n%v", got, want)
	}
	got[0].Method = "changed"
	if c.Operations()[0].Method != "GET" {
		t.Error("Operations hands out the contract's own slice")
	}
}

// A parameter's value, decoded from the URL, is quoted with what a
// terminal would act on escaped, so that a violation stays one line a CLI
// can print and a log can keep.
func TestViolationsEscapeControlCharacters(t *testing.T) {
	c := fixture(t)
	r := httptest.NewRequest(http.MethodGet, "/conversations/1%1b%5B2J%0D%0Ax", nil)
	route, params, err := c.Route(r, "/")
	if err != nil {
		t.Fatal(err)
	}
	err = c.CheckRequest(context.Background(), r, route, params)
	var ve *contract.ViolationError
	if !errors.As(err, &ve) || len(ve.Violations) != 1 {
		t.Fatalf("%v; want one violation", err)
	}
	if want := `parameter "id" in path has an error: value 1\x1b[2J x: an invalid integer: invalid syntax`; ve.Violations[0] != want {
		t.Errorf("violation %q; want %q", ve.Violations[0], want)
	}
}

// A body that breaks its schema at every one of many values gets the
// first 100 violations and a count of the rest, not a message of tens of
// MiB.
func TestViolationsStopAt100(t *testing.T) {
	c := fixture(t)
	body := `{"parts":[` + strings.Repeat(`{},`, 4999) + `{}]}`
	r := httptest.NewRequest(http.MethodPost, "/conversations/1/messages", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	route, params, err := c.Route(r, "/")
	if err != nil {
		t.Fatal(err)
	}
	err = c.CheckRequest(context.Background(), r, route, params)
	var ve *contract.ViolationError
	if !errors.As(err, &ve) || len(ve.Violations) != 101 {
		t.Fatalf("%d violations; want 100 and a count of the rest", len(ve.Violations))
	}
	if first := ve.Violations[0]; !strings.Contains(first, `at "/parts/0"`) {
		t.Errorf("the first violation is %q; want one of /parts/0", first)
	}
	if last, want := ve.Violations[100], "and 4900 more violations"; last != want {
		t.Errorf("the last line is %q; want %q", last, want)
	}
}

// Example is a media type's example, else its first named example by name.
func TestExampleOfAMediaType(t *testing.T) {
	named := func(v any) *openapi3.ExampleRef { return &openapi3.ExampleRef{Value: &openapi3.Example{Value: v}} }
	for _, tc := range []struct {
		media *openapi3.MediaType
		want  any
		ok    bool
	}{
		{&openapi3.MediaType{Example: "one", Examples: openapi3.Examples{"a": named("two")}}, "one", true},
		{&openapi3.MediaType{Examples: openapi3.Examples{"b": named("b"), "a": named("a")}}, "a", true},
		{&openapi3.MediaType{Examples: openapi3.Examples{"a": {}}}, nil, false},
		{&openapi3.MediaType{}, nil, false},
		{nil, nil, false},
	} {
		if got, ok := contract.Example(tc.media); got != tc.want || ok != tc.ok {
			t.Errorf("Example(%+v) = %v, %v; want %v, %v", tc.media, got, ok, tc.want, tc.ok)
		}
	}
}
