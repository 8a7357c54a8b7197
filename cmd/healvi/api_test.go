package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/healvi-chat/healvi-go/api/healvitest"
)

// writesSpec are the routes of testdata/writes.yaml, a spec with the
// writes openapi.yaml does not have yet.
var writesSpec = sync.OnceValues(func() (*routes, error) {
	doc, err := openapi3.NewLoader().LoadFromFile(filepath.Join("testdata", "writes.yaml"))
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, err
	}
	return loadRoutesFrom(doc)
})

func writes(t *testing.T) *routes {
	t.Helper()
	r, err := writesSpec()
	if err != nil {
		t.Fatalf("testdata/writes.yaml: %v", err)
	}
	return r
}

// runCLI runs the command in this process, as main does, with spec (nil
// for the embedded openapi.yaml), the environment vars and stdin.
func runCLI(t *testing.T, spec *routes, vars map[string]string, stdin string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(t.Context(), args, env{
		getenv: func(k string) string { return vars[k] },
		stdin:  strings.NewReader(stdin),
		stdout: &out, stderr: &errOut,
		spec: spec,
	})
	r := result{code: code, stdout: out.String(), stderr: errOut.String()}
	if strings.Contains(r.stdout+r.stderr, secret) {
		t.Errorf("healvi %q printed the token:\nstdout %s\nstderr %s", args, r.stdout, r.stderr)
	}
	return r
}

// received is a request as the recording server got it.
type received struct {
	method, path string
	header       http.Header
	body         []byte
}

// reply is an answer of the recording server.
type reply struct {
	status int
	body   string // JSON; "" for none
}

// recording is an httptest server on loopback that keeps every request
// it gets and answers the nth with the nth reply (the last one again
// when they run out).
type recording struct {
	url     string // the base URL, with the API's base path
	mu      sync.Mutex
	got     []received
	replies []reply
}

func newRecording(t *testing.T, replies ...reply) *recording {
	rec := &recording{replies: replies}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("reading the request body: %v", err)
		}
		rec.mu.Lock()
		rec.got = append(rec.got, received{r.Method, strings.TrimPrefix(r.URL.RequestURI(), healvitest.BasePath), r.Header.Clone(), body})
		answer := rec.replies[min(len(rec.got), len(rec.replies))-1]
		rec.mu.Unlock()
		if answer.body != "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(answer.status)
		io.WriteString(w, answer.body)
	}))
	t.Cleanup(srv.Close)
	rec.url = srv.URL + healvitest.BasePath
	return rec
}

// env points the command at the server.
func (rec *recording) env() map[string]string {
	return map[string]string{"HEALVI_BASE_URL": rec.url, "HEALVI_TOKEN": secret}
}

func (rec *recording) requests() []received {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]received(nil), rec.got...)
}

// writeFile writes content to a file of the test's and returns its path.
func writeFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "body.json")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// indented is body as -o json prints it.
func indented(t *testing.T, body string) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.Indent(&b, []byte(body), "", "  "); err != nil {
		t.Fatal(err)
	}
	return b.String() + "\n"
}

const (
	message = `{"parts":[{"type":"text","text":"Hello"}]}`
	sent    = `{"data":{"id":9,"conversation_id":123,"parts":[{"type":"text","text":"Hello"}]}}`
)

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// A POST with --input reaches the server once, with the body as given, a
// JSON content type, the token and an Idempotency-Key of its own (the
// operation documents one), and prints the 201's body.
func TestAPIPostSendsTheBodyOnceWithAFreshIdempotencyKey(t *testing.T) {
	keys := map[string]bool{}
	for _, tc := range []struct {
		name  string
		args  []string
		stdin string
	}{
		{"--input FILE", []string{"api", "/conversations/123/messages", "--input", writeFile(t, message)}, ""},
		{"--input -", []string{"api", "--input", "-", "/conversations/123/messages"}, message},
		{"-X post", []string{"api", "-X", "post", "/conversations/123/messages", "--input", writeFile(t, message)}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newRecording(t, reply{201, sent})
			r := runCLI(t, writes(t), srv.env(), tc.stdin, tc.args...)
			if r.code != 0 || r.stdout != indented(t, sent) {
				t.Errorf("exit %d, stdout %q, stderr %s; want 0 and the 201's body", r.code, r.stdout, r.stderr)
			}
			got := srv.requests()
			if len(got) != 1 {
				t.Fatalf("the server got %d requests, want 1", len(got))
			}
			req := got[0]
			if req.method != "POST" || req.path != "/conversations/123/messages" || string(req.body) != message {
				t.Errorf("the server got %s %s with body %q", req.method, req.path, req.body)
			}
			if ct, auth := req.header.Get("Content-Type"), req.header.Get("Authorization"); ct != "application/json" || auth != "Bearer "+secret {
				t.Errorf("Content-Type %q, Authorization %q", ct, auth)
			}
			key := req.header.Get("Idempotency-Key")
			if !uuidV4.MatchString(key) || keys[key] {
				t.Errorf("Idempotency-Key %q: want a random UUID, a new one each run (had %v)", key, keys)
			}
			keys[key] = true
			// The fixture's operation is unknown to the generated client.
			if !strings.Contains(r.stderr, "POST /conversations/{id}/messages: this build's client does not know the operation") {
				t.Errorf("stderr %q does not say the answer went unchecked", r.stderr)
			}
		})
	}
}

// An Idempotency-Key given with -H is the one sent, and with it the
// transport retries the write after a 503: every try carries the key.
func TestAPIIdempotencyKeyFromTheFlagGoesWithEveryTry(t *testing.T) {
	srv := newRecording(t, reply{503, `{"message":"try again"}`}, reply{201, sent})
	r := runCLI(t, writes(t), srv.env(), message, "api", "/conversations/123/messages", "--input", "-", "-H", "idempotency-key: my-key-1", "-v")
	if r.code != 0 {
		t.Fatalf("exit %d, stderr %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "retrying") || !strings.Contains(r.stderr, "headers.Idempotency-Key=my-key-1") {
		t.Errorf("-v does not log the retry with its key:\n%s", r.stderr)
	}
	got := srv.requests()
	if len(got) != 2 {
		t.Fatalf("the server got %d requests, want 2 (a 503, then the retry)", len(got))
	}
	for i, req := range got {
		if k := req.header.Get("Idempotency-Key"); k != "my-key-1" || string(req.body) != message {
			t.Errorf("try %d: Idempotency-Key %q, body %q", i+1, k, req.body)
		}
	}
}

// A POST or PATCH whose operation documents no Idempotency-Key is sent
// once: a 503 is not retried, as a retry could make two writes of one.
func TestAPIWriteWithoutIdempotencyKeyIsNotRetried(t *testing.T) {
	for _, tc := range []struct{ method, path, body string }{
		{"POST", "/conversations/123/notes", `{"text":"Called back"}`},
		{"PATCH", "/conversations/123", `{"status":"done"}`},
	} {
		t.Run(tc.method, func(t *testing.T) {
			srv := newRecording(t, reply{503, `{"message":"unavailable"}`})
			r := runCLI(t, writes(t), srv.env(), "", "api", "-X", tc.method, tc.path, "--input", writeFile(t, tc.body))
			if r.code != 3 || !strings.Contains(r.stderr, "503 Service Unavailable") {
				t.Errorf("exit %d, stderr %q; want 3 and the 503", r.code, r.stderr)
			}
			got := srv.requests()
			if len(got) != 1 {
				t.Fatalf("the server got %d requests, want 1", len(got))
			}
			if got[0].method != tc.method || got[0].header.Get("Idempotency-Key") != "" {
				t.Errorf("the server got %s with Idempotency-Key %q", got[0].method, got[0].header.Get("Idempotency-Key"))
			}
		})
	}
}

// customerData stands in a body's values: no error may quote it.
const customerData = "CUSTOMER_DATA_5e1f"

// A request that breaks the spec exits 2 naming what breaks it, before
// anything is sent, and quotes no value of the body.
func TestAPIRequestThatBreaksTheSpecIsNotSent(t *testing.T) {
	srv := newRecording(t, reply{500, `{}`})
	for _, tc := range []struct {
		name  string
		args  []string
		input string // sent with --input FILE when not ""
		want  []string
	}{
		{"a required property missing", []string{"api", "/conversations/123/messages"}, `{"note":"` + customerData + `"}`,
			[]string{`POST "/conversations/123/messages" does not fit POST /conversations/{id}/messages: request body has an error: doesn't match schema #/components/schemas/MessageDraft: at "/parts": property "parts" is missing`}},
		{"a property missing deeper", []string{"api", "/conversations/123/messages"}, `{"parts":[{"type":"` + customerData + `"}]}`,
			[]string{`at "/parts/0/text": property "text" is missing`}},
		{"two violations", []string{"api", "/conversations/123/messages"}, `{"parts":[{"type":"text","text":""},{"type":"text","text":42}]}`,
			[]string{`at "/parts/0/text": minimum string length is 1; request body has an error: doesn't match schema #/components/schemas/MessageDraft: at "/parts/1/text": value must be a string`}},
		{"a value not in the enum", []string{"api", "-X", "PATCH", "/conversations/123"}, `{"status":"` + customerData + `"}`,
			[]string{`PATCH /conversations/{id}: request body has an error: doesn't match schema #/components/schemas/ConversationPatch: at "/status": value is not one of the allowed values`}},
		{"a value not in its format", []string{"api", "-X", "PATCH", "/conversations/123"}, `{"snooze_until":"` + customerData + `"}`,
			[]string{`at "/snooze_until": string doesn't match the format "date-time"`}},
		{"no body where one is required", []string{"api", "-X", "POST", "/conversations/123/messages"}, "",
			[]string{`request body has an error: value is required but missing`}},
		{"a body where none is documented", []string{"api", "-X", "DELETE", "/conversations/123/notes/5"}, `{}`,
			[]string{`DELETE /conversations/{id}/notes/{note_id}: it documents no request body`}},
		{"a body that is not JSON", []string{"api", "/conversations/123/messages"}, `{"parts": [` + customerData,
			[]string{`--input is not JSON: a syntax error at byte 12`}},
		{"an empty body", []string{"api", "/conversations/123/messages"}, " \n", []string{"--input is empty"}},
		{"a malformed uuid", []string{"api", "/customers/0b6e4a6e-7d0c-4a43-9d2a-3f1f4b0e5c1/profile"}, "",
			[]string{`parameter "customer_id" in path has an error: string doesn't match the format "uuid"`}},
		{"a malformed integer", []string{"api", "-X", "delete", "/conversations/123/notes/x"}, "",
			[]string{`parameter "note_id" in path has an error`}},
		{"an unknown path", []string{"api", "/nowhere"}, "",
			[]string{`GET "/nowhere" matches no operation of the API; these are the ones it has:`,
				"  GET    /conversations/{id}                      Show conversation by ID.\n",
				"  PATCH  /conversations/{id}                      Update a conversation.\n",
				"  POST   /conversations/{id}/messages             Send a message.\n",
				"  DELETE /conversations/{id}/notes/{note_id}      Delete a note.\n",
				"  GET    /customers/{customer_id}/profile         Show a customer by UUID.\n"}},
		{"an unknown method", []string{"api", "-X", "PUT", "/conversations/123"}, `{"status":"done"}`,
			[]string{`PUT "/conversations/123" matches no operation of the API`, "  POST   /conversations/{id}/notes"}},
		{"an undocumented header", []string{"api", "/conversations/123/messages", "-H", "X-Trace: " + customerData}, message,
			[]string{`it documents no header parameter "X-Trace" (it has Idempotency-Key)`}},
		{"a header breaking its schema", []string{"api", "/conversations/123/messages", "-H", "Idempotency-Key: " + strings.Repeat("k", 256)}, message,
			[]string{`parameter "Idempotency-Key" in header has an error: maximum string length is 255`}},
		{"the Authorization header", []string{"api", "/conversations/123", "--header", "Authorization: Bearer " + secret}, "",
			[]string{"-H Authorization: the token goes in HEALVI_TOKEN or --token-file"}},
		{"a header without a value", []string{"api", "/conversations/123", "-H", customerData}, "",
			[]string{"-H number 1: want KEY:VALUE"}},
		{"a method that is none", []string{"api", "-X", "P0ST", "/conversations/123"}, "",
			[]string{`-X "P0ST" is not an HTTP method`}},
		{"a method that is one only in upper case", []string{"api", "-X", "poſt", "/conversations/123/notes"}, `{"text":"Called back"}`,
			[]string{`-X "poſt" is not an HTTP method`}},
		{"a header given twice", []string{"api", "/conversations/123/messages", "-H", "Idempotency-Key: a", "-H", "idempotency-key: b"}, message,
			[]string{"-H Idempotency-Key is given twice"}},
		{"an escaped slash, which the server sees in its segment", []string{"api", "-X", "DELETE", "/conversations/123%2Fnotes/5"}, "",
			[]string{`DELETE "/conversations/123%2Fnotes/5" matches no operation of the API`}},
		{"a control character in a parameter", []string{"api", "/conversations/1%1b%5B2J"}, "",
			[]string{`parameter "id" in path has an error: value 1\x1b[2J: an invalid integer`}},
		{"stdin for both body and token", []string{"api", "--input", "-", "--token-file", "-", "/conversations/123/messages"}, "",
			[]string{"--input - and --token-file - both read standard input"}},
		{"a flag of api to get", []string{"get", "-X", "DELETE", "123"}, "",
			[]string{"-X, --input and -H are flags of api"}},
		{"no PATH", []string{"api", "-X", "GET"}, "", []string{"api takes one PATH"}},
		{"an input over 1 MiB", []string{"api", "/conversations/123/messages"}, `{"parts":[{"type":"text","text":"` + strings.Repeat("x", 1<<20) + `"}]}`,
			[]string{"--input"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := tc.args
			if tc.input != "" {
				args = append(args, "--input", writeFile(t, tc.input))
			}
			r := runCLI(t, writes(t), srv.env(), "", args...)
			for _, want := range tc.want {
				if r.code != 2 || !strings.Contains(r.stderr, want) {
					t.Errorf("exit %d, stderr\n%s\nwant 2 and %q", r.code, r.stderr, want)
				}
			}
			if strings.Contains(r.stderr, customerData) {
				t.Errorf("stderr quotes a value of the request: %s", r.stderr)
			}
			if rawControl(r.stderr) {
				t.Errorf("stderr holds a raw control character: %q", r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout %q", r.stdout)
			}
		})
	}
	if got := srv.requests(); len(got) != 0 {
		t.Errorf("the server got %d requests that break the spec, the first %s %s", len(got), got[0].method, got[0].path)
	}
}

// A uuid path parameter in its format goes through: the refusal of a
// malformed one is the format's, not the path's.
func TestAPIUUIDPathParameterInItsFormatIsSent(t *testing.T) {
	srv := newRecording(t, reply{200, `{"data":{"uuid":"0b6e4a6e-7d0c-4a43-9d2a-3f1f4b0e5c11","name":"Erika"}}`})
	r := runCLI(t, writes(t), srv.env(), "", "api", "/customers/0b6e4a6e-7d0c-4a43-9d2a-3f1f4b0e5c11/profile")
	if got := srv.requests(); r.code != 0 || len(got) != 1 || got[0].path != "/customers/0b6e4a6e-7d0c-4a43-9d2a-3f1f4b0e5c11/profile" {
		t.Errorf("exit %d, stderr %s, %d requests", r.code, r.stderr, len(got))
	}
}

// A DELETE answered 204 No Content prints nothing and exits 0; it sends
// no body and no content type.
func TestAPIDeleteAnsweredNoContentPrintsNothing(t *testing.T) {
	srv := newRecording(t, reply{204, ""})
	r := runCLI(t, writes(t), srv.env(), "", "api", "-X", "DELETE", "/conversations/123/notes/5")
	if r.code != 0 || r.stdout != "" {
		t.Errorf("exit %d, stdout %q, stderr %s; want 0 and nothing", r.code, r.stdout, r.stderr)
	}
	got := srv.requests()
	if len(got) != 1 || got[0].method != "DELETE" || got[0].path != "/conversations/123/notes/5" || len(got[0].body) != 0 || got[0].header.Get("Content-Type") != "" {
		t.Errorf("the server got %+v", got)
	}
}

// An error answer to a write exits 3 with its status and message, as get
// does.
func TestAPIErrorAnswerExits3(t *testing.T) {
	for _, tc := range []struct {
		status int
		want   string
	}{
		{400, "healvi: POST /third-party/v1/conversations/123/messages: 400 Bad Request: parts are empty\n"},
		{404, "healvi: POST /third-party/v1/conversations/123/messages: 404 Not Found: parts are empty\n"},
	} {
		srv := newRecording(t, reply{tc.status, `{"message":"parts are empty"}`})
		r := runCLI(t, writes(t), srv.env(), message, "api", "/conversations/123/messages", "--input", "-")
		if r.code != 3 || r.stderr != tc.want || r.stdout != "" {
			t.Errorf("%d: exit %d, stdout %q, stderr %q; want 3 and %q", tc.status, r.code, r.stdout, r.stderr, tc.want)
		}
		if n := len(srv.requests()); n != 1 {
			t.Errorf("%d: the server got %d requests, want 1", tc.status, n)
		}
	}
}

// `healvi api -X get PATH` is `healvi get PATH`, on the embedded
// openapi.yaml: the same output in every format, the same errors and
// exit codes.
func TestAPIGetIsGet(t *testing.T) {
	srv, vars := fake(t)
	for _, tc := range []struct {
		get, api []string
	}{
		{[]string{"get", "123"}, []string{"api", "-X", "get", "/conversations/123"}},
		{[]string{"get", "123", "-o", "table"}, []string{"api", "/conversations/123", "-o", "table"}},
		{[]string{"get", "-o", "yaml", "/conversations/123"}, []string{"api", "-X", "GET", "-o", "yaml", "/conversations/123"}},
		{[]string{"get", "7"}, []string{"api", "/conversations/7"}},
		{[]string{"get", "/conversations/abc"}, []string{"api", "/conversations/abc"}},
	} {
		want := runCLI(t, nil, vars, "", tc.get...)
		got := runCLI(t, nil, vars, "", tc.api...)
		if got != want || want.stdout+want.stderr == "" {
			t.Errorf("%q: exit %d\n%s%s\n%q: exit %d\n%s%s", tc.api, got.code, got.stdout, got.stderr, tc.get, want.code, want.stdout, want.stderr)
		}
	}
	// A 2xx that lacks what the operation documents fails alike.
	srv.FailNext(2, healvitest.Fault{Status: 200, Body: []byte(`{}`)})
	want := runCLI(t, nil, vars, "", "get", "123")
	got := runCLI(t, nil, vars, "", "api", "/conversations/123")
	if got != want || want.code != 3 || !strings.Contains(want.stderr, "invalid response: required property data is missing") {
		t.Errorf("api: %+v\nget: %+v", got, want)
	}
}

// An interrupt ends a read of standard input that would never end (a
// terminal no one types into, a pipe kept open): main catches it to end
// a request well, so the read must give up by itself.
func TestInterruptEndsAReadOfStandardInput(t *testing.T) {
	srv := newRecording(t, reply{201, sent})
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"--input -", []string{"api", "/conversations/123/messages", "--input", "-"}, "healvi: --input: interrupted before it was read\n"},
		{"--token-file -", []string{"get", "123", "--token-file", "-"}, "healvi: --token-file: interrupted before it was read\n"},
		{"--body -", []string{"check", "--body", "-", "--operation", "getConversation"}, "healvi: --body: interrupted before it was read\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdin, w := io.Pipe() // written by no one, and never closed
			t.Cleanup(func() { w.Close() })
			ctx, interrupt := context.WithCancel(t.Context())
			interrupt() // as signal.NotifyContext does on Ctrl-C
			var stderr bytes.Buffer
			e := env{getenv: func(k string) string { return srv.env()[k] }, stdin: stdin, stdout: io.Discard, stderr: &stderr, spec: writes(t)}
			done := make(chan int, 1)
			go func() { done <- run(ctx, tc.args, e) }()
			select {
			case code := <-done:
				if code != 2 || !strings.HasPrefix(stderr.String(), tc.want) {
					t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr.String(), tc.want)
				}
			case <-time.After(10 * time.Second): // a watchdog
				t.Fatal("the command still reads standard input after the interrupt")
			}
		})
	}
	if n := len(srv.requests()); n != 0 {
		t.Errorf("the server got %d requests", n)
	}
}

// -v logs each request without the token, even where a careless user put
// it: in a header parameter given with -H, or in the query.
func TestVerboseRedactsTheTokenGivenInAHeaderOrTheQuery(t *testing.T) {
	srv := newRecording(t, reply{201, sent})
	r := runCLI(t, writes(t), srv.env(), message, "api", "/conversations/123/messages?x="+secret, "--input", "-", "-H", "Idempotency-Key: "+secret, "-v")
	if r.code != 0 || !strings.Contains(r.stderr, "headers.Idempotency-Key=[REDACTED]") {
		t.Errorf("exit %d, stderr %s", r.code, r.stderr)
	}
}
