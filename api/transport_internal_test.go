package api

import (
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// A Content-Length sizes the buffer up front only up to maxPrealloc: a
// server that announces 16 MiB and sends one byte costs that, not 16 MiB.
func TestContentLengthPreallocatesLittle(t *testing.T) {
	body, err := readLimited(strings.NewReader("x"), 16<<20, 16<<20)
	if err != nil || string(body) != "x" {
		t.Fatalf("readLimited = %q, %v", body, err)
	}
	if cap(body) > maxPrealloc {
		t.Errorf("a Content-Length of 16 MiB allocated %d bytes for a 1-byte body, want at most %d", cap(body), maxPrealloc)
	}
	// A body that does send what it announced still reads whole.
	big := strings.Repeat("y", 1<<20)
	body, err = readLimited(strings.NewReader(big), 16<<20, int64(len(big)))
	if err != nil || string(body) != big {
		t.Fatalf("a 1 MiB body: %d bytes, %v", len(body), err)
	}
}

// A server that takes an HTTP/2 connection and never answers on it (not
// even a PING) must not hold every retry and later call: the default
// transport's health check closes it, and the retry gets a new one.
func TestASilentHTTP2ConnectionIsDropped(t *testing.T) {
	defer func(s, p time.Duration) { h2SendPingTimeout, h2PingTimeout = s, p }(h2SendPingTimeout, h2PingTimeout)
	h2SendPingTimeout, h2PingTimeout = 50*time.Millisecond, 50*time.Millisecond

	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"data":{"id":123}}`)
	}))
	srv.EnableHTTP2 = true
	srv.StartTLS()
	t.Cleanup(srv.Close)
	// The first connection goes to a listener that completes the TLS
	// handshake, reads whatever comes and never writes; later ones reach
	// the real server.
	silent, err := tls.Listen("tcp", "127.0.0.1:0", srv.TLS)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { silent.Close() })
	go func() {
		for {
			conn, err := silent.Accept()
			if err != nil {
				return
			}
			go func() { _, _ = io.Copy(io.Discard, conn); conn.Close() }()
		}
	}()
	var dials atomic.Int32
	tr := newTransport()
	tr.retries, tr.waitMin, tr.waitMax = 3, time.Millisecond, time.Millisecond
	tr.tryTimeout, tr.timeout = 10*time.Second, 30*time.Second
	h := tr.base.(*http.Client).Transport.(*http.Transport)
	h.TLSClientConfig = srv.Client().Transport.(*http.Transport).TLSClientConfig.Clone()
	h.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		addr := srv.Listener.Addr().String()
		if dials.Add(1) == 1 {
			addr = silent.Addr().String()
		}
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/not-an-operation", nil)
	resp, err := tr.Do(req)
	if err != nil {
		t.Fatalf("Do = %v, want the answer from a new connection", err)
	}
	if resp.ProtoMajor != 2 {
		t.Errorf("answered over %s, want HTTP/2", resp.Proto)
	}
	if n := dials.Load(); n != 2 {
		t.Errorf("%d dials, want 2: the silent connection, then a new one", n)
	}
}
