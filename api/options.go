package api

import (
	"errors"
	"log/slog"
	"time"
)

// WithRetries sets how many times a failed request is retried: after a
// transport error, a connection closed mid-body, or a 429, 502, 503 or 504
// response. The default is 3; 0 turns retries off. Only idempotent requests
// (GET, HEAD) are retried.
func WithRetries(n int) ClientOption {
	return func(c *Client) error {
		if n < 0 {
			return errors.New("healvi: WithRetries: negative count")
		}
		transportOf(c).retries = n
		return nil
	}
}

// WithRetryWait sets the bounds of the wait between retries. The wait
// doubles from min up to max, with jitter. A Retry-After header sets the
// wait instead, up to one minute; a longer Retry-After ends the retries at
// once, and the error's RetryAfter says when to come back. Defaults: 500ms
// and 30s.
func WithRetryWait(min, max time.Duration) ClientOption {
	return func(c *Client) error {
		if min < 0 || max < min {
			return errors.New("healvi: WithRetryWait: want 0 <= min <= max")
		}
		t := transportOf(c)
		t.waitMin, t.waitMax = min, max
		return nil
	}
}

// WithTimeout sets the time limit of each try of a request, from sending it
// to reading the whole response body. The default is 30s; 0 means no limit
// of the client's own. A deadline on the request's context applies too, and
// the earlier one wins. A client from WithHTTPClient keeps its own timeout
// as well.
func WithTimeout(d time.Duration) ClientOption {
	return func(c *Client) error {
		if d < 0 {
			return errors.New("healvi: WithTimeout: negative duration")
		}
		transportOf(c).timeout = d
		return nil
	}
}

// WithMaxResponseBytes sets the largest response body the client reads,
// 16 MiB by default. A larger response fails with ErrResponseTooLarge, and
// the client reads no further than the limit.
func WithMaxResponseBytes(n int64) ClientOption {
	return func(c *Client) error {
		if n <= 0 {
			return errors.New("healvi: WithMaxResponseBytes: want a positive size")
		}
		transportOf(c).maxBytes = n
		return nil
	}
}

// WithLogger logs every try of a request at debug level and every retry at
// warn level: method, path, status, duration and headers, with the
// Authorization header redacted. By default nothing is logged.
func WithLogger(l *slog.Logger) ClientOption {
	return func(c *Client) error {
		transportOf(c).logger = l
		return nil
	}
}

// WithInsecureHTTP lets New accept a plain http:// server URL on a host that
// is not loopback, for tests on other hosts. The token then crosses the
// network in clear text; never use it in production.
func WithInsecureHTTP() ClientOption {
	return func(c *Client) error {
		transportOf(c).insecureHTTP = true
		return nil
	}
}

// transportOf returns the client's transport, putting one in front of the
// client's current doer if there is none yet.
func transportOf(c *Client) *transport {
	if t, ok := c.Client.(*transport); ok {
		return t
	}
	t := newTransport()
	if c.Client != nil {
		t.setBase(c.Client)
	}
	c.Client = t
	return t
}
