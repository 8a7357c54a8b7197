package healvitest_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/healvi-chat/healvi-go/api/healvitest"
)

// The server bounds how long a client may take over a request's headers
// and how large they may be, as `healvi serve` must, running for hours.
func TestServerBoundsTheRequestHeaders(t *testing.T) {
	srv := healvitest.NewServer(t)
	if hs := srv.HTTPServer(); hs.ReadHeaderTimeout != 10*time.Second || hs.MaxHeaderBytes != 64<<10 || hs.IdleTimeout <= 0 {
		t.Errorf("ReadHeaderTimeout %v, MaxHeaderBytes %d, IdleTimeout %v; want 10s, 64 KiB and a limit", hs.ReadHeaderTimeout, hs.MaxHeaderBytes, hs.IdleTimeout)
	}
	resp, _ := get(t, srv.URL+"/conversations/123?q="+strings.Repeat("a", 100<<10), "Bearer "+srv.Token)
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("a 100 KiB query: %d, want 431", resp.StatusCode)
	}
}

// A connection that sends half a request is closed when the time limit
// for the headers ends, not held until the server stops.
func TestHalfSentRequestIsDropped(t *testing.T) {
	srv := healvitest.NewServer(t, healvitest.WithReadHeaderTimeout(50*time.Millisecond))
	conn, err := net.Dial("tcp", strings.TrimPrefix(strings.TrimSuffix(srv.URL, healvitest.BasePath), "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, "GET /third-party/v1/conversations/123 HTTP/1.1\r\nHost: x\r\n"); err != nil {
		t.Fatal(err)
	}
	// A watchdog only: the server closes the connection long before.
	if err := conn.SetReadDeadline(time.Now().Add(10 * time.Second)); err != nil {
		t.Fatal(err)
	}
	n, err := conn.Read(make([]byte, 1))
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatal("the server still holds the half-sent request after 10 s")
	}
	if n != 0 || !errors.Is(err, io.EOF) && !errors.Is(err, net.ErrClosed) && !strings.Contains(err.Error(), "reset") {
		t.Errorf("read %d bytes, %v; want the connection closed", n, err)
	}
}

// Requests keeps the latest 1,000, oldest first.
func TestRequestsKeepsTheLatest1000(t *testing.T) {
	srv := healvitest.NewServer(t)
	c := client(t, srv)
	const sent = 1005
	for i := range sent {
		if i%2 == 0 {
			_, _ = c.Conversation(context.Background(), int64(1000+i))
			continue
		}
		_, _ = get(t, srv.URL+"/conversations/123?n="+strconv.Itoa(i), "Bearer "+srv.Token)
	}
	reqs := srv.Requests()
	if len(reqs) != 1000 {
		t.Fatalf("%d requests kept, want 1000", len(reqs))
	}
	if first, last := reqs[0].String(), reqs[999].String(); first != "GET /third-party/v1/conversations/123?n=5 (authorized)" ||
		last != "GET /third-party/v1/conversations/2004 (authorized)" {
		t.Errorf("kept from %s to %s; want from the 6th request to the last", first, last)
	}
}

// A long query or header is cut in the record and in the log, and marked
// as cut; the token is redacted before the cut, so no part of it shows.
func TestLongRequestsAreCutInRecordsAndLogs(t *testing.T) {
	var logs strings.Builder
	var mu sync.Mutex
	const token = "tok_LONG_SECRET_9f2e"
	srv := healvitest.NewServer(t, healvitest.WithToken(token), healvitest.WithLogger(slog.New(slog.NewTextHandler(lockedWriter{&mu, &logs}, nil))))
	// A token straddles the 1 KiB mark of the log and one the 2 KiB mark
	// of the record: a cut before the redaction would leave "tok_LONG".
	query := "a=" + strings.Repeat("x", 1014) + token + strings.Repeat("y", 1004) + token + strings.Repeat("z", 60<<10)
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/conversations/123?"+query, nil)
	req.Header.Set("Authorization", "Bearer "+srv.Token)
	req.Header.Set("X-Long", strings.Repeat("h", 5000))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	r := srv.Requests()[0]
	if !r.Cut || len(r.Query) > 2100 || !strings.HasSuffix(r.Query, "…[cut: "+strconv.Itoa(len(query)-2*len(token)+2*len("[REDACTED]"))+" bytes in all]") || !strings.HasPrefix(r.Query, "a=xxx") {
		t.Errorf("query kept as %d bytes ending %q, Cut %v", len(r.Query), r.Query[max(0, len(r.Query)-40):], r.Cut)
	}
	if h := r.Header.Get("X-Long"); len(h) > 2100 || !strings.HasSuffix(h, "…[cut: 5000 bytes in all]") {
		t.Errorf("X-Long kept as %d bytes", len(h))
	}
	if r.Path != "/third-party/v1/conversations/123" || r.Header.Get("Authorization") != "Bearer [REDACTED]" {
		t.Errorf("path %q, Authorization %q", r.Path, r.Header.Get("Authorization"))
	}
	mu.Lock()
	log := logs.String()
	mu.Unlock()
	line, _, _ := strings.Cut(log, "\n")
	if len(line) > 1500 || !strings.Contains(line, " bytes in all]") || !strings.Contains(line, "status=200") {
		t.Errorf("log line of %d bytes: %.300s", len(line), line)
	}
	for _, s := range []string{r.Query, line} {
		if strings.Contains(s, token[:8]) {
			t.Errorf("part of the token shows: %s", s)
		}
	}
	if got := srv.Requests()[0]; got.Query != r.Query {
		t.Error("Requests is not stable")
	}
}

// Many requests with long queries leave the server's heap small: records
// are cut, and hold no memory of the request they came from.
func TestManyLongRequestsKeepTheHeapSmall(t *testing.T) {
	srv := healvitest.NewServer(t)
	query := strings.Repeat("q", 60<<10)
	before := liveHeap()
	client := &http.Client{}
	defer client.CloseIdleConnections()
	for range 1100 {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/conversations/123?q="+query, nil)
		req.Header.Set("Authorization", "Bearer "+srv.Token)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, bufio.NewReader(resp.Body))
		resp.Body.Close()
	}
	client.CloseIdleConnections()
	// 1,000 records of the whole query would be 60 MiB; cut, they are 2 MiB.
	if grown := int64(liveHeap()) - int64(before); grown > 20<<20 {
		t.Errorf("live heap grew by %d MiB for 1,100 requests with 60 KiB queries", grown>>20)
	}
	runtime.KeepAlive(srv)
}

func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
