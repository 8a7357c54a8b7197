package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/healvi-chat/healvi-go/api"
	"github.com/healvi-chat/healvi-go/api/healvitest"
)

// docExample is the documentation's example response, verbatim (user.email
// is the number 123 there).
var docExample = healvitest.DocExample()

// testToken is recognisable in any output, so a leak cannot hide.
const testToken = "tok_SECRET_5f1c9a0e"

// serve starts a loopback server that the test closes when it ends.
func serve(t testing.TB, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// newClient returns New's client for srv with quick retries, so that tests
// of retries take milliseconds.
func newClient(t testing.TB, baseURL string, opts ...api.ClientOption) *api.ClientWithResponses {
	t.Helper()
	opts = append([]api.ClientOption{api.WithRetryWait(time.Millisecond, 20*time.Millisecond)}, opts...)
	c, err := api.New(baseURL, testToken, opts...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// docExampleHandler serves the documentation's example verbatim.
func docExampleHandler(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, docExample)
}

// decodeMap decodes JSON into generic maps for comparisons.
func decodeMap(t testing.TB, b []byte) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("decode %.60q: %v", b, err)
	}
	return v
}

// field follows a dotted path through decoded JSON objects.
func field(v any, path ...string) any {
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}
