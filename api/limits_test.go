package api_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/healvi-chat/healvi-go/api"
)

// The tests of time limits run in a synctest bubble, on its fake clock:
// a deadline ends a call at the very moment it says, however loaded the
// machine, and no test waits for real.

func TestServerThatNeverAnswersHonoursContextDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		url, dial := servePipe(t, func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-release:
			case <-r.Context().Done():
			}
		})
		defer close(release)
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := newClient(t, url, dial).Conversation(ctx, 123)
		if d := time.Since(start); d != 200*time.Millisecond {
			t.Errorf("returned after %v, want at the 200ms deadline", d)
		}
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v, want context.DeadlineExceeded", err)
		}
	})
}

func TestWithTryTimeoutBoundsEachTry(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var requests atomic.Int32
		release := make(chan struct{})
		url, dial := servePipe(t, func(w http.ResponseWriter, r *http.Request) {
			requests.Add(1)
			select {
			case <-release:
			case <-r.Context().Done():
			}
		})
		defer close(release)
		start := time.Now()
		_, err := newClient(t, url, dial, api.WithTryTimeout(100*time.Millisecond), api.WithRetries(1)).Conversation(context.Background(), 123)
		elapsed := time.Since(start)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want context.DeadlineExceeded", err)
		}
		// A slow server is worth one more try.
		if n := requests.Load(); n != 2 {
			t.Errorf("%d requests, want 2", n)
		}
		// Two tries of 100ms, and the test client's wait of at most 20ms.
		if elapsed < 200*time.Millisecond || elapsed > 220*time.Millisecond {
			t.Errorf("the call took %v, want two tries of 100ms and one short wait", elapsed)
		}
	})
}

// WithTimeout bounds the whole call: tries and the waits between them. A
// wait that would end past it is not started.
func TestWithTimeoutBoundsTheWholeCall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var requests atomic.Int32
		url, dial := servePipe(t, func(w http.ResponseWriter, r *http.Request) {
			if requests.Add(1) == 1 {
				writeJSON(w, http.StatusServiceUnavailable, nil) // then a wait of 1s
				return
			}
			<-r.Context().Done()
		})
		start := time.Now()
		_, err := newClient(t, url, dial, api.WithTimeout(1500*time.Millisecond), api.WithTryTimeout(0),
			api.WithRetryWait(time.Second, time.Second), api.WithRetries(5)).Conversation(context.Background(), 123)
		elapsed := time.Since(start)
		if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "(after 2 tries)") {
			t.Errorf("err = %v, want the call's deadline after 2 tries", err)
		}
		if elapsed != 1500*time.Millisecond {
			t.Errorf("the call took %v, want its 1.5s limit", elapsed)
		}
		// A wait longer than what is left is not started: the 503 comes back.
		requests.Store(0)
		start = time.Now()
		_, err = newClient(t, url, dial, api.WithTimeout(500*time.Millisecond), api.WithRetryWait(time.Second, time.Second)).Conversation(context.Background(), 123)
		if elapsed := time.Since(start); !errors.Is(err, api.ErrServer) || requests.Load() != 1 || elapsed != 0 {
			t.Errorf("err = %v after %d requests in %v, want the 503 at once", err, requests.Load(), elapsed)
		}
	})
}

// streamForever writes up to limit bytes of JSON-looking data and reports
// how much the client let it write.
func streamForever(limit int64, written *atomic.Int64) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		chunk := []byte(`{"data":"` + strings.Repeat("x", 32<<10) + `"},`)
		for written.Load() < limit {
			n, err := w.Write(chunk)
			written.Add(int64(n))
			if err != nil {
				return
			}
		}
	}
}

func TestHugeBodyIsCutOffWithBoundedMemory(t *testing.T) {
	const gib = 1 << 30
	var written atomic.Int64
	srv := serve(t, streamForever(gib, &written))

	// Sample the live heap while the call runs: what matters is how much
	// memory the client holds at once, not the garbage it leaves.
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > peak.Load() {
				peak.Store(m.HeapAlloc)
			}
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	_, err := newClient(t, srv.URL).Conversation(context.Background(), 123)
	close(stop)
	<-sampled

	if !errors.Is(err, api.ErrResponseTooLarge) || !strings.Contains(err.Error(), "16777216") {
		t.Fatalf("err = %v, want ErrResponseTooLarge naming the 16 MiB limit", err)
	}
	grew := int64(peak.Load()) - int64(base.HeapAlloc)
	t.Logf("live heap grew by at most %d MiB; the server wrote %d MiB", grew>>20, written.Load()>>20)
	// The 16 MiB limit, plus the smaller buffers it grew from.
	if grew > 64<<20 {
		t.Errorf("live heap grew by %d MiB while refusing a 1 GiB body", grew>>20)
	}
	if w := written.Load(); w >= gib/4 {
		t.Errorf("server wrote %d MiB: the client read on past its limit", w>>20)
	}
}

func TestWithMaxResponseBytes(t *testing.T) {
	srv := serve(t, docExampleHandler)
	_, err := newClient(t, srv.URL, api.WithMaxResponseBytes(1000)).Conversation(context.Background(), 123)
	var apiErr *api.APIError
	if !errors.Is(err, api.ErrResponseTooLarge) || !errors.As(err, &apiErr) || apiErr.StatusCode != 200 {
		t.Errorf("err = %v", err)
	}
	if _, err := newClient(t, srv.URL, api.WithMaxResponseBytes(4000)).Conversation(context.Background(), 123); err != nil {
		t.Errorf("a 3.7 KB body under a 4000-byte limit: %v", err)
	}
	if _, err := api.New(srv.URL, testToken, api.WithMaxResponseBytes(0)); err == nil {
		t.Error("WithMaxResponseBytes(0) accepted")
	}
}

// Connections grow with the goroutines that call at once, and no further:
// each goroutine's connection is kept for its next call, so a run of many
// calls opens about one connection per goroutine, not one per call.
func TestManyGoroutinesReuseConnections(t *testing.T) {
	for _, goroutines := range []int{64, 256} {
		const each = 20
		var opened atomic.Int64
		srv := httptest.NewUnstartedServer(http.HandlerFunc(docExampleHandler))
		srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
			if s == http.StateNew {
				opened.Add(1)
			}
		}
		srv.Start()
		c := newClient(t, srv.URL)
		var wg sync.WaitGroup
		for range goroutines {
			wg.Go(func() {
				for range each {
					if _, err := c.Conversation(context.Background(), 123); err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
		srv.Close()
		// A dial that loses the race to a freed connection adds one to
		// the pool; thousands would mean connections are not kept.
		if n := opened.Load(); n > int64(2*goroutines) {
			t.Errorf("%d goroutines x %d calls opened %d connections, want at most %d", goroutines, each, n, 2*goroutines)
		}
	}
}
