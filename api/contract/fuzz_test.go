package contract_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/healvi-chat/healvi-go/api/contract"
)

// fuzzContract is the fixture's contract, loaded once for every input.
var fuzzContract = sync.OnceValues(func() (*contract.Contract, error) {
	doc, err := openapi3.NewLoader().LoadFromFile(fixturePath)
	if err != nil {
		return nil, err
	}
	return contract.New(doc)
})

// fuzzRequest is the request a server would hand over for method and
// target (a path with its query), or nil when net/http would refuse it.
func fuzzRequest(method, target string, body []byte) *http.Request {
	u, err := url.ParseRequestURI(target)
	if err != nil || u.Host != "" || method == "" || strings.ContainsAny(method, " \r\n") {
		return nil
	}
	r := &http.Request{Method: method, URL: u, Header: http.Header{}, Host: "localhost", Body: http.NoBody}
	if body != nil {
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
	}
	return r
}

// rawText reports whether s holds what a terminal acts on, or a newline.
func rawText(s string) bool {
	return !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool {
		return r < ' ' || r == 0x7f || r >= 0x80 && r <= 0x9f
	})
}

// Route finds an operation of the fixture or says there is none, for
// any method and target: it never panics, and the parameters it returns
// are the route's own.
func FuzzRoute(f *testing.F) {
	for _, seed := range []struct{ method, target, base string }{
		{"GET", "/third-party/v1/conversations/5", "/third-party/v1"},
		{"DELETE", "/conversations/5/notes/6", "/"},
		{"GET", "/customers/a%2Fb/profile", "/"},
		{"PATCH", "/conversations/%2e%2e/5?x=%&&&", ""},
		{"GET", "/conversations\\5//" + strings.Repeat("%", 50), "/"},
	} {
		f.Add(seed.method, seed.target, seed.base)
	}
	f.Fuzz(func(t *testing.T, method, target, base string) {
		c, err := fuzzContract()
		if err != nil {
			t.Fatal(err)
		}
		r := fuzzRequest(method, target, nil)
		if r == nil {
			return
		}
		route, params, err := c.Route(r, base)
		if err != nil {
			if route != nil || !errors.Is(err, contract.ErrNoOperation) {
				t.Fatalf("route %v, error %v; want no route and ErrNoOperation", route, err)
			}
			return
		}
		if route.Spec != c.Spec() || route.Method != method {
			t.Fatalf("%s %s routed to %s %s of another document", method, target, route.Method, route.Path)
		}
		for name := range params {
			if !strings.Contains(route.Path, "{"+name+"}") {
				t.Fatalf("%s %s: parameter %q is not in %s", method, target, name, route.Path)
			}
		}
	})
}

// CheckRequest checks any request Route found, of any query, header and
// body: it never panics, returns nil or a *ViolationError whose lines a
// terminal can show as they are, and puts the body back as it was.
func FuzzCheckRequest(f *testing.F) {
	for _, seed := range []struct{ method, target, key, body string }{
		{"POST", "/conversations/1/messages", "k", `{"parts":[{"type":"text","text":"Hello"}]}`},
		{"POST", "/conversations/1/messages", strings.Repeat("k", 300), `{"parts":[{},{"type":"image","url":"%"}]}`},
		{"PATCH", "/conversations/1%1b[2J", "", `{"status":"x","snooze_until":"\u001b"}`},
		{"GET", "/conversations?limit=0&status=" + strings.Repeat("%5C", 20) + "&since=%0a", "", ""},
		{"GET", "/customers/%00/profile", "", ""},
		{"DELETE", "/conversations/1/notes/99999999999999999999", "", "[" + strings.Repeat("[", 100)},
	} {
		f.Add(seed.method, seed.target, seed.key, []byte(seed.body))
	}
	f.Fuzz(func(t *testing.T, method, target, key string, body []byte) {
		c, err := fuzzContract()
		if err != nil {
			t.Fatal(err)
		}
		if len(body) == 0 {
			body = nil
		}
		r := fuzzRequest(method, target, body)
		if r == nil {
			return
		}
		if key != "" {
			r.Header.Set("Idempotency-Key", key)
		}
		route, params, err := c.Route(r, "/")
		if err != nil {
			return
		}
		err = c.CheckRequest(context.Background(), r, route, params)
		var ve *contract.ViolationError
		switch {
		case err == nil:
		case !errors.As(err, &ve):
			t.Fatalf("%T %v; want a *ViolationError", err, err)
		case len(ve.Violations) == 0:
			t.Fatalf("%v: a ViolationError without violations", err)
		default:
			for _, v := range ve.Violations {
				if rawText(v) {
					t.Fatalf("violation %q holds a raw control character or a newline", v)
				}
			}
		}
		if body != nil {
			if got, err := io.ReadAll(r.Body); err != nil || !bytes.Equal(got, body) {
				t.Fatalf("the body after the check is %q, %v; want it as it was", got, err)
			}
		}
	})
}
