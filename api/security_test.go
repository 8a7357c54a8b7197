package api_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/healvi-chat/healvi-go/api"
)

func TestRedirectToAnotherHostDropsTheToken(t *testing.T) {
	var leaked atomic.Value
	leaked.Store("")
	other := serve(t, func(w http.ResponseWriter, r *http.Request) {
		leaked.Store(r.Header.Get("Authorization"))
		docExampleHandler(w, r)
	})
	_, otherPort, _ := net.SplitHostPort(other.Listener.Addr().String())
	for _, target := range []string{
		"http://localhost:" + otherPort, // another host name
		other.URL,                       // same host, another port: another origin
	} {
		t.Run(target, func(t *testing.T) {
			leaked.Store("")
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, target+r.URL.Path, http.StatusFound)
			})
			conv, err := newClient(t, srv.URL).Conversation(context.Background(), 123)
			if err != nil || conv.ID != 123 {
				t.Fatalf("Conversation = %v, %v", conv, err)
			}
			if got := leaked.Load().(string); got != "" {
				t.Errorf("the other host got Authorization %q", got)
			}
		})
	}
}

func TestRedirectOnTheSameHostKeepsTheToken(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old/conversations/123" {
			http.Redirect(w, r, "/new/conversations/123", http.StatusMovedPermanently)
			return
		}
		if r.Header.Get("Authorization") != "Bearer "+testToken {
			writeJSON(w, http.StatusUnauthorized, []byte(`{"message":"Unauthenticated."}`))
			return
		}
		docExampleHandler(w, r)
	})
	if _, err := newClient(t, srv.URL+"/old").Conversation(context.Background(), 123); err != nil {
		t.Fatal(err)
	}
}

// TestNoErrorHoldsTheToken runs every failure the client knows against a
// server that echoes the token, in each form servers use, wherever it can:
// in a JSON message, in a JSON body without one, in plain text and HTML,
// in headers, and in a broken status line.
func TestNoErrorHoldsTheToken(t *testing.T) {
	type echoing func(echo string) http.HandlerFunc
	body := func(status int, contentType, format string) echoing {
		return func(echo string) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", contentType)
				w.WriteHeader(status)
				fmt.Fprintf(w, format, echo)
			}
		}
	}
	header := func(name, format string) echoing {
		return func(echo string) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set(name, fmt.Sprintf(format, echo))
				writeJSON(w, http.StatusNotFound, []byte(`{"message":"no"}`))
			}
		}
	}
	var written atomic.Int64
	cases := map[string]echoing{
		"401 json message":     body(401, "application/json", `{"message":"bad token %s"}`),
		"401 json no message":  body(401, "application/json", `{"error_description":"bad token %s"}`),
		"403 plain text":       body(403, "text/plain", "token %s may not read this"),
		"500 html":             body(500, "text/html", "<h1>Whoops</h1><p>token %s</p>"),
		"200 html":             body(200, "text/html", "<p>token %s</p>"),
		"200 truncated json":   body(200, "application/json", `{"data": "%s`),
		"200 wrong type":       body(200, "application/json", `{"data": {"id": "%s"}}`),
		"200 message not data": body(200, "application/json", `{"message": "%s"}`),
		"request id":           header("X-Request-Id", "id-%s"),
		"content type":         header("Content-Type", "application/json; token=%s"),
		"status line": func(echo string) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) {
				conn, buf, err := http.NewResponseController(w).Hijack()
				if err != nil {
					return
				}
				fmt.Fprintf(buf, "HTTP/1.1 %s\r\n\r\n", echo)
				buf.Flush()
				conn.Close()
			}
		},
	}
	for name, handler := range cases {
		for form, echo := range tokenEchoes {
			t.Run(name+"/"+form, func(t *testing.T) {
				srv := serve(t, handler(echo))
				c := newClient(t, srv.URL, api.WithRetries(0))
				_, err1 := c.Conversation(context.Background(), 123)
				_, err2 := c.GetConversationWithResponse(context.Background(), 123)
				for _, err := range []error{err1, err2} {
					if err == nil {
						t.Fatal("no error")
					}
					assertNoToken(t, err)
				}
			})
		}
	}
	for name, h := range map[string]http.HandlerFunc{
		"too large": streamForever(64<<20, &written),
		"timeout":   func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() },
	} {
		t.Run(name, func(t *testing.T) {
			srv := serve(t, h)
			c := newClient(t, srv.URL, api.WithRetries(0), api.WithTimeout(300*time.Millisecond), api.WithMaxResponseBytes(1<<20))
			_, err := c.Conversation(context.Background(), 123)
			if err == nil {
				t.Fatal("no error")
			}
			assertNoToken(t, err)
		})
	}
	t.Run("connection refused", func(t *testing.T) {
		srv := serve(t, docExampleHandler)
		c := newClient(t, srv.URL, api.WithRetries(0))
		srv.Close()
		_, err := c.Conversation(context.Background(), 123)
		if err == nil {
			t.Fatal("no error")
		}
		assertNoToken(t, err)
	})
}

// assertNoToken fails if any printed form of err, or any field of an
// *APIError in it, holds the token in any form: every echo keeps the
// token's "SECRET" as is.
func assertNoToken(t *testing.T, err error) {
	t.Helper()
	var apiErr *api.APIError
	texts := []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)}
	if errors.As(err, &apiErr) {
		texts = append(texts, fmt.Sprintf("%+v", *apiErr), fmt.Sprintf("%#v", *apiErr), string(apiErr.Body),
			apiErr.Message, apiErr.RequestID, apiErr.ContentType, apiErr.Status)
	}
	for _, s := range texts {
		if strings.Contains(s, "SECRET") {
			t.Errorf("the token is in %q", s)
		}
	}
}

// The token is redacted from a log line wherever a careless caller put
// it: a header parameter, the query, the path.
func TestLoggerRedactsTheTokenEverywhere(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, []byte(`{}`))
	})
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c := newClient(t, srv.URL, api.WithLogger(logger))
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/conversations/"+testToken+"?q="+tokenEchoes["percent upper"], nil)
	req.Header.Set("Idempotency-Key", testToken)
	req.Header["X-Two"] = []string{"a", tokenEchoes["json slash"]}
	for _, edit := range c.ClientInterface.(*api.Client).RequestEditors { // the token, as a generated method adds it
		if err := edit(req.Context(), req); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := sendRaw(t, c, req); err != nil {
		t.Fatal(err)
	}
	logs := buf.String()
	if strings.Contains(logs, "SECRET") {
		t.Fatalf("the log holds the token:\n%s", logs)
	}
	for _, want := range []string{`"Idempotency-Key":"[REDACTED]"`, `"X-Two":["a","[REDACTED]"]`, `/conversations/[REDACTED]?q=[REDACTED]`} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %s:\n%s", want, logs)
		}
	}
}

func TestLoggerRedactsAuthorization(t *testing.T) {
	var requests atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if requests.Add(1) == 1 {
			// A proxy that echoes the token, escaped, where the log looks.
			w.Header().Set("X-Request-Id", tokenEchoes["json slash"])
			writeJSON(w, http.StatusServiceUnavailable, []byte(`{"message":"`+tokenEchoes["json u lower"]+`"}`))
			return
		}
		docExampleHandler(w, r)
	})
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if _, err := newClient(t, srv.URL, api.WithLogger(logger)).Conversation(context.Background(), 123); err != nil {
		t.Fatal(err)
	}
	logs := buf.String()
	if strings.Contains(logs, "SECRET") {
		t.Fatalf("the log holds the token:\n%s", logs)
	}
	for _, want := range []string{`"Authorization":"REDACTED"`, `"status":503`, `"status":200`, `"msg":"healvi: retrying request"`, `/conversations/123`, `"Accept":"application/json"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %s:\n%s", want, logs)
		}
	}
}

func TestOptionsComposeInAnyOrder(t *testing.T) {
	var requests, custom atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		writeJSON(w, http.StatusServiceUnavailable, nil)
	})
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		custom.Add(1)
		return http.DefaultTransport.RoundTrip(r)
	})}
	for name, opts := range map[string][]api.ClientOption{
		"http client first": {api.WithHTTPClient(hc), api.WithRetries(1)},
		"http client last":  {api.WithRetries(1), api.WithHTTPClient(hc)},
	} {
		requests.Store(0)
		custom.Store(0)
		_, err := newClient(t, srv.URL, opts...).Conversation(context.Background(), 123)
		if !errors.Is(err, api.ErrServer) {
			t.Errorf("%s: err = %v, want ErrServer", name, err)
		}
		if requests.Load() != 2 || custom.Load() != 2 {
			t.Errorf("%s: %d requests, %d through the custom client; want 2 and 2", name, requests.Load(), custom.Load())
		}
	}
}

func TestCustomHTTPClientIsNotModified(t *testing.T) {
	hc := &http.Client{Timeout: time.Minute}
	if _, err := api.New("https://a.b.healvi-chat/third-party/v1", testToken, api.WithHTTPClient(hc)); err != nil {
		t.Fatal(err)
	}
	if hc.CheckRedirect != nil || hc.Timeout != time.Minute {
		t.Error("New changed the caller's *http.Client")
	}
}

// dialAlways returns an HTTP client that connects to srv whatever host a
// URL names, so that a test can use a host name that is not loopback.
func dialAlways(srv *httptest.Server) *http.Client {
	addr := srv.Listener.Addr().String()
	return &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}}
}

// The generated constructor with WithBearerToken never sends the token in
// clear text to a host that is not loopback; New with WithInsecureHTTP
// does, as asked.
func TestTokenIsNeverSentOverPlainHTTP(t *testing.T) {
	var got atomic.Value
	got.Store("")
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		got.Store(r.Header.Get("Authorization"))
		docExampleHandler(w, r)
	})
	const remote = "http://api.healvi-chat.example/third-party/v1"
	for name, opts := range map[string][]api.ClientOption{
		"token first": {api.WithBearerToken(testToken), api.WithHTTPClient(dialAlways(srv))},
		"token last":  {api.WithHTTPClient(dialAlways(srv)), api.WithBearerToken(testToken)},
		"base URL changed after": {api.WithBearerToken(testToken), api.WithHTTPClient(dialAlways(srv)),
			api.WithBaseURL(remote)},
	} {
		t.Run(name, func(t *testing.T) {
			c, err := api.NewClientWithResponses(remote, opts...)
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.GetConversationWithResponse(context.Background(), 123)
			if !errors.Is(err, api.ErrInsecureURL) || !strings.HasPrefix(err.Error(), "healvi: ") || !strings.Contains(err.Error(), "api.healvi-chat.example") {
				t.Errorf("err = %v, want ErrInsecureURL naming the host", err)
			}
			if a := got.Load().(string); a != "" {
				t.Errorf("the server got Authorization %q", a)
			}
		})
	}
	c, err := api.New(remote, testToken, api.WithInsecureHTTP(), api.WithHTTPClient(dialAlways(srv)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Conversation(context.Background(), 123); err != nil || got.Load().(string) != "Bearer "+testToken {
		t.Errorf("with WithInsecureHTTP: %v, Authorization %q", err, got.Load())
	}
}

// New's options do what they say in any order with New, and fail with the
// generated constructor, which cannot honour them, instead of being
// dropped or depending on their order there.
func TestNewsOptionsFailWithTheGeneratedConstructor(t *testing.T) {
	hc := &http.Client{}
	for name, opt := range map[string]api.ClientOption{
		"WithRetries":          api.WithRetries(2),
		"WithRetryWait":        api.WithRetryWait(time.Millisecond, time.Second),
		"WithTimeout":          api.WithTimeout(time.Second),
		"WithTryTimeout":       api.WithTryTimeout(time.Second),
		"WithMaxResponseBytes": api.WithMaxResponseBytes(1 << 10),
		"WithLogger":           api.WithLogger(slog.Default()),
		"WithInsecureHTTP":     api.WithInsecureHTTP(),
	} {
		for order, opts := range map[string][]api.ClientOption{
			"alone":       {opt},
			"before doer": {opt, api.WithHTTPClient(hc)},
			"after doer":  {api.WithHTTPClient(hc), opt},
		} {
			c, err := api.NewClientWithResponses("https://a.b.healvi-chat/third-party/v1", opts...)
			if c != nil || err == nil || !strings.Contains(err.Error(), name+" works only with api.New") || strings.Count(err.Error(), "healvi:") != 1 {
				t.Errorf("%s %s: NewClientWithResponses = %v, %v; want an error saying to use api.New", name, order, c, err)
			}
		}
	}
}
