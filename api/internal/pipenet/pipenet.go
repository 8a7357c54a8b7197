// Package pipenet is an in-memory network for tests that run a server and
// a client inside a testing/synctest bubble. A goroutine blocked on a
// loopback socket is not durably blocked, so the bubble's clock would not
// move while one waits for the other; on net.Pipe connections it does, and
// a test can assert what the fake clock says without a real wait.
package pipenet

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// Listener is a net.Listener whose connections are net.Pipe pairs made by
// its DialContext.
type Listener struct {
	conns  chan net.Conn
	done   chan struct{}
	closed sync.Once
}

// Listen returns a Listener; make it inside the bubble that uses it.
func Listen() *Listener {
	return &Listener{conns: make(chan net.Conn), done: make(chan struct{})}
}

// Accept waits for the next DialContext.
func (l *Listener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

// Close makes Accept and DialContext fail from now on.
func (l *Listener) Close() error {
	l.closed.Do(func() { close(l.done) })
	return nil
}

// Addr is a loopback address, so that URLs built from it are loopback
// ones; nothing listens there.
func (l *Listener) Addr() net.Addr {
	return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 80}
}

// DialContext connects to the Listener, whatever the address, as an
// http.Transport's DialContext.
func (l *Listener) DialContext(ctx context.Context, _, _ string) (net.Conn, error) {
	client, server := net.Pipe()
	select {
	case l.conns <- server:
		return client, nil
	case <-l.done:
		return nil, &net.OpError{Op: "dial", Net: "pipe", Err: net.ErrClosed}
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Serve starts an httptest.Server for h on a new Listener and returns it
// with an http.Client that dials it; both are closed when t ends. Call it
// inside the bubble.
func Serve(t testing.TB, h http.Handler) (*httptest.Server, *http.Client) {
	t.Helper()
	l := Listen()
	srv := &httptest.Server{Listener: l, Config: &http.Server{Handler: h}}
	srv.Start()
	tr := &http.Transport{DialContext: l.DialContext}
	t.Cleanup(func() {
		tr.CloseIdleConnections()
		srv.Close()
	})
	return srv, &http.Client{Transport: tr}
}
