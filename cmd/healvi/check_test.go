package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	healvispec "github.com/healvi-chat/healvi-go"
	"github.com/healvi-chat/healvi-go/api/healvitest"
)

// driftedDoc is the documentation's conversation drifted as a real server
// might: agent null, created_at and customer.profile.name missing (both
// required), an undocumented property foo. Its values are recognisable,
// so that a test can tell none of them is printed.
func driftedDoc(t *testing.T) []byte {
	t.Helper()
	var doc map[string]map[string]any
	if err := json.Unmarshal(healvitest.DocExampleOnContract(), &doc); err != nil {
		t.Fatal(err)
	}
	conv := doc["data"]
	conv["agent"] = nil
	delete(conv, "created_at")
	conv["foo"] = "FOO_VALUE_c41e"
	customer := conv["customer"].(map[string]any)
	customer["name"] = "CUSTOMER_NAME_77aa"
	profile := customer["profile"].(map[string]any)
	delete(profile, "name")
	profile["phone_number"] = "+49 PHONE_5151"
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// wantDrift is what check reports for driftedDoc: pointer, kind and edit.
var wantDrift = []finding{
	{Pointer: "/data/agent", Kind: "null", Got: "null", Edit: "Agent: add nullable: true"},
	{Pointer: "/data/created_at", Kind: "missing", Got: "missing", Edit: "Conversation: remove created_at from required"},
	{Pointer: "/data/customer/profile/name", Kind: "missing", Got: "missing", Edit: "CustomerProfile: remove name from required"},
	{Pointer: "/data/foo", Kind: "undocumented", Got: "a string, undocumented", Edit: "Conversation.properties: add foo (type string)"},
}

// leaves returns every string and number in a JSON document, as text.
func leaves(v any, out *[]string) {
	switch v := v.(type) {
	case map[string]any:
		for _, x := range v {
			leaves(x, out)
		}
	case []any:
		for _, x := range v {
			leaves(x, out)
		}
	case string:
		*out = append(*out, v)
	case float64:
		*out = append(*out, strconv.FormatFloat(v, 'f', -1, 64))
	}
}

// assertNoValues fails if output holds a value of body that the spec does
// not hold itself (the spec's words, such as "bridge", may be quoted).
func assertNoValues(t *testing.T, body []byte, output string) {
	t.Helper()
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatal(err)
	}
	var values []string
	leaves(v, &values)
	spec := string(healvispec.OpenAPI())
	for _, value := range values {
		if strings.Contains(output, value) && !strings.Contains(spec, value) {
			t.Errorf("output shows the value %q of the body:\n%s", value, output)
		}
	}
}

func parseFindings(t *testing.T, stdout string) []finding {
	t.Helper()
	var got []finding
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("-o json is not a JSON array of findings: %v\n%s", err, stdout)
	}
	return got
}

// assertDrift checks that got is wantDrift, for request.
func assertDrift(t *testing.T, got []finding, request string) {
	t.Helper()
	if len(got) != len(wantDrift) {
		t.Fatalf("%d findings, want %d: %+v", len(got), len(wantDrift), got)
	}
	for i, w := range wantDrift {
		g := got[i]
		if g.Request != request || g.Pointer != w.Pointer || g.Kind != w.Kind || g.Got != w.Got || g.Edit != w.Edit || g.Spec == "" {
			t.Errorf("finding %d = %+v\nwant %s %+v", i, g, request, w)
		}
	}
}

func TestCheckMatchesTheFake(t *testing.T) {
	if r := healvi(t, nil, "", "--demo", "check", "123"); r.code != 0 || r.stdout != "" || !strings.Contains(r.stderr, "GET /conversations/123 matches openapi.yaml") {
		t.Errorf("--demo check 123: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	_, env := fake(t)
	if r := healvi(t, env, "", "check", "123", "/conversations/123", "-o", "json"); r.code != 0 || strings.TrimSpace(r.stdout) != "[]" {
		t.Errorf("check against healvitest: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	s := serveCommand(t, "--addr", "127.0.0.1:0", "--token", secret)
	defer s.stop()
	if r := healvi(t, map[string]string{"HEALVI_BASE_URL": s.base, "HEALVI_TOKEN": secret}, "", "check", "123"); r.code != 0 || r.stdout != "" {
		t.Errorf("check against healvi serve: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

// A server whose conversation drifted: check names each pointer and the
// edit of openapi.yaml, and prints no value of the body.
func TestCheckReportsEachDriftWithoutValues(t *testing.T) {
	body := driftedDoc(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+secret {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	env := map[string]string{"HEALVI_BASE_URL": srv.URL + healvitest.BasePath, "HEALVI_TOKEN": secret}

	r := healvi(t, env, "", "check", "77")
	if r.code != 5 {
		t.Fatalf("exit %d, want 5; stdout %s stderr %s", r.code, r.stdout, r.stderr)
	}
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != len(wantDrift) {
		t.Fatalf("%d lines, want one per finding:\n%s", len(lines), r.stdout)
	}
	for i, w := range wantDrift {
		if !strings.HasPrefix(lines[i], "GET /conversations/77 "+w.Pointer+": ") || !strings.HasSuffix(lines[i], "edit: "+w.Edit) {
			t.Errorf("line %q; want %s with edit %q", lines[i], w.Pointer, w.Edit)
		}
	}
	assertNoValues(t, body, r.stdout+r.stderr)

	r = healvi(t, env, "", "check", "-o", "json", "77")
	if r.code != 5 {
		t.Fatalf("-o json: exit %d, stderr %s", r.code, r.stderr)
	}
	assertDrift(t, parseFindings(t, r.stdout), "GET /conversations/77")
	assertNoValues(t, body, r.stdout+r.stderr)
}

// The same drift scripted on purpose in healvitest reaches check as such.
func TestCheckSeesDriftScriptedInTheFake(t *testing.T) {
	srv, env := fake(t)
	srv.RespondDrifted("GET /conversations/77", http.StatusOK, driftedDoc(t))
	r := healvi(t, env, "", "check", "123", "77", "-o", "json")
	if r.code != 5 || !strings.Contains(r.stderr, "GET /conversations/123 matches") {
		t.Fatalf("exit %d, want 5; stderr %s", r.code, r.stderr)
	}
	assertDrift(t, parseFindings(t, r.stdout), "GET /conversations/77")
}

// An error answer is an API error, as for get, not drift; what cannot be
// reached is exit 4; a bad argument is exit 2 before any request.
func TestCheckExitCodes(t *testing.T) {
	srv, env := fake(t)
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"check", "999"}, 3},
		{[]string{"check", "123", "999"}, 3},
		{[]string{"check", "0"}, 2},
		{[]string{"check", "123", "/nothing"}, 2},
		{[]string{"check"}, 2},
		{[]string{"check", "123", "-o", "table"}, 2},
		{[]string{"check", "123", "--status", "200"}, 2},
		{[]string{"get", "123", "--body", "x.json"}, 2},
	} {
		if r := healvi(t, env, "", tc.args...); r.code != tc.code {
			t.Errorf("%q: exit %d, want %d; stderr %s", tc.args, r.code, tc.code, r.stderr)
		}
	}
	if n := len(srv.Requests()); n != 3 {
		t.Errorf("%d requests; want 3, none for a bad argument", n)
	}
	l := httptest.NewServer(http.NotFoundHandler())
	url := l.URL
	l.Close()
	if r := healvi(t, map[string]string{"HEALVI_BASE_URL": url + healvitest.BasePath, "HEALVI_TOKEN": secret}, "", "check", "--retries", "0", "123"); r.code != 4 {
		t.Errorf("unreachable: exit %d, want 4; stderr %s", r.code, r.stderr)
	}
}

// --body checks a saved response offline: no base URL, no token.
func TestCheckSavedBody(t *testing.T) {
	body := driftedDoc(t)
	file := filepath.Join(t.TempDir(), "ticket.json")
	if err := os.WriteFile(file, body, 0o600); err != nil {
		t.Fatal(err)
	}
	r := healvi(t, nil, "", "check", "--body", file, "--operation", "getConversation", "-o", "json")
	if r.code != 5 {
		t.Fatalf("file: exit %d, stderr %s", r.code, r.stderr)
	}
	assertDrift(t, parseFindings(t, r.stdout), "GET /conversations/{id}")
	assertNoValues(t, body, r.stdout+r.stderr)

	r = healvi(t, nil, string(body), "check", "--body", "-", "77", "--status", "200")
	if r.code != 5 || strings.Count(r.stdout, "\n") != len(wantDrift) || !strings.HasPrefix(r.stdout, "GET /conversations/77 /data/agent: ") {
		t.Errorf("stdin: exit %d, stdout %s stderr %s", r.code, r.stdout, r.stderr)
	}
	if r := healvi(t, nil, string(healvitest.DocExampleOnContract()), "check", "--body", "-", "--operation", "getConversation"); r.code != 0 || r.stdout != "" {
		t.Errorf("the documentation's example: exit %d, stdout %s stderr %s", r.code, r.stdout, r.stderr)
	}
	// The page's verbatim example has its one slip.
	r = healvi(t, nil, string(healvitest.DocExample()), "check", "--body", "-", "--operation", "getConversation")
	if r.code != 5 || !strings.Contains(r.stdout, "/data/user/email: an integer") || !strings.Contains(r.stdout, "edit: User.email: type string → integer") {
		t.Errorf("verbatim page: exit %d, stdout %s", r.code, r.stdout)
	}
	for _, args := range [][]string{
		{"check", "--body", file},
		{"check", "--body", file, "--operation", "getConversation", "5"},
		{"check", "--body", file, "--operation", "nope"},
		{"check", "--body", file, "--operation", "getConversation", "--status", "1000"},
		{"check", "--body", filepath.Join(t.TempDir(), "missing.json"), "--operation", "getConversation"},
	} {
		if r := healvi(t, nil, "", args...); r.code != 2 {
			t.Errorf("%q: exit %d, want 2; stderr %s", args, r.code, r.stderr)
		}
	}
}

// Every kind of finding, from a body saved offline.
func TestCheckNamesEveryKindOfDrift(t *testing.T) {
	conv := string(mustData(t, healvitest.DocExampleOnContract()))
	for _, tc := range []struct {
		name, from, to string
		want           finding
	}{
		{"type", `"in_sync": true`, `"in_sync": "yes"`, finding{Pointer: "/data/agent/in_sync", Kind: "type", Got: "a string", Edit: "Agent.in_sync: type boolean → string"}},
		{"format", `"reply_until": "2023-01-01T12:00:00Z"`, `"reply_until": "soon"`, finding{Pointer: "/data/reply_until", Kind: "format", Got: "a string not in format date-time", Edit: "Conversation.reply_until: remove format: date-time"}},
		{"bound", `"id": 123,`, `"id": 0,`, finding{Pointer: "/data/id", Kind: "bound", Got: "an integer outside minimum", Edit: "Conversation.id: relax or remove minimum"}},
		{"null inline", `"status": "to-do"`, `"status": null`, finding{Pointer: "/data/status", Kind: "null", Got: "null", Edit: "Conversation.status: add nullable: true"}},
		{"array item", `"type": "text"`, `"type": "text", "extra": {}`, finding{Pointer: "/data/latest_message/contents/0/extra", Kind: "undocumented", Got: "an object, undocumented", Edit: "MessageContent.properties: add extra (type object)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			drifted := strings.Replace(conv, tc.from, tc.to, 1)
			if drifted == conv {
				t.Fatal("the edit changed nothing")
			}
			r := healvi(t, nil, `{"data":`+drifted+`}`, "check", "--body", "-", "--operation", "getConversation", "-o", "json")
			got := parseFindings(t, r.stdout)
			w := tc.want
			if r.code != 5 || len(got) != 1 || got[0].Pointer != w.Pointer || got[0].Kind != w.Kind || got[0].Got != w.Got || got[0].Edit != w.Edit {
				t.Errorf("exit %d, findings %+v; want %+v", r.code, got, w)
			}
		})
	}
	// A status the operation does not document is drift too.
	r := healvi(t, nil, `{}`, "check", "--body", "-", "--operation", "getConversation", "--status", "299", "-o", "json")
	if got := parseFindings(t, r.stdout); r.code != 5 || len(got) != 1 || got[0].Edit != `getConversation.responses: add "299"` {
		t.Errorf("status 299: exit %d, findings %+v", r.code, got)
	}
	for _, body := range []string{"", "{", "<html>"} {
		r := healvi(t, nil, body, "check", "--body", "-", "--operation", "getConversation", "-o", "json")
		if got := parseFindings(t, r.stdout); r.code != 5 || len(got) != 1 || got[0].Kind != "other" {
			t.Errorf("body %q: exit %d, findings %+v", body, r.code, got)
		}
	}
}
