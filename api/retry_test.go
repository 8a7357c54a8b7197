package api_test

import (
	"context"
	"errors"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/healvi-chat/healvi-go/api"
	"github.com/healvi-chat/healvi-go/api/healvitest"
)

func TestConversationRetriesAfterRateLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var requests atomic.Int32
		url, dial := servePipe(t, func(w http.ResponseWriter, r *http.Request) {
			if requests.Add(1) == 1 {
				w.Header().Set("Retry-After", "1")
				writeJSON(w, http.StatusTooManyRequests, []byte(`{"message":"Too Many Attempts."}`))
				return
			}
			docExampleHandler(w, r)
		})
		logger, waits := retryWaits()
		start := time.Now()
		conv, err := newClient(t, url, dial, api.WithLogger(logger)).Conversation(context.Background(), 123)
		elapsed := time.Since(start)
		if err != nil || conv.ID != healvitest.DocExampleID {
			t.Fatalf("Conversation = %v, %v", conv, err)
		}
		if n := requests.Load(); n != 2 {
			t.Errorf("%d requests, want 2", n)
		}
		// Retry-After wins over the test client's millisecond backoff, and
		// the client sleeps it out: the bubble's clock moved by it alone.
		if w := *waits; len(w) != 1 || w[0] != time.Second {
			t.Errorf("retry waits %v, want the 1s of Retry-After", w)
		}
		if elapsed != time.Second {
			t.Errorf("the call took %v on the bubble's clock, want the 1s of Retry-After", elapsed)
		}
	})
}

// retryWaits returns a logger for WithLogger and the waits that the
// client's "healvi: retrying request" lines have reported to it.
func retryWaits() (*slog.Logger, *[]time.Duration) {
	var waits []time.Duration
	return slog.New(handlerFunc(func(r slog.Record) {
		if r.Message != "healvi: retrying request" {
			return
		}
		r.Attrs(func(a slog.Attr) bool {
			if a.Key == "wait" {
				waits = append(waits, a.Value.Duration())
			}
			return true
		})
	})), &waits
}

func TestRateLimitedForeverStopsAfterConfiguredRetries(t *testing.T) {
	var requests atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Retry-After", "0")
		writeJSON(w, http.StatusTooManyRequests, []byte(`{"message":"Too Many Attempts."}`))
	})
	_, err := newClient(t, srv.URL, api.WithRetries(2)).Conversation(context.Background(), 123)
	if !errors.Is(err, api.ErrRateLimited) || !strings.Contains(err.Error(), "Too Many Attempts.") {
		t.Fatalf("err = %v, want ErrRateLimited with the server's message", err)
	}
	if n := requests.Load(); n != 3 {
		t.Errorf("%d requests, want 1 + 2 retries", n)
	}
}

// Retry-After as an HTTP date has whole seconds: a date 3s ahead, written
// anywhere within its second, is between 2s and 3s away when it arrives.
// (In the bubble no time passes on the way, and the clock starts on a
// whole second: it is 3s.)
func TestRetryAfterAsHTTPDate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		url, dial := servePipe(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", time.Now().Add(3*time.Second).UTC().Format(http.TimeFormat))
			writeJSON(w, http.StatusTooManyRequests, nil)
		})
		_, err := newClient(t, url, dial, api.WithRetries(0)).Conversation(context.Background(), 123)
		var apiErr *api.APIError
		if !errors.As(err, &apiErr) || apiErr.RetryAfter <= time.Second || apiErr.RetryAfter > 3*time.Second {
			t.Errorf("err = %v, want a RetryAfter within (1s, 3s]", err)
		}
	})
}

func TestRetryAfterBeyondTheCapIsLeftToTheCaller(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var requests atomic.Int32
		url, dial := servePipe(t, func(w http.ResponseWriter, r *http.Request) {
			requests.Add(1)
			w.Header().Set("Retry-After", "3600")
			writeJSON(w, http.StatusTooManyRequests, nil)
		})
		start := time.Now()
		_, err := newClient(t, url, dial).Conversation(context.Background(), 123)
		var apiErr *api.APIError
		if !errors.As(err, &apiErr) || apiErr.RetryAfter != time.Hour {
			t.Fatalf("err = %v", err)
		}
		// On the bubble's clock any sleep at all would show.
		if n, slept := requests.Load(), time.Since(start); n != 1 || slept != 0 {
			t.Errorf("%d requests, %v slept: waited on a one-hour Retry-After", n, slept)
		}
	})
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
	synctest.Test(t, func(t *testing.T) {
		url, dial := servePipe(t, func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, http.StatusServiceUnavailable, nil)
		})
		// Cancel when the client says it is about to wait, not after a
		// guess at how long the first try takes.
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		onRetry := slog.New(handlerFunc(func(r slog.Record) {
			if r.Message == "healvi: retrying request" {
				cancel()
			}
		}))
		c := newClient(t, url, dial, api.WithRetryWait(time.Hour, time.Hour), api.WithTimeout(0), api.WithLogger(onRetry))
		start := time.Now()
		_, err := c.Conversation(ctx, 123)
		if !errors.Is(err, context.Canceled) || !errors.Is(err, api.ErrServer) {
			t.Errorf("err = %v, want context.Canceled and the 503", err)
		}
		// The bubble's clock would have moved by the hour's wait.
		if waited := time.Since(start); waited != 0 {
			t.Errorf("the call went on waiting %v to retry after its context was canceled", waited)
		}
	})
}

// handlerFunc is an slog.Handler that hands each record at warn level or
// above to a function.
type handlerFunc func(slog.Record)

func (h handlerFunc) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelWarn }
func (h handlerFunc) Handle(_ context.Context, r slog.Record) error {
	h(r)
	return nil
}
func (h handlerFunc) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h handlerFunc) WithGroup(string) slog.Handler      { return h }

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// A failure that the next try would meet again is not retried: an
// untrusted certificate, a plain-http server behind an https URL, a host
// that does not exist, a scheme no transport speaks, too many redirects,
// and a redirect the caller's own policy refuses.
func TestRetriesOnlyWhatCanSucceed(t *testing.T) {
	var conns atomic.Int32
	countConns := func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	var requests atomic.Int32
	redirectTo := func(target string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			requests.Add(1)
			http.Redirect(w, r, target, http.StatusFound)
		}
	}
	tlsSrv := httptest.NewUnstartedServer(http.HandlerFunc(docExampleHandler))
	tlsSrv.Config.ConnState = countConns
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is the point
	tlsSrv.StartTLS()
	t.Cleanup(tlsSrv.Close)
	plainSrv := httptest.NewUnstartedServer(http.HandlerFunc(docExampleHandler))
	plainSrv.Config.ConnState = countConns
	plainSrv.Start()
	t.Cleanup(plainSrv.Close)
	var dials atomic.Int32
	nxdomain := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, addr string) (net.Conn, error) {
		dials.Add(1)
		host, _, _ := net.SplitHostPort(addr)
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}}
	}}}
	loop := serve(t, func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		http.Redirect(w, r, r.URL.Path+"?again", http.StatusFound)
	})
	refusing := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return errors.New("no redirects, please") }}

	for _, tc := range []struct {
		name     string
		baseURL  func() string
		opts     []api.ClientOption
		count    *atomic.Int32
		want     int32
		wantText string
	}{
		{"untrusted certificate", func() string { return tlsSrv.URL }, nil, &conns, 1, "certificate"},
		{"plain http behind an https URL", func() string { return "https" + strings.TrimPrefix(plainSrv.URL, "http") }, nil, &conns, 1, "HTTP response to HTTPS client"},
		{"no such host", func() string { return "https://nowhere.healvi-chat/third-party/v1" }, []api.ClientOption{api.WithHTTPClient(nxdomain)}, &dials, 1, "no such host"},
		{"unsupported scheme", func() string { return serve(t, redirectTo("ftp://example.com/x")).URL }, nil, &requests, 1, "unsupported protocol scheme"},
		{"too many redirects", func() string { return loop.URL }, nil, &requests, 10, "10 redirects"},
		{"redirect refused by the caller", func() string { return serve(t, redirectTo("/elsewhere")).URL }, []api.ClientOption{api.WithHTTPClient(refusing)}, &requests, 1, "no redirects, please"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := tc.baseURL()
			tc.count.Store(0)
			_, err := newClient(t, base, append([]api.ClientOption{api.WithRetries(3)}, tc.opts...)...).Conversation(context.Background(), 123)
			if err == nil || !strings.Contains(err.Error(), tc.wantText) || !strings.HasPrefix(err.Error(), "healvi: ") {
				t.Fatalf("err = %v, want one saying %q", err, tc.wantText)
			}
			if strings.Contains(err.Error(), "tries)") {
				t.Errorf("err = %v: retried", err)
			}
			if n := tc.count.Load(); n != tc.want {
				t.Errorf("%d tries reached the other side, want %d", n, tc.want)
			}
		})
	}
}
