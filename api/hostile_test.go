package api_test

// Each test here is a server that is hostile or broken in one way, and what
// the client must do about it: return a clear error, bounded in time and
// memory, and never a panic, a hang or the token.

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/healvi-chat/healvi-go/api"
)

// hijacked serves every request by writing raw bytes to the connection,
// then calling after (if set) with it before closing it.
func hijacked(t *testing.T, raw string, after func(net.Conn, *bufio.ReadWriter)) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var requests atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close()
		_, _ = buf.WriteString(raw)
		_ = buf.Flush()
		if after != nil {
			after(conn, buf)
		}
	})
	return srv, &requests
}

// within runs call and fails the test if it has not returned after a
// generous bound: a watchdog against a hang, not a measure of speed.
func within[T any](t *testing.T, call func() T) T {
	t.Helper()
	done := make(chan T, 1)
	go func() { done <- call() }()
	select {
	case v := <-done:
		return v
	case <-time.After(20 * time.Second):
		t.Fatal("the call hung: a hostile server held it past every limit")
		panic("unreachable")
	}
}

// A 101 answer to a request that asked for no upgrade hands the caller the
// raw connection as the body, which no time limit of the request bounds.
// Every path fails at once and closes it unread.
func TestSwitchingProtocolsIsAnErrorAtOnce(t *testing.T) {
	closed := make(chan struct{}, 16)
	srv, _ := hijacked(t, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: trickle\r\nConnection: Upgrade\r\n\r\n",
		func(conn net.Conn, _ *bufio.ReadWriter) {
			// Trickle until the client closes the connection; a client
			// that reads on would be held here until the watchdog fires.
			for {
				if _, err := conn.Write([]byte("x")); err != nil {
					closed <- struct{}{}
					return
				}
				select {
				case <-time.After(10 * time.Millisecond):
				case <-t.Context().Done():
					return
				}
			}
		})
	plain, err := api.NewClientWithResponses(srv.URL, api.WithBearerToken(testToken))
	if err != nil {
		t.Fatal(err)
	}
	calls := map[string]func() error{
		"Conversation": func() error {
			_, err := newClient(t, srv.URL, api.WithTryTimeout(time.Hour)).Conversation(context.Background(), 123)
			return err
		},
		"GetConversationWithResponse": func() error {
			_, err := newClient(t, srv.URL, api.WithTryTimeout(time.Hour)).GetConversationWithResponse(context.Background(), 123)
			return err
		},
		"generated constructor": func() error {
			_, err := plain.GetConversationWithResponse(context.Background(), 123)
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			err := within(t, call)
			if err == nil || !strings.Contains(err.Error(), "101 Switching Protocols") || !strings.HasPrefix(err.Error(), "healvi: ") {
				t.Fatalf("err = %v, want one naming the 101", err)
			}
			within(t, func() struct{} { <-closed; return struct{}{} })
		})
	}
}

// net/http keeps Authorization on a redirect to the same host name whatever
// the scheme or port, so the token would follow https://host to
// http://host in clear text unless the client's redirect policy drops it,
// on every constructor.
func TestTokenNeverFollowsARedirectToPlainHTTP(t *testing.T) {
	var leaked atomic.Value
	leaked.Store("")
	plainSrv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		leaked.Store(r.Header.Get("Authorization"))
		docExampleHandler(w, r)
	})
	tlsSrv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://api.healvi-chat.example"+r.URL.Path, http.StatusMovedPermanently)
	}))
	t.Cleanup(tlsSrv.Close)
	// api.healvi-chat.example:443 is the TLS server, :80 the plain one.
	dialer := func(ctx context.Context, network, addr string) (net.Conn, error) {
		target := plainSrv.Listener.Addr().String()
		if strings.HasSuffix(addr, ":443") {
			target = tlsSrv.Listener.Addr().String()
		}
		return (&net.Dialer{}).DialContext(ctx, network, target)
	}
	hc := func() *http.Client {
		tr := tlsSrv.Client().Transport.(*http.Transport).Clone()
		tr.DialContext = dialer
		tr.TLSClientConfig.ServerName = "example.com" // the test certificate's name
		return &http.Client{Transport: tr}
	}
	const base = "https://api.healvi-chat.example/third-party/v1"
	users := hc()
	gen, err := api.NewClientWithResponses(base, api.WithBearerToken(testToken), api.WithHTTPClient(users))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := gen.GetConversationWithResponse(context.Background(), 123); err != nil {
		t.Fatalf("generated constructor: %v", err)
	}
	if got := leaked.Load().(string); got != "" {
		t.Errorf("generated constructor: the plain-http server got Authorization %q", got)
	}
	if users.CheckRedirect != nil {
		t.Error("the caller's *http.Client was changed")
	}
	leaked.Store("")
	c, err := api.New(base, testToken, api.WithHTTPClient(hc()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Conversation(context.Background(), 123); err != nil {
		t.Fatalf("New: %v", err)
	}
	if got := leaked.Load().(string); got != "" {
		t.Errorf("New: the plain-http server got Authorization %q", got)
	}
}

// The generated constructor's own default client (no WithHTTPClient) keeps
// the token off another port of the same host, as New's does.
func TestGeneratedDefaultClientKeepsTheTokenOnItsOrigin(t *testing.T) {
	var leaked atomic.Value
	leaked.Store("")
	other := serve(t, func(w http.ResponseWriter, r *http.Request) {
		leaked.Store(r.Header.Get("Authorization"))
		docExampleHandler(w, r)
	})
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusFound)
	})
	c, err := api.NewClientWithResponses(srv.URL, api.WithBearerToken(testToken))
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.GetConversationWithResponse(context.Background(), 123)
	if err != nil || r.JSON200 == nil {
		t.Fatalf("GetConversationWithResponse = %v, %v", r, err)
	}
	if got := leaked.Load().(string); got != "" {
		t.Errorf("another port of the same host got Authorization %q", got)
	}
}

// doer is a doer that is not an *http.Client: nothing outside it can stop
// it from following a redirect with the token.
type doer struct{ c *http.Client }

func (d doer) Do(r *http.Request) (*http.Response, error) { return d.c.Do(r) }

func TestADoerThatCannotBeGuardedIsRefused(t *testing.T) {
	var requests atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		docExampleHandler(w, r)
	})
	if _, err := api.New(srv.URL, testToken, api.WithHTTPClient(doer{http.DefaultClient})); err == nil ||
		!strings.Contains(err.Error(), "not an *http.Client") {
		t.Errorf("New with a wrapping doer: %v, want it refused", err)
	}
	gen, err := api.NewClientWithResponses(srv.URL, api.WithBearerToken(testToken), api.WithHTTPClient(doer{http.DefaultClient}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := gen.GetConversationWithResponse(context.Background(), 123); err == nil || !strings.Contains(err.Error(), "not an *http.Client") {
		t.Errorf("generated constructor with a wrapping doer: %v, want it refused", err)
	}
	if n := requests.Load(); n != 0 {
		t.Errorf("%d requests reached the server, want none", n)
	}
}

// Media types are case-insensitive (RFC 9110 §8.3.1): every path decodes
// the body whatever case the server writes, and a documented 2xx without
// its JSON body is an error, never a response with a nil JSON200.
func TestMediaTypesMatchInAnyCase(t *testing.T) {
	for _, ct := range []string{"APPLICATION/JSON", "Application/Json", "application/JSON; charset=utf-8", "application/vnd.healvi+JSON"} {
		t.Run(ct, func(t *testing.T) {
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", ct)
				_, _ = w.Write(docExample)
			})
			plain, err := api.NewClientWithResponses(srv.URL, api.WithBearerToken(testToken))
			if err != nil {
				t.Fatal(err)
			}
			for name, c := range map[string]*api.ClientWithResponses{"New": newClient(t, srv.URL), "generated": plain} {
				r, err := c.GetConversationWithResponse(context.Background(), 123)
				if err != nil || r.JSON200 == nil || r.JSON200.Data.ID != 123 {
					t.Errorf("%s: GetConversationWithResponse = %v, %v; want the conversation", name, r, err)
				}
			}
			if conv, err := newClient(t, srv.URL).Conversation(context.Background(), 123); err != nil || conv.ID != 123 {
				t.Errorf("Conversation = %v, %v", conv, err)
			}
		})
	}
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write(docExample)
	})
	plain, err := api.NewClientWithResponses(srv.URL, api.WithBearerToken(testToken))
	if err != nil {
		t.Fatal(err)
	}
	if r, err := plain.GetConversationWithResponse(context.Background(), 123); r != nil || !errors.Is(err, api.ErrInvalidResponse) {
		t.Errorf("generated constructor, text/html 200: %v, %v; want ErrInvalidResponse and no response", r, err)
	}
}

// A failing 2xx body holds the API's customers' data: the error says where
// it is wrong and what was wanted, and quotes and keeps none of it.
func TestAFailingSuccessBodyIsNeverQuoted(t *testing.T) {
	const name, phone, birthday = "Erika Mustermann", "4915223567929", "1964-08-12-not-a-date"
	for label, body := range map[string]string{
		"wrong type":      `{"data":{"id":"` + name + `","agent":{"display_id":"` + phone + `"}}}`,
		"number too big":  `{"data":{"id":` + phone + phone + phone + `}}`,
		"time that fails": `{"data":{"id":1,"created_at":"` + birthday + `"}}`,
		"not JSON":        `{"data":{"customer":{"name":"` + name + `", "phone":` + phone + ` oops`,
	} {
		t.Run(label, func(t *testing.T) {
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, []byte(body)) })
			for call, f := range callers {
				v, err := f(newClient(t, srv.URL), 123)
				var apiErr *api.APIError
				if v != nil || !errors.As(err, &apiErr) || !errors.Is(err, api.ErrInvalidResponse) {
					t.Fatalf("%s = %v, %v; want an *APIError matching ErrInvalidResponse", call, v, err)
				}
				var texts []string
				for e := error(err); e != nil; e = errors.Unwrap(e) {
					texts = append(texts, e.Error())
				}
				texts = append(texts, fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err), string(apiErr.Body), apiErr.Message)
				for _, s := range texts {
					for _, pii := range []string{name, phone, birthday, "Erika", "15223567929"} {
						if strings.Contains(s, pii) {
							t.Errorf("%s: %q holds %q", call, s, pii)
						}
					}
				}
				if !strings.Contains(err.Error(), "byte ") {
					t.Errorf("%s: %q does not say where", call, err)
				}
			}
		})
	}
}

// Failures that will repeat are not retried: each is sent once.
func TestFailuresThatRepeatAreNotRetried(t *testing.T) {
	gzipBadCRC := "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff\xab\xae\x05\x00\xde\xad\xbe\xef\x02\x00\x00\x00"
	gzipBadDeflate := "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff\xff\xff\xff\xff\xff\xff"
	for name, raw := range map[string]string{
		"gzip with a bad CRC": "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: " +
			fmt.Sprint(len(gzipBadCRC)) + "\r\n\r\n" + gzipBadCRC,
		"corrupt deflate data": "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: " +
			fmt.Sprint(len(gzipBadDeflate)) + "\r\n\r\n" + gzipBadDeflate,
		"gzip that is not gzip":         "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: 11\r\n\r\n{\"data\":{}}",
		"status code of four digits":    "HTTP/1.1 2000 OK\r\nContent-Length: 0\r\n\r\n",
		"status line echoing the token": "HTTP/1.1 " + testToken + " OK\r\nContent-Length: 0\r\n\r\n",
		"Retry-After beyond int64":      "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 99999999999999999999\r\nContent-Length: 0\r\n\r\n",
	} {
		t.Run(name, func(t *testing.T) {
			srv, requests := hijacked(t, raw, nil)
			_, err := newClient(t, srv.URL, api.WithRetries(3)).Conversation(context.Background(), 123)
			if err == nil || !strings.HasPrefix(err.Error(), "healvi: ") {
				t.Fatalf("err = %v, want a healvi error", err)
			}
			if n := requests.Load(); n != 1 {
				t.Errorf("sent %d times, want once (%v)", n, err)
			}
		})
	}
}

// A proxy that answers CONNECT with 407 will answer it again: no retry.
func TestAProxyRefusingCONNECTIsNotRetried(t *testing.T) {
	var connects atomic.Int32
	proxy := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodConnect {
			connects.Add(1)
		}
		w.WriteHeader(http.StatusProxyAuthRequired)
	})
	proxyURL, _ := url.Parse(proxy.URL)
	hc := &http.Client{Transport: &http.Transport{Proxy: http.ProxyURL(proxyURL)}}
	_, err := newClient(t, "https://api.healvi-chat.example/third-party/v1", api.WithHTTPClient(hc), api.WithRetries(3)).
		Conversation(context.Background(), 123)
	if err == nil || !strings.Contains(err.Error(), "Proxy Authentication Required") {
		t.Fatalf("err = %v, want the proxy's refusal", err)
	}
	if n := connects.Load(); n != 1 {
		t.Errorf("%d CONNECTs, want 1", n)
	}
}

// A nil context is an error, as net/http makes it, not a panic.
func TestANilContextIsAnError(t *testing.T) {
	srv := serve(t, docExampleHandler)
	var ctx context.Context // nil
	c := newClient(t, srv.URL)
	plain, err := api.NewClientWithResponses(srv.URL, api.WithBearerToken(testToken))
	if err != nil {
		t.Fatal(err)
	}
	for name, call := range map[string]func() error{
		"Conversation":                func() error { _, err := c.Conversation(ctx, 123); return err },
		"GetConversationWithResponse": func() error { _, err := c.GetConversationWithResponse(ctx, 123); return err },
		"GetConversation":             func() error { _, err := c.GetConversation(ctx, 123); return err },
		"generated constructor":       func() error { _, err := plain.GetConversationWithResponse(ctx, 123); return err },
	} {
		if err := call(); err == nil || !strings.Contains(err.Error(), "nil Context") {
			t.Errorf("%s: err = %v, want one saying nil Context", name, err)
		}
	}
}

// Every error in the chain of a transport error is clean, not only the
// outermost: errors.Unwrap must not hand out a token that the server
// echoed in its status line.
func TestNoErrorInTheChainHoldsTheToken(t *testing.T) {
	for form, echo := range tokenEchoes {
		t.Run(form, func(t *testing.T) {
			srv, _ := hijacked(t, "HTTP/1.1 "+echo+" OK\r\nContent-Length: 0\r\n\r\n", nil)
			_, err := newClient(t, srv.URL, api.WithRetries(0)).Conversation(context.Background(), 123)
			if err == nil {
				t.Fatal("no error for a malformed status line")
			}
			var opErr *url.Error
			if !errors.As(err, &opErr) {
				t.Errorf("%v: the *url.Error is gone from the chain", err)
			}
			for e := err; e != nil; e = errors.Unwrap(e) {
				for _, s := range []string{e.Error(), fmt.Sprintf("%+v", e), fmt.Sprintf("%#v", e)} {
					for _, leak := range tokenEchoes {
						if strings.Contains(s, leak) || strings.Contains(s, "SECRET") {
							t.Errorf("%T in the chain says %q", e, s)
						}
					}
				}
			}
		})
	}
}

// An echo of the token that straddles the 4 KiB an error keeps of a body
// is masked whole: no part of it is left at the cut.
func TestAnEchoAtTheCutOfAnErrorBodyIsMasked(t *testing.T) {
	for cut := 4096 - len(testToken); cut <= 4096; cut += 3 {
		body := strings.Repeat(`\`, cut) + testToken + strings.Repeat(`%`, 1<<20)
		srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(body))
		})
		_, err := newClient(t, srv.URL).Conversation(context.Background(), 123)
		var apiErr *api.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusForbidden {
			t.Fatalf("err = %v", err)
		}
		if len(apiErr.Body) > 4096 {
			t.Errorf("kept %d bytes of the body, want at most 4096", len(apiErr.Body))
		}
		kept := string(apiErr.Body)
		for n := 4; n <= len(testToken); n++ {
			if strings.HasSuffix(kept, testToken[:n]) || strings.Contains(kept, testToken[:n]) {
				t.Fatalf("echo at %d: the kept body holds %q of the token", cut, testToken[:n])
			}
		}
	}
}

// A token that a redirect carries into a path, a query or another origin's
// answer is redacted from every field of the error, though the guard
// dropped the Authorization header on the way.
func TestTokenEchoedAfterARedirectIsRedacted(t *testing.T) {
	other := serve(t, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query().Get("t")
		w.Header().Set("X-Request-Id", "t="+q)
		writeJSON(w, http.StatusInternalServerError, []byte(`{"message":"bad `+q+`"}`))
	})
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		switch {
		case strings.HasPrefix(r.URL.Path, "/echo/"):
			writeJSON(w, http.StatusNotFound, []byte(`{"message":"nope"}`))
		case strings.HasSuffix(r.URL.Path, "/1"):
			http.Redirect(w, r, "/echo/"+tok, http.StatusFound)
		default:
			http.Redirect(w, r, other.URL+"/x?t="+url.QueryEscape(tok), http.StatusTemporaryRedirect)
		}
	})
	plain, err := api.NewClientWithResponses(srv.URL, api.WithBearerToken(testToken))
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{1, 2} {
		_, err1 := newClient(t, srv.URL, api.WithRetries(0)).Conversation(context.Background(), id)
		_, err2 := plain.Conversation(context.Background(), id)
		for _, err := range []error{err1, err2} {
			var apiErr *api.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("id %d: %v, want an *APIError", id, err)
			}
			for _, s := range []string{err.Error(), fmt.Sprintf("%#v", apiErr), string(apiErr.Body)} {
				if strings.Contains(s, "SECRET") {
					t.Errorf("id %d: %q holds the token", id, s)
				}
			}
		}
	}
}

// The generated constructor's errors are as clean as New's: a 4xx whose
// JSON key echoes the token, and a 101 whose reason phrase does, with a
// control character.
func TestGeneratedConstructorErrorsHoldNoToken(t *testing.T) {
	srv404 := serve(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, []byte(`{"`+testToken+`": 1e999}`))
	})
	srv101, _ := hijacked(t, "HTTP/1.1 101 "+testToken+" \x1b[31mred\r\nConnection: Upgrade\r\nUpgrade: x\r\n\r\n", nil)
	for _, base := range []string{srv404.URL, srv101.URL} {
		plain, err := api.NewClientWithResponses(base, api.WithBearerToken(testToken))
		if err != nil {
			t.Fatal(err)
		}
		_, err = plain.GetConversationWithResponse(context.Background(), 123)
		if err == nil {
			t.Fatalf("%s: no error", base)
		}
		for e := err; e != nil; e = errors.Unwrap(e) {
			if s := e.Error(); strings.Contains(s, "SECRET") || strings.Contains(s, "\x1b") {
				t.Errorf("%T in the chain says %q", e, s)
			}
		}
	}
}

// Two WithBearerToken options on one generated client share the guard: no
// race, and the doer is swapped once, not wrapped again on every request.
func TestTwoBearerTokenOptionsShareOneGuard(t *testing.T) {
	srv := serve(t, docExampleHandler)
	gen, err := api.NewClientWithResponses(srv.URL, api.WithBearerToken(testToken), api.WithBearerToken(testToken))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 8)
	for range 8 {
		go func() {
			_, err := gen.GetConversationWithResponse(context.Background(), 123)
			done <- err
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	first := gen.ClientInterface.(*api.Client).Client
	for range 3 {
		if _, err := gen.GetConversationWithResponse(context.Background(), 123); err != nil {
			t.Fatal(err)
		}
	}
	if gen.ClientInterface.(*api.Client).Client != first {
		t.Error("the doer changed again after it was guarded")
	}
}

var _ = tls.VersionTLS12
