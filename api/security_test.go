package api_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
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
// server that echoes the Authorization header wherever it can.
func TestNoErrorHoldsTheToken(t *testing.T) {
	echo := func(status int, contentType string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", contentType)
			w.Header().Set("X-Request-Id", "id-"+r.Header.Get("Authorization"))
			w.WriteHeader(status)
			fmt.Fprintf(w, `{"message":"bad token %s"}`, r.Header.Get("Authorization"))
		}
	}
	hang := func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }
	var written atomic.Int64
	cases := map[string]http.HandlerFunc{
		"401 echo": echo(401, "application/json"),
		"404":      echo(404, "application/json"),
		"429":      echo(429, "application/json"),
		"500 html": echo(500, "text/html"),
		"200 html": echo(200, "text/html"),
		"200 truncated": func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, []byte(`{"data": "`+r.Header.Get("Authorization")))
		},
		"200 empty": func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, nil) },
		"too large": streamForever(64<<20, &written),
		"timeout":   hang,
	}
	for name, h := range cases {
		t.Run(name, func(t *testing.T) {
			srv := serve(t, h)
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			c := newClient(t, srv.URL, api.WithRetries(1), api.WithMaxResponseBytes(1<<20))
			_, err1 := c.Conversation(ctx, 123)
			_, err2 := c.GetConversationWithResponse(ctx, 123)
			for _, err := range []error{err1, err2} {
				if err == nil {
					t.Fatal("no error")
				}
				assertNoToken(t, err)
			}
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

func assertNoToken(t *testing.T, err error) {
	t.Helper()
	var apiErr *api.APIError
	texts := []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)}
	if errors.As(err, &apiErr) {
		texts = append(texts, fmt.Sprintf("%+v", *apiErr), string(apiErr.Body))
	}
	for _, s := range texts {
		if strings.Contains(s, testToken) {
			t.Errorf("the token is in %q", s)
		}
	}
}

func TestLoggerRedactsAuthorization(t *testing.T) {
	var requests atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if requests.Add(1) == 1 {
			writeJSON(w, http.StatusServiceUnavailable, nil)
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
	if strings.Contains(logs, testToken) {
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
