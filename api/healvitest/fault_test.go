package healvitest_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/healvi-chat/healvi-go/api"
	"github.com/healvi-chat/healvi-go/api/healvitest"
	"github.com/healvi-chat/healvi-go/api/internal/pipenet"
)

func TestScriptedStatusWithHeadersAndBody(t *testing.T) {
	srv := healvitest.NewServer(t)
	srv.FailNext(1, healvitest.Fault{
		Status: 429,
		Header: http.Header{"Retry-After": {"120"}, "X-Request-Id": {"req-42"}},
		Body:   []byte(`{"message":"Too Many Attempts."}`),
	})
	_, err := client(t, srv, api.WithRetries(0)).Conversation(context.Background(), 123)
	var apiErr *api.APIError
	if !errors.Is(err, api.ErrRateLimited) || !errors.As(err, &apiErr) {
		t.Fatalf("error %v, want ErrRateLimited", err)
	}
	if apiErr.RetryAfter != 2*time.Minute || apiErr.RequestID != "req-42" || apiErr.Message != "Too Many Attempts." {
		t.Errorf("RetryAfter %v, RequestID %q, Message %q", apiErr.RetryAfter, apiErr.RequestID, apiErr.Message)
	}
}

func TestFaultsApplyToTheNextNRequestsInOrder(t *testing.T) {
	srv := healvitest.NewServer(t)
	srv.FailNext(2, healvitest.Status(503, "X-Request-Id", "busy"))
	srv.FailNext(1, healvitest.CutConnection())
	conv, err := client(t, srv, api.WithRetries(3)).Conversation(context.Background(), 123)
	if err != nil || conv.ID != 123 {
		t.Fatalf("after 3 faults and 3 retries: %v, %v", conv, err)
	}
	if n := len(srv.Requests()); n != 4 {
		t.Errorf("%d requests, want 4 (three faults, then the answer)", n)
	}
}

func TestEachFaultIsAClearClientError(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault healvitest.Fault
		check func(error) bool
		want  string
	}{
		{"status without body", healvitest.Status(500), func(err error) bool { return errors.Is(err, api.ErrServer) }, "Internal Server Error"},
		{"malformed JSON", healvitest.MalformedJSON(), func(err error) bool { return errors.Is(err, api.ErrInvalidResponse) }, "not valid JSON"},
		{"truncated JSON", healvitest.TruncatedJSON(), func(err error) bool { return errors.Is(err, api.ErrInvalidResponse) }, "not valid JSON"},
		{"HTML page", healvitest.HTMLPage(502), func(err error) bool { return errors.Is(err, api.ErrServer) }, "<!doctype html>"},
		{"connection cut", healvitest.CutConnection(), func(err error) bool { return errors.Is(err, io.ErrUnexpectedEOF) }, "unexpected EOF"},
		{"slow", healvitest.Slow(time.Minute), func(err error) bool { return errors.Is(err, context.DeadlineExceeded) }, "deadline"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := healvitest.NewServer(t)
			srv.FailNext(1, tc.fault)
			conv, err := client(t, srv, api.WithRetries(0), api.WithTimeout(200*time.Millisecond)).Conversation(context.Background(), 123)
			if conv != nil || !tc.check(err) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%v, %v; want an error saying %q", conv, err, tc.want)
			}
		})
	}
}

// The documentation's page itself has user.email 123; the server sends it
// only as a quirk, and the client tolerates it.
func TestVerbatimPageQuirkIsToleratedByTheClient(t *testing.T) {
	srv := healvitest.NewServer(t)
	srv.FailNext(1, healvitest.VerbatimPage())
	conv, err := client(t, srv).Conversation(context.Background(), 123)
	if err != nil || conv.User == nil || conv.User.Email != "123" {
		t.Fatalf("%+v, %v; want user.email \"123\"", conv, err)
	}
	if v := srv.Violations(); len(v) != 0 {
		t.Errorf("a scripted quirk was reported: %q", v)
	}
}

// A scripted delay never outlives the server: Close ends it at once. The
// server is reached through a front on an in-memory network that says when
// the request has come (no polling), in a synctest bubble, so that a delay
// that went on after Close would show on the bubble's clock at once
// instead of after a real hour.
func TestCloseEndsScriptedDelays(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv, err := healvitest.Start()
		if err != nil {
			t.Fatal(err)
		}
		srv.FailNext(1, healvitest.Slow(time.Hour))
		arrived := make(chan struct{})
		front, hc := pipenet.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			close(arrived)
			srv.ServeHTTP(w, r)
		}))
		c, err := api.New(front.URL+healvitest.BasePath, srv.Token, api.WithHTTPClient(hc), api.WithRetries(0), api.WithTimeout(0))
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() {
			_, err := c.Conversation(context.Background(), 123)
			done <- err
		}()
		<-arrived
		start := time.Now()
		srv.Close()
		err = <-done
		if ended := time.Since(start); ended != 0 {
			t.Errorf("the scripted delay went on for %v after Close", ended)
		}
		if err == nil {
			t.Error("the delayed request succeeded after Close")
		}
	})
}
