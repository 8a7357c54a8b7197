package api

// What the generated typed methods lean on: the documented headers of a
// response, handed to a caller who asked, and fresh idempotency keys.

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"net/http"
	"net/http/httptest"
	"testing"
)

// A caller who asks for a response's documented headers gets them parsed,
// through the generated method and the typed one; a caller who asks for
// another operation's headers type gets nothing.
func TestWithResponseHeadersHandsTheDocumentedHeadersOver(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "7")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		w.Write([]byte(`{"message":"slow down"}`))
	}))
	defer srv.Close()
	// The generated constructor parses a 429 itself; New's client turns it
	// into an *APIError before any parser sees it.
	c, err := NewClientWithResponses(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var h *GetConversationResponse429Headers
	r, err := c.GetConversationWithResponse(ctx, 1, WithResponseHeaders(&h))
	if err != nil || r.Headers429 == nil {
		t.Fatalf("%v, %+v", err, r)
	}
	if h != r.Headers429 || h.RetryAfter == nil || *h.RetryAfter != "7" {
		t.Errorf("headers %+v, want those of the response, Retry-After 7", h)
	}
	h = nil
	if _, err := c.Conversation(ctx, 1, WithResponseHeaders(&h)); err == nil {
		t.Error("a 429 is no error to the typed method")
	}
	if h == nil || *h.RetryAfter != "7" {
		t.Errorf("typed method: headers %+v", h)
	}
	// With New's client, a 429 is an *APIError before any parser sees it:
	// its RetryAfter is what the headers say, and h stays as it was.
	nc, err := New(srv.URL, "tok", WithRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	h = nil
	var apiErr *APIError
	if _, err := nc.Conversation(ctx, 1, WithResponseHeaders(&h)); !errors.As(err, &apiErr) || apiErr.RetryAfter != 7*time.Second || h != nil {
		t.Errorf("New's client: %v, headers %+v", err, h)
	}
	// A nil destination asks for nothing, and the parser does not panic.
	if r, err := c.GetConversationWithResponse(ctx, 1, WithResponseHeaders[GetConversationResponse429Headers](nil)); err != nil || r.Headers429 == nil {
		t.Errorf("a nil destination: %v, %+v", err, r)
	}
}

// A typed write's key is a random UUID, fresh for each call.
func TestIdempotencyKeysAreFreshAndRandom(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		k := NewIdempotencyKey()
		if u, err := uuid.Parse(k); err != nil || u.Version() != 4 || seen[k] {
			t.Fatalf("key %q (len %d) repeated or malformed", k, len(k))
		}
		seen[k] = true
	}
}
