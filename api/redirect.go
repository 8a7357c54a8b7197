package api

import (
	"errors"
	"fmt"
	"net/http"
)

// errRedirectRefused is the cause of a redirect the client would not follow.
var errRedirectRefused = errors.New("redirect refused")

// keepTokenOnOrigin wraps a redirect policy (nil: Go's default of at most
// 10 redirects) so that the Authorization header follows a redirect only to
// the same origin as the first request: same scheme, host and port. Go's own
// rule keeps it for any port of the same host and for subdomains, which is
// more than a bearer token should reach.
func keepTokenOnOrigin(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		first := via[0].URL
		if req.URL.Scheme != first.Scheme || req.URL.Host != first.Host {
			req.Header.Del("Authorization")
		}
		if next != nil {
			// A policy that refuses a redirect refuses it on every try;
			// ErrUseLastResponse is no refusal, and net/http compares it
			// as is.
			if err := next(req, via); err != nil && err != http.ErrUseLastResponse {
				return fmt.Errorf("%w: %w", errRedirectRefused, err)
			} else if err != nil {
				return err
			}
			return nil
		}
		if len(via) >= 10 {
			return fmt.Errorf("%w: stopped after 10 redirects", errRedirectRefused)
		}
		return nil
	}
}
