package healvitest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"

	healvi "github.com/healvi-chat/healvi-go"
	"github.com/healvi-chat/healvi-go/internal/spec"
)

// fixturePath holds an operation of each kind the fake serves, while
// openapi.yaml has only a GET: a POST with a required body answered 201, a
// PATCH, a DELETE answered 204 with no content, a uuid path parameter, a
// list with an enum array and a date in its query.
const fixturePath = "testdata/operations.yaml"

// startFixture starts a server for the fixture's operations instead of
// openapi.yaml's. Violations are kept, not reported: each test asserts on
// them itself.
func startFixture(t *testing.T, opts ...Option) *Server {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromFile(fixturePath)
	if err != nil {
		t.Fatal(err)
	}
	o, err := newOracle(doc)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := Start(append(opts, func(c *config) { c.oracle = o })...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv
}

// Every operation is served unscripted, without a line of the fake
// written for it: its documented example request (method, path, headers,
// body) gets its documented answer, valid against the spec: the JSON
// example with its status (a 201 to the POST), or no body at all for a
// 204. Both openapi.yaml and the fixture of every kind of operation.
func TestEveryOperationServesItsExample(t *testing.T) {
	embedded, err := openapi3.NewLoader().LoadFromData(healvi.OpenAPI())
	if err != nil {
		t.Fatal(err)
	}
	fixture, err := openapi3.NewLoader().LoadFromFile(fixturePath)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		doc   *openapi3.T
		start func(*testing.T) *Server
		// What the spec must hold, so that the test proves each kind.
		minOps, minWrites, minNoContent int
	}{
		{"openapi.yaml", embedded, func(t *testing.T) *Server { return NewServer(t) }, 1, 0, 0},
		{fixturePath, fixture, func(t *testing.T) *Server { return startFixture(t) }, 6, 2, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := tc.start(t)
			ops, writes, noContent := 0, 0, 0
			for _, path := range tc.doc.Paths.InMatchingOrder() {
				for method, op := range tc.doc.Paths.Value(path).Operations() {
					ex := spec.ExampleRequest(method, path, op)
					status, header, body := sendExample(t, srv, ex, ex.Body)
					if problem := answers(ex, status, header, body); problem != "" {
						t.Errorf("%s %s: %s", ex.Method, ex.Target, problem)
					}
					ops++
					if ex.Body != nil {
						writes++
					}
					if ex.Response == nil {
						noContent++
					}
				}
			}
			if ops < tc.minOps || writes < tc.minWrites || noContent < tc.minNoContent {
				t.Errorf("%d operations, %d with a body, %d without content; want at least %d, %d, %d", ops, writes, noContent, tc.minOps, tc.minWrites, tc.minNoContent)
			}
			if v := srv.Violations(); len(v) > 0 {
				t.Errorf("violations: %q", v)
			}
		})
	}
}

// A write is served like a read: the PATCH of a conversation answers for
// the example's conversation only, and a 404 for any other.
func TestWriteToAnotherResourceGets404(t *testing.T) {
	srv := startFixture(t)
	ex := spec.Example{Method: http.MethodPatch, Target: "/conversations/7", Body: []byte(`{"status":"done"}`)}
	status, _, body := sendExample(t, srv, ex, ex.Body)
	if status != http.StatusNotFound || string(body) != `{"message":"Conversation not found."}` {
		t.Errorf("%d %s; want the 404 of a conversation not found", status, body)
	}
	if v := srv.Violations(); len(v) > 0 {
		t.Errorf("violations: %q", v)
	}
}

// A request that breaks the spec, in its path, query or body, gets a 400
// naming the violation, which is kept in Violations; neither quotes a
// value of the body.
func TestRequestsThatBreakTheSpecGet400(t *testing.T) {
	const customer = "Erika Mustermann" // a customer's data, in a body
	post := func(target, contentType, body string) spec.Example {
		h := http.Header{}
		if contentType != "" {
			h.Set("Content-Type", contentType)
		}
		ex := spec.Example{Method: http.MethodPost, Target: target, Header: h}
		if body != "" {
			ex.Body = []byte(body)
		}
		return ex
	}
	patch := func(body string) spec.Example {
		ex := post("/conversations/123", "", body)
		ex.Method = http.MethodPatch
		return ex
	}
	get := func(target string) spec.Example { return spec.Example{Method: http.MethodGet, Target: target} }
	for _, tc := range []struct {
		name string
		ex   spec.Example
		want []string
	}{
		{"malformed uuid", get("/customers/0b6e4a6e-7d0c-4a43-9d2a-3f1f4b0e5c1/profile"),
			[]string{`parameter "customer_id" in path has an error`, "not a UUID"}},
		{"uuid without hyphens", get("/customers/0b6e4a6e7d0c4a439d2a3f1f4b0e5c11/profile"), []string{"not a UUID"}},
		{"uuid not hex", get("/customers/0b6e4a6e-7d0c-4a43-9d2a-3f1f4b0e5cxz/profile"), []string{"not a UUID"}},
		{"an enum array's unknown value", get("/conversations?status=to-do&status=closed"),
			[]string{`parameter "status" in query has an error`, "value is not one of the allowed values"}},
		{"a date that is no day", get("/conversations?since=2023-02-30"), []string{`parameter "since" in query has an error`}},
		{"a value its enum does not allow", patch(`{"status":"` + customer + `"}`),
			[]string{`request body has an error: doesn't match schema #/components/schemas/ConversationPatch: at "/status": value is not one of the allowed values`}},
		{"a value its enum does not allow and one not of its format", patch(`{"status":"` + customer + `","snooze_until":"` + customer + `"}`),
			[]string{`at "/status": value is not one of the allowed values`, `at "/snooze_until": string doesn't match the format "date-time" (not a date-time of RFC 3339`}},
		{"a value of the wrong type", post("/conversations/1/messages", "", `{"parts":[{"type":"text","text":5}]}`),
			[]string{`at "/parts/0/text": value must be a string`}},
		{"too few items", post("/conversations/1/messages", "", `{"parts":[]}`), []string{`at "/parts": minimum number of items is 1`}},
		{"a required property missing", post("/conversations/1/messages", "", `{"text":"`+customer+`"}`),
			[]string{`at "/parts": property "parts" is missing`}},
		{"a union member that fits no schema", post("/conversations/1/messages", "", `{"parts":[{"type":"text","text":""}]}`),
			[]string{`at "/parts/0/text": minimum string length is 1`}},
		{"no body where one is required", post("/conversations/1/messages", "", ""), []string{"request body has an error: value is required but missing"}},
		{"a PATCH without its body", patch(""), []string{"request body has an error: value is required but missing"}},
		{"a body that is not JSON", post("/conversations/1/messages", "", `{"parts": [`), []string{"request body has an error: failed to decode request body"}},
		{"a body of another content type", post("/conversations/1/messages", "text/plain", `parts`), []string{`header Content-Type has unexpected value "text/plain"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := startFixture(t)
			body := tc.ex.Body
			if tc.ex.Header.Get("Content-Type") == "" && body != nil {
				tc.ex.Header = http.Header{"Content-Type": {"application/json"}}
			}
			status, _, got := sendExample(t, srv, tc.ex, body)
			var msg struct{ Message string }
			if err := json.Unmarshal(got, &msg); status != http.StatusBadRequest || err != nil {
				t.Fatalf("%d %s; want a JSON 400", status, got)
			}
			v := srv.Violations()
			if len(v) != 1 {
				t.Fatalf("violations %q; want one", v)
			}
			for _, want := range tc.want {
				if !strings.Contains(msg.Message, want) || !strings.Contains(v[0], want) {
					t.Errorf("message %q, violation %q; want both to say %q", msg.Message, v[0], want)
				}
			}
			if strings.Contains(msg.Message, customer) || strings.Contains(v[0], customer) {
				t.Errorf("message %q, violation %q quote the body", msg.Message, v[0])
			}
		})
	}
}

// A request without the token is answered 401 before its body is judged,
// as the real server would: it is no violation of the contract.
func TestWriteWithoutTheTokenGets401(t *testing.T) {
	srv := startFixture(t)
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/conversations/1/messages", strings.NewReader(`{"parts":[]}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized || len(srv.Violations()) != 0 {
		t.Errorf("%d, violations %q; want a 401 and none", resp.StatusCode, srv.Violations())
	}
}

// A body over the fake's bound is refused with a 413 before it is held
// whole; that is the fake's limit, no violation of the contract.
func TestRequestBodyOverTheBoundGets413(t *testing.T) {
	srv := startFixture(t)
	big := `{"parts":[{"type":"text","text":"` + strings.Repeat("a", maxRequestBody) + `"}]}`
	ex := spec.Example{Method: http.MethodPost, Target: "/conversations/1/messages", Header: http.Header{"Content-Type": {"application/json"}}}
	status, _, body := sendExample(t, srv, ex, []byte(big))
	if status != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), fmt.Sprintf("at most %d bytes", maxRequestBody)) {
		t.Errorf("%d %s; want a 413 naming the bound", status, body)
	}
	if v := srv.Violations(); len(v) > 0 {
		t.Errorf("violations: %q", v)
	}
}

// A body that does not come (a Content-Length that promises more than is
// sent, on a connection kept open) gets a 408 when the time for it ends,
// and the connection is closed: it is not held until the server stops.
// That is the fake's limit, no violation. So is a body the server never
// reads (a path under no operation), which net/http reads before it
// answers.
func TestRequestBodyThatNeverComesGets408(t *testing.T) {
	srv := startFixture(t, func(c *config) { c.readBodyTimeout = 50 * time.Millisecond })
	const part = `{"parts":[{"type":"text","text":"Hel`
	for _, tc := range []struct {
		target string
		status int
	}{
		{"/conversations/1/messages", http.StatusRequestTimeout},
		{"/nowhere", http.StatusBadRequest},
	} {
		t.Run(tc.target, func(t *testing.T) {
			conn, err := net.Dial("tcp", strings.TrimPrefix(strings.TrimSuffix(srv.URL, BasePath), "http://"))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			req := fmt.Sprintf("POST %s%s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
				BasePath, tc.target, srv.Token, len(part)+10, part)
			if _, err := io.WriteString(conn, req); err != nil {
				t.Fatal(err)
			}
			// A watchdog only: the server answers long before.
			if err := conn.SetReadDeadline(time.Now().Add(10 * time.Second)); err != nil {
				t.Fatal(err)
			}
			rd := bufio.NewReader(conn)
			resp, err := http.ReadResponse(rd, nil)
			if err != nil {
				t.Fatalf("no answer: %v", err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.status {
				t.Errorf("%d %s; want %d", resp.StatusCode, body, tc.status)
			}
			if tc.status == http.StatusRequestTimeout && !strings.Contains(string(body), "a request body must arrive within 50ms") {
				t.Errorf("%s; want the bound named", body)
			}
			if n, err := rd.Read(make([]byte, 1)); n != 0 || !errors.Is(err, io.EOF) {
				t.Errorf("read %d bytes, %v after the answer; want the connection closed", n, err)
			}
		})
	}
	for _, v := range srv.Violations() {
		if !strings.Contains(v, "/nowhere matches no operation") {
			t.Errorf("violation %q", v)
		}
	}
}

// An answer scripted for a 204 is sent as one: no body, no Content-Type.
func TestScripted204HasNoBody(t *testing.T) {
	srv := startFixture(t)
	srv.Respond("deleteNote", http.StatusNoContent, nil)
	ex := spec.Example{Method: http.MethodDelete, Target: "/conversations/5/notes/6", Status: http.StatusNoContent}
	status, header, body := sendExample(t, srv, ex, nil)
	if problem := answers(ex, status, header, body); problem != "" {
		t.Error(problem)
	}
	if v := srv.Violations(); len(v) > 0 {
		t.Errorf("violations: %q", v)
	}
}

// sendExample sends ex's method, target and headers with body to srv,
// with the server's token (and Content-Type application/json for ex's own
// body), and returns the answer.
func sendExample(t *testing.T, srv *Server, ex spec.Example, body []byte) (int, http.Header, []byte) {
	t.Helper()
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequest(ex.Method, srv.URL+ex.Target, r)
	if err != nil {
		t.Fatal(err)
	}
	for name, values := range ex.Header {
		req.Header[name] = values
	}
	if ex.Body != nil && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+srv.Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, got
}

// answers says how an answer differs from ex's documented one: its status,
// and its JSON example, or no body and none of a body's headers when it
// documents no content.
func answers(ex spec.Example, status int, header http.Header, body []byte) string {
	if ex.Status == 0 {
		return "the spec documents no answer"
	}
	if status != ex.Status {
		return fmt.Sprintf("%d %.300s; want %d", status, body, ex.Status)
	}
	if ex.Response == nil {
		if len(body) != 0 || header.Get("Content-Type") != "" || header.Get("Content-Length") != "" {
			return fmt.Sprintf("%d with body %q, Content-Type %q, Content-Length %q; want none", status, body, header.Get("Content-Type"), header.Get("Content-Length"))
		}
		return ""
	}
	var got any
	if header.Get("Content-Type") != "application/json" || json.Unmarshal(body, &got) != nil || !reflect.DeepEqual(got, ex.Response) {
		return fmt.Sprintf("%d %s %.300s; want the documented example", status, header.Get("Content-Type"), body)
	}
	return ""
}

// A write's body is recorded as the check put it back: the token redacted,
// control characters escaped, cut past 2 KiB; the answer is the same with
// or without the recording.
func TestRequestsRecordTheBodyOfAWrite(t *testing.T) {
	srv := startFixture(t)
	send := func(body string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/conversations/5/messages", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+srv.Token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	if resp := send(`{"parts":[{"type":"text","text":"` + srv.Token + `"}]}`); resp.StatusCode != http.StatusCreated {
		t.Fatalf("status %d", resp.StatusCode)
	}
	// Not JSON (a raw ESC): a 400, recorded all the same.
	if resp := send("{\x1b[31m"); resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("raw ESC: status %d", resp.StatusCode)
	}
	long := `{"parts":[{"type":"text","text":"` + strings.Repeat("é", 3000) + `"}]}`
	if resp := send(long); resp.StatusCode != http.StatusCreated {
		t.Fatalf("long: status %d", resp.StatusCode)
	}
	got := srv.Requests()
	if len(got) != 3 {
		t.Fatalf("%d requests", len(got))
	}
	if b := got[0].Body; strings.Contains(b, srv.Token) || !strings.HasPrefix(b, `{"parts":[{"type":"text","text":"`) || got[0].Cut {
		t.Errorf("recorded body %q, cut %v", b, got[0].Cut)
	}
	if b := got[1].Body; b != `{\x1b[31m` {
		t.Errorf("recorded body %q, want its ESC escaped", b)
	}
	if b := got[2].Body; !got[2].Cut || !strings.HasSuffix(b, "…[cut: more than 2048 bytes]") || len(b) > 2048+64 || !utf8.ValidString(b) {
		t.Errorf("long body: %d bytes, cut %v, ends %q", len(b), got[2].Cut, b[max(0, len(b)-40):])
	}
}
