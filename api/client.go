package api

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// New returns a client for the Healvi chat third-party API at server, which
// authenticates every request with token.
//
// server is the base URL including /third-party/v1, with or without a
// trailing slash; [TenantURL] builds it from its parts. It must be an absolute
// https URL; plain http is accepted only for a loopback host (tests), or for
// any host with [WithInsecureHTTP]. token must not be empty.
//
// The client retries failed requests, limits their time and the size of
// responses, decodes every 2xx response as openapi.yaml documents it for
// its operation, tolerating drift (see the package documentation, Errors
// and drift), and turns every failure into an error; see
// [WithRetries], [WithTimeout], [WithTryTimeout], [WithMaxResponseBytes] and
// [APIError]. Options apply in any order: a generated [WithHTTPClient]
// replaces only the part that sends one request, and the client's retries,
// limits and redirect policy stay in front of it. That doer must be an
// *http.Client (put middleware in its Transport): the client guards its
// redirect policy so that the token never follows a redirect to another
// origin (scheme, host and port) or to plain http, which it cannot do for
// a doer of another kind.
func New(server, token string, opts ...ClientOption) (*ClientWithResponses, error) {
	if err := checkToken(token); err != nil {
		return nil, err
	}
	t := newTransport()
	all := append([]ClientOption{WithBearerToken(token)}, opts...)
	c, err := NewClientWithResponses(strings.TrimRight(server, "/"), func(c *Client) error {
		c.Client = t
		for _, opt := range all {
			if err := opt(c); err != nil {
				return err
			}
			// WithHTTPClient (generated) replaces c.Client; keep our layer in
			// front of whatever it installed, so option order never matters.
			if c.Client != HttpRequestDoer(t) {
				if err := t.setBase(c.Client); err != nil {
					return err
				}
				c.Client = t
			}
		}
		return nil
	})
	if err != nil {
		if strings.HasPrefix(err.Error(), "healvi: ") {
			return nil, err // one of ours, already prefixed
		}
		return nil, fmt.Errorf("healvi: %w", err)
	}
	base := c.ClientInterface.(*Client).Server
	if err := checkServer(base, t.insecureHTTP); err != nil {
		return nil, err
	}
	t.drift.logger = t.logger
	t.sealed = true
	return c, nil
}

// checkServer reports why server cannot be used as a base URL. The error
// quotes no part of the URL beyond its scheme and host, as a URL's user info
// could hold a password.
func checkServer(server string, insecureHTTP bool) error {
	u, err := url.Parse(server)
	if err != nil {
		return fmt.Errorf("healvi: server URL does not parse: %v", redactURLError(err))
	}
	switch {
	case u.Scheme != "https" && u.Scheme != "http":
		return fmt.Errorf("healvi: server URL must be an absolute http(s) URL such as https://1-some-client.some-server.healvi-chat/third-party/v1, got scheme %q", u.Scheme)
	case u.Host == "":
		return fmt.Errorf("healvi: server URL has no host")
	case u.User != nil:
		return fmt.Errorf("healvi: server URL must not hold user info; pass the token to New")
	case u.RawQuery != "" || u.Fragment != "":
		return fmt.Errorf("healvi: server URL must not have a query or fragment")
	case u.Scheme == "http" && !insecureHTTP && !isLoopback(u.Hostname()):
		return fmt.Errorf("%w: server URL uses plain http to %s, which would send the token in clear text; use https (or WithInsecureHTTP in tests)", ErrInsecureURL, u.Host)
	}
	return nil
}

// redactURLError keeps url.Parse's reason without the URL it quotes.
func redactURLError(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}

func isLoopback(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
