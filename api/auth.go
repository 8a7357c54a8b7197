package api

import (
	"context"
	"errors"
	"net/http"
	"strings"
)

// WithBearerToken returns an option that authenticates every request with
// "Authorization: Bearer <token>", and sends "Accept: application/json" and a
// User-Agent naming this module. New adds it for you; use it directly with
// the generated NewClientWithResponses.
//
// The token goes into the Authorization header and nowhere else: no error,
// log line or formatted value of this package holds it.
func WithBearerToken(token string) ClientOption {
	return func(c *Client) error {
		if err := checkToken(token); err != nil {
			return err
		}
		header, ua := "Bearer "+token, userAgent()
		c.RequestEditors = append(c.RequestEditors, func(_ context.Context, req *http.Request) error {
			req.Header.Set("Authorization", header)
			req.Header.Set("Accept", "application/json")
			req.Header.Set("User-Agent", ua)
			return nil
		})
		return nil
	}
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
