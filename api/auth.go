package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
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
			// WithBaseURL can still change the server.
			if req.URL.Scheme == "http" && !isLoopback(req.URL.Hostname()) && !allowsPlainHTTP(c) {
				return fmt.Errorf("%w: refusing to send the token over plain http to %s; use https", ErrInsecureURL, req.URL.Host)
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
