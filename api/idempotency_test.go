package api_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/healvi-chat/healvi-go/api"
)

// sendRaw sends req through the transport of New's client, as a generated
// method for a write would.
func sendRaw(t *testing.T, c *api.ClientWithResponses, req *http.Request) (*http.Response, error) {
	t.Helper()
	return c.ClientInterface.(*api.Client).Client.Do(req)
}

// Retries follow RFC 9110: a method it defines as idempotent is retried
// as GET is; a POST or PATCH only with an Idempotency-Key, the same on
// every try, so that a write never reaches the server twice as two writes.
func TestWritesAreRetriedOnlyWhenIdempotent(t *testing.T) {
	for _, tc := range []struct {
		method, key string
		want        int32
	}{
		{http.MethodPost, "", 1},
		{http.MethodPatch, "", 1},
		{http.MethodPost, "key-1", 3},
		// White space alone is no key: the server trims it away.
		{http.MethodPost, " ", 1},
		{http.MethodPatch, " \t ", 1},
		{http.MethodPatch, "key-2", 3},
		{http.MethodPut, "", 3},
		{http.MethodDelete, "", 3},
		{http.MethodOptions, "", 3},
	} {
		t.Run(tc.method+" "+tc.key, func(t *testing.T) {
			var tries atomic.Int32
			var mu sync.Mutex
			var keys, bodies []string
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				mu.Lock()
				keys, bodies = append(keys, r.Header.Get("Idempotency-Key")), append(bodies, string(b))
				mu.Unlock()
				if tries.Add(1) < 3 {
					w.WriteHeader(http.StatusServiceUnavailable)
					return
				}
				writeJSON(w, http.StatusOK, []byte(`{}`))
			})
			c := newClient(t, srv.URL, api.WithRetries(3))
			req, _ := http.NewRequestWithContext(context.Background(), tc.method, srv.URL+"/conversations/1", strings.NewReader(`{"text":"hi"}`))
			if tc.key != "" {
				req.Header.Set("Idempotency-Key", tc.key)
			}
			_, err := sendRaw(t, c, req)
			if n := tries.Load(); n != tc.want {
				t.Fatalf("the server got %d tries (%v), want %d", n, err, tc.want)
			}
			mu.Lock()
			defer mu.Unlock()
			for i := range keys {
				if keys[i] != strings.TrimSpace(tc.key) || bodies[i] != `{"text":"hi"}` {
					t.Errorf("try %d: key %q body %q, want the same key %q and body on every try", i+1, keys[i], bodies[i], tc.key)
				}
			}
		})
	}
}

// A POST whose connection could not even be made never left: it is sent
// again, and reaches the server once.
func TestAWriteThatNeverLeftIsRetried(t *testing.T) {
	var got atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		got.Add(1)
		writeJSON(w, http.StatusCreated, []byte(`{}`))
	})
	var dials atomic.Int32
	hc := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		if dials.Add(1) == 1 {
			return nil, &net.OpError{Op: "dial", Net: network, Err: errRefused}
		}
		return (&net.Dialer{}).DialContext(ctx, network, srv.Listener.Addr().String())
	}}}
	c := newClient(t, srv.URL, api.WithHTTPClient(hc), api.WithRetries(3))
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/conversations/1/messages", strings.NewReader(`{"text":"hi"}`))
	resp, err := sendRaw(t, c, req)
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("%v, %v", resp, err)
	}
	if d, n := dials.Load(), got.Load(); d != 2 || n != 1 {
		t.Errorf("%d dials and %d writes at the server, want 2 and 1", d, n)
	}
}

// A body that cannot be sent again is not retried, whatever the method.
func TestABodyThatCannotBeReplayedIsNotRetried(t *testing.T) {
	var tries atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		tries.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	c := newClient(t, srv.URL, api.WithRetries(3))
	req, _ := http.NewRequest(http.MethodPut, srv.URL+"/conversations/1", io.NopCloser(strings.NewReader(`{}`)))
	req.GetBody = nil
	if _, err := sendRaw(t, c, req); err == nil {
		t.Fatal("no error for a 503")
	}
	if n := tries.Load(); n != 1 {
		t.Errorf("%d tries, want 1", n)
	}
}

type refusedError struct{}

func (refusedError) Error() string { return "connection refused" }

var errRefused = refusedError{}

// A key net/http will not send (a CR or LF in it) fails the call at once:
// the request never leaves, and is not tried again. The error does not
// quote the key.
func TestAKeyThatCannotBeSentIsNotRetried(t *testing.T) {
	var tries, got atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		got.Add(1)
		writeJSON(w, http.StatusCreated, []byte(`{}`))
	})
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		tries.Add(1)
		return http.DefaultTransport.RoundTrip(r)
	})}
	c := newClient(t, srv.URL, api.WithHTTPClient(hc), api.WithRetries(3))
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/conversations/1/messages", strings.NewReader(`{"text":"hi"}`))
	req.Header.Set("Idempotency-Key", "key\r\nX-Injected: 1")
	_, err := sendRaw(t, c, req)
	if err == nil || !strings.Contains(err.Error(), `invalid header field value for "Idempotency-Key"`) || strings.Contains(err.Error(), "Injected") {
		t.Fatalf("err = %v; want net/http's refusal of the key, without the key", err)
	}
	if n, m := tries.Load(), got.Load(); n != 1 || m != 0 {
		t.Errorf("%d tries, %d at the server; want 1 and 0", n, m)
	}
}
