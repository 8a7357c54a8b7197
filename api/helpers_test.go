package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/healvi-chat/healvi-go/api"
	"github.com/healvi-chat/healvi-go/api/healvitest"
	"github.com/healvi-chat/healvi-go/api/internal/pipenet"
)

// docExample is the documentation's example response, verbatim (user.email
// is the number 123 there).
var docExample = healvitest.DocExample()

// testToken is recognisable in any output, so a leak cannot hide, and it
// holds what encoders escape: / (JSON's \/, URLs' %2F), + and =.
const testToken = "tok_SECRET/5f1c+9a0e=="

// tokenEchoes are the forms a server echoes a token in: as is, JSON-escaped
// (\/ as PHP writes it, \u escapes in either case), percent-encoded (either
// case) and as HTML character references.
var tokenEchoes = map[string]string{
	"raw":             testToken,
	"json slash":      `tok_SECRET\/5f1c+9a0e==`,
	"json u lower":    `tok_SECRET\u002f5f1c\u002b9a0e\u003d\u003d`,
	"json u upper":    `tok_SECRET\u002F5f1c\u002B9a0e==`,
	"percent upper":   `tok_SECRET%2F5f1c%2B9a0e%3D%3D`,
	"percent lower":   `tok_SECRET%2f5f1c%2b9a0e%3d%3d`,
	"html references": `tok_SECRET&#47;5f1c&#x2B;9a0e&#61;&#61;`,
}

// serve starts a loopback server that the test closes when it ends.
func serve(t testing.TB, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// servePipe starts a server on an in-memory network, for a test inside a
// synctest bubble, where time moves only when every goroutine waits: it
// returns the server's URL and the option that makes New's client dial it.
func servePipe(t testing.TB, h http.HandlerFunc) (string, api.ClientOption) {
	t.Helper()
	srv, hc := pipenet.Serve(t, h)
	return srv.URL, api.WithHTTPClient(hc)
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
