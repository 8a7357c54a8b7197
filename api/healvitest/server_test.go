package healvitest_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/healvi-chat/healvi-go/api"
	"github.com/healvi-chat/healvi-go/api/healvitest"
)

// recorder is a test that records what the server reports instead of
// failing, so that a test can assert that a violation is reported.
type recorder struct {
	testing.TB
	mu     sync.Mutex
	errors []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) reported() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.errors...)
}

// client returns New's client for srv with fast retries.
func client(t *testing.T, srv *healvitest.Server, opts ...api.ClientOption) *api.ClientWithResponses {
	t.Helper()
	opts = append([]api.ClientOption{api.WithRetryWait(time.Millisecond, 10*time.Millisecond)}, opts...)
	c, err := api.New(srv.URL, srv.Token, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// get sends a raw GET to srv's path with the given Authorization header.
func get(t *testing.T, url, authorization string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func TestServesTheDocExampleOnContract(t *testing.T) {
	srv := healvitest.NewServer(t)
	conv, err := client(t, srv).Conversation(context.Background(), healvitest.DocExampleID)
	if err != nil {
		t.Fatal(err)
	}
	if conv.ID != 123 || conv.Agent.DisplayID != 4915223567929 || conv.User == nil || conv.User.Email != "jane@example.com" {
		t.Errorf("conversation %d, display id %d, user %+v", conv.ID, conv.Agent.DisplayID, conv.User)
	}
	// The body is the page's own bytes but for user.email.
	_, body := get(t, srv.URL+"/conversations/123", "Bearer "+srv.Token)
	if want := healvitest.DocExampleOnContract(); string(body) != string(want) {
		t.Errorf("body differs from DocExampleOnContract")
	}
	if strings.Count(string(body), `"jane@example.com"`) != 1 || strings.Contains(string(body), `"email": 123`) {
		t.Errorf("user.email is not the one string: %s", body)
	}
}

func TestWrongOrMissingTokenGetsJSON401(t *testing.T) {
	srv := healvitest.NewServer(t)
	for _, auth := range []string{"", "Bearer wrong", "Basic " + srv.Token, "Bearer " + srv.Token + "x"} {
		resp, body := get(t, srv.URL+"/conversations/123", auth)
		var msg struct{ Message string }
		if resp.StatusCode != 401 || resp.Header.Get("Content-Type") != "application/json" || json.Unmarshal(body, &msg) != nil || msg.Message == "" {
			t.Errorf("Authorization %q: %d %s %s", auth, resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
	}
	c, err := api.New(srv.URL, "not-the-token")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Conversation(context.Background(), 123); !errors.Is(err, api.ErrUnauthorized) {
		t.Errorf("client error %v, want ErrUnauthorized", err)
	}
}

func TestUnknownIDGetsJSON404(t *testing.T) {
	srv := healvitest.NewServer(t)
	_, err := client(t, srv).Conversation(context.Background(), 7)
	var apiErr *api.APIError
	if !errors.Is(err, api.ErrNotFound) || !errors.As(err, &apiErr) || apiErr.Message != "Conversation not found." {
		t.Errorf("error %v, want ErrNotFound with the server's message", err)
	}
}

func TestAddedConversationsAreServed(t *testing.T) {
	srv := healvitest.NewServer(t)
	var typed api.ConversationResponse
	if err := json.Unmarshal(healvitest.DocExampleOnContract(), &typed); err != nil {
		t.Fatal(err)
	}
	typed.Data.ID, typed.Data.Status, typed.Data.User = 9, "closed", nil
	srv.AddConversation(typed.Data)

	raw := strings.Replace(string(healvitest.DocExampleOnContract()), `"id": 123,`, `"id": 4000000000,`, 1)
	var data struct{ Data json.RawMessage }
	if err := json.Unmarshal([]byte(raw), &data); err != nil {
		t.Fatal(err)
	}
	srv.AddConversationJSON(4000000000, data.Data)

	c := client(t, srv)
	conv, err := c.Conversation(context.Background(), 9)
	if err != nil || conv.Status != "closed" || conv.User != nil {
		t.Errorf("typed: %+v, %v", conv, err)
	}
	conv, err = c.Conversation(context.Background(), 4000000000)
	if err != nil || conv.ID != 4000000000 {
		t.Errorf("raw: %+v, %v", conv, err)
	}
	if _, err := c.Conversation(context.Background(), 123); err != nil {
		t.Errorf("the doc example is gone: %v", err)
	}
}

// The server cannot drift from openapi.yaml: a conversation that breaks it
// fails the test, naming the field, and the client gets a 500 saying so.
func TestDriftedResponseIsCaught(t *testing.T) {
	conv := string(mustData(t, healvitest.DocExampleOnContract()))
	for _, tc := range []struct {
		name, conversation, field string
	}{
		{"missing required field", strings.Replace(conv, `"reply_possible": true,`, ``, 1), "reply_possible"},
		{"wrong type", strings.Replace(conv, `"unread_customer_messages_count": 123`, `"unread_customer_messages_count": "123"`, 1), "unread_customer_messages_count"},
		{"null where not nullable", strings.Replace(conv, `"status": "to-do"`, `"status": null`, 1), "status"},
		{"bad date-time", strings.Replace(conv, `"created_at": "2023-01-01T12:00:00Z"`, `"created_at": "yesterday"`, 1), "created_at"},
		{"nested field", strings.Replace(conv, `"in_sync": true`, `"in_sync": "yes"`, 1), "in_sync"},
		{"not JSON", `{"id": 5,`, "body"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.conversation == conv {
				t.Fatal("the edit changed nothing")
			}
			rec := &recorder{TB: t}
			srv := healvitest.NewServer(rec)
			srv.AddConversationJSON(5, []byte(tc.conversation))
			_, err := client(t, srv, api.WithRetries(0)).Conversation(context.Background(), 5)

			var apiErr *api.APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != 500 || !strings.Contains(apiErr.Message, "breaks openapi.yaml") || !strings.Contains(apiErr.Message, tc.field) {
				t.Errorf("client error %v; want a 500 whose message names %s", err, tc.field)
			}
			got := rec.reported()
			if len(got) != 1 || !strings.Contains(got[0], "breaks openapi.yaml") || !strings.Contains(got[0], tc.field) {
				t.Errorf("reported %q; want one violation naming %s", got, tc.field)
			}
			if v := srv.Violations(); len(v) != 1 || v[0] != got[0] {
				t.Errorf("Violations() = %q", v)
			}
		})
	}
}

// Nulls where openapi.yaml allows them are no violation.
func TestNullableFieldsMayBeNull(t *testing.T) {
	conv := string(mustData(t, healvitest.DocExampleOnContract()))
	for _, field := range []string{"user", "latest_message", "latest_customer_message", "latest_note", "snooze_until", "reply_until"} {
		conv = nullField(t, conv, field)
	}
	srv := healvitest.NewServer(t)
	srv.AddConversationJSON(6, []byte(conv))
	got, err := client(t, srv).Conversation(context.Background(), 6)
	if err != nil || got.User != nil || got.LatestMessage != nil || got.LatestNote != nil || got.SnoozeUntil != nil {
		t.Errorf("%+v, %v", got, err)
	}
}

// A request off the contract gets a 400 that names the violation, and
// fails the test. No operation of an OpenAPI document can use the method
// PROPFIND, so that request matches none whatever the spec holds.
func TestRequestsOffContractAreCaught(t *testing.T) {
	for _, tc := range []struct{ method, path, want string }{
		{"GET", "/conversations/abc", `id\" in path has an error: value abc`},
		{"GET", "/conversations/0", `id\" in path has an error: number must be at least 1`},
		{"PROPFIND", "/conversations/123", "matches no operation"},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			rec := &recorder{TB: t}
			srv := healvitest.NewServer(rec)
			req, _ := http.NewRequest(tc.method, srv.URL+tc.path, nil)
			req.Header.Set("Authorization", "Bearer "+srv.Token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 400 || !strings.Contains(string(body), tc.want) {
				t.Errorf("%d %s; want a 400 naming %q", resp.StatusCode, body, tc.want)
			}
			if got := rec.reported(); len(got) != 1 || !strings.Contains(got[0], strings.ReplaceAll(tc.want, `\"`, `"`)) {
				t.Errorf("reported %q", got)
			}
		})
	}
}

// A request under no known base path, as from a base URL that lacks
// BasePath, gets the real server's 404, saying where the API is; it is
// not the API, so no violation of its contract.
func TestRequestOutsideTheBasePathGets404(t *testing.T) {
	rec := &recorder{TB: t}
	srv := healvitest.NewServer(rec)
	root := strings.TrimSuffix(srv.URL, healvitest.BasePath)
	for _, path := range []string{"/conversations/123", "/", "/third-party/v2/conversations/123", "/third-party/v10"} {
		for _, auth := range []string{"Bearer " + srv.Token, ""} {
			resp, body := get(t, root+path, auth)
			if resp.StatusCode != 404 || resp.Header.Get("Content-Type") != "application/json" ||
				string(body) != `{"message":"no such path; the API is served under /third-party/v1"}` {
				t.Errorf("GET %s (%q): %d %s", path, auth, resp.StatusCode, body)
			}
		}
	}
	if got := rec.reported(); len(got) != 0 {
		t.Errorf("reported %q", got)
	}
	// Through the client: an ErrNotFound whose message says what to fix.
	c, err := api.New(root, srv.Token)
	if err != nil {
		t.Fatal(err)
	}
	var apiErr *api.APIError
	if _, err := c.Conversation(context.Background(), 123); !errors.Is(err, api.ErrNotFound) || !errors.As(err, &apiErr) || !strings.Contains(apiErr.Message, "served under /third-party/v1") {
		t.Errorf("client error %v", err)
	}
}

// Respond scripts any operation's answer: by operationId, by path
// template, or for one concrete path, which goes first.
func TestRespondScriptsAnyOperation(t *testing.T) {
	conv := mustData(t, healvitest.DocExampleOnContract())
	withStatus := func(status string) []byte {
		return []byte(`{"data":` + strings.Replace(string(conv), `"status": "to-do"`, `"status": "`+status+`"`, 1) + `}`)
	}
	srv := healvitest.NewServer(t)
	c := client(t, srv)
	status := func(id int64) string {
		conv, err := c.Conversation(context.Background(), id)
		if err != nil {
			return err.Error()
		}
		return conv.Status
	}
	srv.Respond("getConversation", 200, withStatus("by-id"))
	if got := status(8); got != "by-id" {
		t.Errorf("by operationId: %q", got)
	}
	srv.Respond("GET /conversations/{id}", 200, withStatus("by-template"))
	srv.Respond("GET /conversations/9", 200, withStatus("by-path"))
	if got := status(8); got != "by-template" {
		t.Errorf("by template: %q", got)
	}
	if got := status(9); got != "by-path" {
		t.Errorf("by concrete path: %q", got)
	}
	srv.Respond("get /conversations/10/", 404, []byte(`{"message":"Gone fishing."}`), "X-Request-Id", "req-9")
	var apiErr *api.APIError
	if _, err := c.Conversation(context.Background(), 10); !errors.As(err, &apiErr) || apiErr.Message != "Gone fishing." || apiErr.RequestID != "req-9" {
		t.Errorf("scripted 404: %v", err)
	}
}

// A scripted answer is checked like any other: a drifted one is a 500 and
// a violation; a route that names nothing is a violation at once.
func TestRespondIsCheckedAgainstTheContract(t *testing.T) {
	rec := &recorder{TB: t}
	srv := healvitest.NewServer(rec)
	srv.Respond("GET /conversations/5", 200, []byte(`{"data": {"id": "five"}}`))
	if _, err := client(t, srv, api.WithRetries(0)).Conversation(context.Background(), 5); !errors.Is(err, api.ErrServer) {
		t.Errorf("a drifted answer: %v, want a 500", err)
	}
	srv.Respond("GET /nowhere/{id}", 200, nil)
	srv.Respond("noSuchOperation", 200, nil)
	srv.Respond("PROPFIND /conversations/5", 200, nil)
	got := rec.reported()
	if len(got) != 4 || !strings.Contains(got[0], "data/id") || !strings.Contains(got[1], "no operation GET /nowhere/{id}") ||
		!strings.Contains(got[2], "no operation with that operationId") || !strings.Contains(got[3], "matches no operation") {
		t.Errorf("reported %q", got)
	}
}

// What a test scripts goes before what the fake serves by itself, the
// documentation's conversation included: by operation beats the built-in
// answer for a path, and by concrete path beats by operation.
func TestScriptedAnswersGoBeforeTheBuiltInOnes(t *testing.T) {
	for _, route := range []string{"getConversation", "GET /conversations/{id}"} {
		t.Run(route, func(t *testing.T) {
			srv := healvitest.NewServer(t)
			c := client(t, srv)
			srv.Respond(route, 403, []byte(`{"message":"Not yours."}`))
			for _, id := range []int64{healvitest.DocExampleID, 7} {
				var apiErr *api.APIError
				if _, err := c.Conversation(context.Background(), id); !errors.Is(err, api.ErrForbidden) || !errors.As(err, &apiErr) || apiErr.Message != "Not yours." {
					t.Errorf("conversation %d: %v, want the scripted 403", id, err)
				}
			}
			srv.Respond("GET /conversations/123", 200, healvitest.DocExampleOnContract())
			if _, err := c.Conversation(context.Background(), healvitest.DocExampleID); err != nil {
				t.Errorf("scripted for the concrete path: %v, want it before the operation's 403", err)
			}
		})
	}
}

// Respond refuses, at once, an answer openapi.yaml does not document, and
// says to script a Fault for that.
func TestRespondRefusesAnUndocumentedAnswerAndNamesFault(t *testing.T) {
	rec := &recorder{TB: t}
	srv := healvitest.NewServer(rec)
	srv.Respond("getConversation", 403, []byte("<h1>Forbidden</h1>"), "Content-Type", "text/html")
	srv.Respond("GET /conversations/5", 418, []byte(`{"message":"teapot"}`))
	srv.Respond("getConversation", 404, []byte(`{"message":"Gone."}`), "Content-Type", "application/json; charset=utf-8")
	got := rec.reported()
	if len(got) != 2 || !strings.Contains(got[0], `no "text/html" body for a 403 response of getConversation (only application/json)`) ||
		!strings.Contains(got[1], "no 418 response of getConversation") {
		t.Fatalf("reported %q", got)
	}
	for _, r := range got {
		if !strings.Contains(r, "script a Fault with FailNext") {
			t.Errorf("%q does not say to script a Fault", r)
		}
	}
	// Neither refused answer was scripted; the documented one was.
	c := client(t, srv, api.WithRetries(0))
	if _, err := c.Conversation(context.Background(), healvitest.DocExampleID); !errors.Is(err, api.ErrNotFound) {
		t.Errorf("conversation 123: %v, want the scripted 404", err)
	}
	if _, err := c.Conversation(context.Background(), 5); !errors.Is(err, api.ErrNotFound) {
		t.Errorf("conversation 5: %v, want the scripted 404", err)
	}
}

func TestRequestsAreRecordedWithTheTokenRedacted(t *testing.T) {
	const token = "tok_FAKE_SECRET/1+x=="
	srv := healvitest.NewServer(t, healvitest.WithToken(token))
	c := client(t, srv)
	_, _ = c.Conversation(context.Background(), 123)
	for _, auth := range []string{
		"Bearer tok_OTHER_SECRET_2",  // a token the server does not know
		"tok_BARE_SECRET_3",          // no scheme at all
		"Token tok_SCHEME_SECRET_4",  // another scheme
		"tok_WORD SECRET_5 SECRET_6", // a first word that is no scheme
	} {
		_, _ = get(t, srv.URL+"/conversations/7?x=1", auth)
	}
	// The server's own token echoed in the query, percent-encoded.
	_, _ = get(t, srv.URL+"/conversations/7?token=tok_FAKE_SECRET%2F1%2Bx%3D%3D", "")

	reqs := srv.Requests()
	if len(reqs) != 6 {
		t.Fatalf("%d requests recorded, want 6", len(reqs))
	}
	first := reqs[0]
	if first.Method != "GET" || first.Path != "/third-party/v1/conversations/123" || !first.Authorized ||
		first.Header.Get("Authorization") != "Bearer [REDACTED]" || !strings.HasPrefix(first.Header.Get("User-Agent"), "healvi-go/") {
		t.Errorf("first request %v %v", first, first.Header)
	}
	for i, want := range []string{"Bearer [REDACTED]", "[REDACTED]", "Token [REDACTED]", "[REDACTED]"} {
		if got := reqs[i+1].Header.Get("Authorization"); got != want {
			t.Errorf("Authorization %q recorded as %q, want %q", reqs[i+1].Header.Get("Authorization"), got, want)
		}
	}
	if r := reqs[1]; r.Authorized || r.Query != "x=1" || r.String() != "GET /third-party/v1/conversations/7?x=1 (not authorized)" {
		t.Errorf("second request %v", r)
	}
	if q := reqs[5].Query; q != "token=[REDACTED]" {
		t.Errorf("query recorded as %q", q)
	}
	for _, r := range reqs {
		if s := fmt.Sprintf("%v %+v %#v", r, r, r); strings.Contains(s, "SECRET") {
			t.Errorf("a printed request shows a token: %s", s)
		}
	}
}

// What a client sends never reaches a log or a test's output raw: the
// request log and the recorded requests escape control characters.
func TestClientTextIsEscapedInLogsAndRecords(t *testing.T) {
	var logs strings.Builder
	var mu sync.Mutex
	logger := slog.New(slog.NewJSONHandler(lockedWriter{&mu, &logs}, nil))
	srv := healvitest.NewServer(t, healvitest.WithLogger(logger))
	// C1 controls and bidi overrides pass net/http's checks of a request.
	_, _ = get(t, srv.URL+"/conversations/123?q=%C2%9B2J", "Bearer "+srv.Token)
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/conversations/123", nil)
	req.Header.Set("Authorization", "Bearer "+srv.Token)
	req.Header.Set("X-Note", "\u009b\u009b2J\u202e")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := srv.Requests()[1].Header.Get("X-Note"); got != `\u009b\u009b2J\u202e` {
		t.Errorf("header recorded as %q", got)
	}
	mu.Lock()
	defer mu.Unlock()
	if strings.Contains(logs.String(), "\u009b") || !strings.Contains(logs.String(), "%C2%9B2J") {
		t.Errorf("the log holds a raw control character or lost the query: %s", logs.String())
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// A server listening on a wildcard address gives a URL a client can use.
func TestWildcardAddressGivesALoopbackURL(t *testing.T) {
	for _, addr := range []string{":0", "0.0.0.0:0", "[::]:0"} {
		srv, err := healvitest.Start(healvitest.WithAddr(addr))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(srv.URL, "http://localhost:") {
			t.Errorf("%s: URL %s", addr, srv.URL)
		}
		if _, err := client(t, srv).Conversation(context.Background(), healvitest.DocExampleID); err != nil {
			t.Errorf("%s: %v", addr, err)
		}
		srv.Close()
	}
}

func mustData(t *testing.T, body []byte) json.RawMessage {
	t.Helper()
	var v struct{ Data json.RawMessage }
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatal(err)
	}
	return v.Data
}

// nullField sets the top-level field of a conversation's JSON to null.
func nullField(t *testing.T, conv, field string) string {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(conv), &m); err != nil {
		t.Fatal(err)
	}
	if _, ok := m[field]; !ok {
		t.Fatalf("no field %s", field)
	}
	m[field] = json.RawMessage("null")
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Validation runs on every request; many goroutines at once must neither
// race nor be reported as violations.
func TestConcurrentRequestsAreValidated(t *testing.T) {
	srv := healvitest.NewServer(t)
	c := client(t, srv)
	var wg sync.WaitGroup
	errs := make(chan error, 32*10)
	for range 32 {
		wg.Go(func() {
			for i := range 10 {
				id := int64(healvitest.DocExampleID)
				if i%2 == 1 {
					id = 7 // a 404, validated too
				}
				if _, err := c.Conversation(context.Background(), id); err != nil && !errors.Is(err, api.ErrNotFound) {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := len(srv.Requests()); n != 320 {
		t.Errorf("%d requests recorded, want 320", n)
	}
}
