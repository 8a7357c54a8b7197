package api_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/healvi-chat/healvi-go/api"
	"github.com/healvi-chat/healvi-go/api/healvitest"
)

func TestConversationRetriesAfterRateLimit(t *testing.T) {
	var requests atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if requests.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			writeJSON(w, http.StatusTooManyRequests, []byte(`{"message":"Too Many Attempts."}`))
			return
		}
		docExampleHandler(w, r)
	})
	start := time.Now()
	conv, err := newClient(t, srv.URL).Conversation(context.Background(), 123)
	elapsed := time.Since(start)
	if err != nil || conv.ID != healvitest.DocExampleID {
		t.Fatalf("Conversation = %v, %v", conv, err)
	}
	if n := requests.Load(); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
	// Retry-After wins over the test client's millisecond backoff.
	if elapsed < 900*time.Millisecond || elapsed > 5*time.Second {
		t.Errorf("waited %v, want about the 1s of Retry-After", elapsed)
	}
}

func TestRateLimitedForeverStopsAfterConfiguredRetries(t *testing.T) {
	var requests atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		// An HTTP-date 1s ahead: the other form of Retry-After.
		w.Header().Set("Retry-After", time.Now().Add(time.Second).UTC().Format(http.TimeFormat))
		writeJSON(w, http.StatusTooManyRequests, []byte(`{"message":"Too Many Attempts."}`))
	})
	_, err := newClient(t, srv.URL, api.WithRetries(2), api.WithRetryWait(time.Millisecond, 3*time.Second)).Conversation(context.Background(), 123)
	if !errors.Is(err, api.ErrRateLimited) {
		t.Fatalf("err = %v, want ErrRateLimited", err)
	}
	var apiErr *api.APIError
	if !errors.As(err, &apiErr) || apiErr.RetryAfter <= 0 || apiErr.RetryAfter > 2*time.Second {
		t.Errorf("RetryAfter not set from the header: %+v", apiErr)
	}
	if n := requests.Load(); n != 3 {
		t.Errorf("%d requests, want 1 + 2 retries", n)
	}
}

func TestRetryAfterBeyondTheCapIsLeftToTheCaller(t *testing.T) {
	var requests atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Retry-After", "3600")
		writeJSON(w, http.StatusTooManyRequests, nil)
	})
	start := time.Now()
	_, err := newClient(t, srv.URL).Conversation(context.Background(), 123)
	var apiErr *api.APIError
	if !errors.As(err, &apiErr) || apiErr.RetryAfter != time.Hour {
		t.Fatalf("err = %v", err)
	}
	if n := requests.Load(); n != 1 || time.Since(start) > time.Second {
		t.Errorf("%d requests in %v: slept on a one-hour Retry-After", n, time.Since(start))
	}
}

func TestServiceUnavailableTwiceThenSuccess(t *testing.T) {
	for _, status := range []int{http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout} {
		var requests atomic.Int32
		srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
			if requests.Add(1) <= 2 {
				writeJSON(w, status, []byte(`{}`))
				return
			}
			docExampleHandler(w, r)
		})
		if _, err := newClient(t, srv.URL).Conversation(context.Background(), 123); err != nil {
			t.Errorf("%d twice: %v", status, err)
		}
		if n := requests.Load(); n != 3 {
			t.Errorf("%d twice: %d requests, want 3", status, n)
		}
	}
}

func TestWithRetriesZeroTurnsRetriesOff(t *testing.T) {
	var requests atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		writeJSON(w, http.StatusServiceUnavailable, []byte(`{"message":"down for maintenance"}`))
	})
	_, err := newClient(t, srv.URL, api.WithRetries(0)).Conversation(context.Background(), 123)
	if !errors.Is(err, api.ErrServer) || requests.Load() != 1 {
		t.Errorf("err %v after %d requests, want ErrServer after 1", err, requests.Load())
	}
}

func TestConnectionClosedMidBodyIsRetried(t *testing.T) {
	var requests atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if requests.Add(1) == 1 {
			// Promise the whole example, send a tenth of it, hang up.
			conn, buf, err := http.NewResponseController(w).Hijack()
			if err != nil {
				t.Error(err)
				return
			}
			buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 3725\r\n\r\n")
			buf.Write(docExample[:372])
			buf.Flush()
			conn.Close()
			return
		}
		docExampleHandler(w, r)
	})
	conv, err := newClient(t, srv.URL).Conversation(context.Background(), 123)
	if err != nil || conv.ID != 123 {
		t.Fatalf("Conversation = %v, %v", conv, err)
	}
	if n := requests.Load(); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

func TestTransportErrorsAreRetriedThenReported(t *testing.T) {
	// A port that nothing listens on: every dial fails at once.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	var tries atomic.Int32
	counting := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		tries.Add(1)
		return http.DefaultTransport.RoundTrip(r)
	})}
	_, err = newClient(t, "http://"+addr, api.WithHTTPClient(counting), api.WithRetries(2)).Conversation(context.Background(), 123)
	var opErr *net.OpError
	if !errors.As(err, &opErr) || !strings.Contains(err.Error(), "(after 3 tries)") {
		t.Fatalf("err = %v, want a *net.OpError inside, after 3 tries", err)
	}
	if n := tries.Load(); n != 3 {
		t.Errorf("%d tries, want 3", n)
	}
}

func TestCancelWhileWaitingToRetryReturnsAtOnce(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusServiceUnavailable, nil)
	})
	c := newClient(t, srv.URL, api.WithRetryWait(10*time.Second, 10*time.Second))
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.Conversation(ctx, 123)
	if !errors.Is(err, context.Canceled) || !errors.Is(err, api.ErrServer) {
		t.Errorf("err = %v, want context.Canceled and the 503", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("returned after %v", d)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
