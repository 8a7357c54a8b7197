package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
)

// WithBearerToken returns an option that authenticates every request with
// "Authorization: Bearer <token>", and sends "Accept: application/json" and a
// User-Agent naming this module. [New] adds it for you; with the generated
// [NewClientWithResponses], which has none of New's retries, limits or
// typed errors, add it yourself.
//
// The token goes into the Authorization header and nowhere else: no error,
// log line or formatted value of this package holds it. It is never sent
// over plain http to a host that is not loopback: such a request fails
// with [ErrInsecureURL] before it is sent ([WithInsecureHTTP] allows it).
// Nor does it follow a redirect to another origin (scheme, host or port):
// on the first request, the generated client's doer is replaced by a copy
// of it whose redirect policy drops the header there (the *http.Client you
// gave [WithHTTPClient] is not changed). A doer that is not an
// *http.Client cannot be guarded, so a request through one fails before
// it is sent; put middleware in an *http.Client's Transport instead.
func WithBearerToken(token string) ClientOption {
	return func(c *Client) error {
		if err := checkToken(token); err != nil {
			return err
		}
		// One slice each for every request: net/http only reads them, and
		// with no room to spare an append by anyone copies first.
		auth, accept, ua := []string{"Bearer " + token}, []string{"application/json"}, []string{userAgent()}
		c.RequestEditors = append(c.RequestEditors, func(_ context.Context, req *http.Request) error {
			// Checked on every request, not when the option runs: a later
			// WithBaseURL can still change the server, and a later
			// WithHTTPClient the doer.
			if req.URL.Scheme == "http" && !isLoopback(req.URL.Hostname()) && !allowsPlainHTTP(c) {
				return fmt.Errorf("%w: refusing to send the token over plain http to %s; use https", ErrInsecureURL, req.URL.Host)
			}
			if err := guardRedirects(c); err != nil {
				return err
			}
			req.Header["Authorization"] = auth
			req.Header["Accept"] = accept
			req.Header["User-Agent"] = ua
			return nil
		})
		return nil
	}
}

// allowsPlainHTTP reports whether c is New's client with WithInsecureHTTP.
func allowsPlainHTTP(c *Client) bool {
	t, ok := c.Client.(*transport)
	return ok && t.insecureHTTP
}

// checkToken rejects tokens that cannot be sent, without quoting them.
func checkToken(token string) error {
	if token == "" {
		return errors.New("healvi: empty API token")
	}
	if strings.ContainsFunc(token, func(r rune) bool { return r <= ' ' || r == 0x7f || r > 0x7e }) {
		return errors.New("healvi: API token holds a space, control or non-ASCII character; check for a stray newline")
	}
	return nil
}

// guardMu serialises guardRedirects for every client.
var guardMu sync.Mutex

// guardedClient is an *http.Client whose redirect policy keeps the token
// on its origin.
type guardedClient struct{ *http.Client }

// guardRedirects keeps the token of a generated client (NewClientWithResponses
// with WithBearerToken) on its origin through redirects. net/http keeps
// Authorization on a redirect to the same host name whatever the scheme or
// port, so from https to http too; only the *http.Client's CheckRedirect
// can drop it, and that client is the caller's to share. So it swaps
// c.Client, once, for a guardedClient: a copy whose CheckRedirect drops
// it. The generated methods read c.Client after the request editors ran,
// and every editor call takes guardMu, so each request sees the guarded
// copy; one lock for every client, so that two WithBearerToken options on
// one client cannot race, and each knows the other's copy for guarded.
func guardRedirects(c *Client) error {
	guardMu.Lock()
	defer guardMu.Unlock()
	switch d := c.Client.(type) {
	case *transport, guardedClient:
		return nil // New's (its base client is guarded), or guarded already
	case *http.Client:
		var cp http.Client
		if d != nil {
			cp = *d
		}
		cp.CheckRedirect = keepTokenOnOrigin(cp.CheckRedirect)
		c.Client = guardedClient{&cp}
		return nil
	default:
		return unguardedDoer("WithBearerToken", c.Client)
	}
}
