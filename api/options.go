package api

import (
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// WithRetries sets how many times a failed request is retried: after a
// network error that may pass (not a certificate the system does not trust,
// nor a host that does not exist), a connection closed mid-body, or a 429,
// 502, 503 or 504 response. The default is 3; 0 turns retries off. Only
// requests that may reach the server twice are retried: the methods RFC
// 9110 defines as idempotent (GET, HEAD, PUT, DELETE, OPTIONS, TRACE), and
// a POST or PATCH that carries an Idempotency-Key header (the same key on
// every try); any other write only when its connection could not be made,
// so that nothing of it was sent. Never past the call's time limit
// ([WithTimeout]).
func WithRetries(n int) ClientOption {
	return newOption("WithRetries", func(t *transport) error {
		if n < 0 {
			return errors.New("negative count")
		}
		t.retries = n
		return nil
	})
}

// WithRetryWait sets the bounds of the wait between retries. The wait
// doubles from min up to max, with jitter. A Retry-After header sets the
// wait instead, up to one minute; a longer Retry-After ends the retries at
// once, and the error's [APIError.RetryAfter] says when to come back. Defaults: 500ms
// and 30s.
func WithRetryWait(min, max time.Duration) ClientOption {
	return newOption("WithRetryWait", func(t *transport) error {
		if min < 0 || max < min {
			return errors.New("want 0 <= min <= max")
		}
		t.waitMin, t.waitMax = min, max
		return nil
	})
}

// WithTimeout sets the time limit of a whole call: every try, every wait
// between tries, and reading the response body. The default is 2 minutes;
// 0 means no limit of the client's own. A deadline on the call's context
// applies too, and the earlier one wins. No retry wait starts that would
// end past the limit.
func WithTimeout(d time.Duration) ClientOption {
	return newOption("WithTimeout", func(t *transport) error {
		if d < 0 {
			return errors.New("negative duration")
		}
		t.timeout = d
		return nil
	})
}

// WithTryTimeout sets the time limit of each try of a call, from sending
// the request to reading the whole response body. The default is 30s; 0
// means no limit per try. A try that runs out of time is retried while the
// call has time left ([WithTimeout]). A client from [WithHTTPClient] keeps
// its own timeout as well.
func WithTryTimeout(d time.Duration) ClientOption {
	return newOption("WithTryTimeout", func(t *transport) error {
		if d < 0 {
			return errors.New("negative duration")
		}
		t.tryTimeout = d
		return nil
	})
}

// WithMaxResponseBytes sets the largest response body the client reads,
// 16 MiB by default. A larger response fails with [ErrResponseTooLarge],
// and the client reads no further than the limit.
func WithMaxResponseBytes(n int64) ClientOption {
	return newOption("WithMaxResponseBytes", func(t *transport) error {
		if n <= 0 {
			return errors.New("want a positive size")
		}
		t.maxBytes = n
		return nil
	})
}

// WithLogger logs every try of a request at debug level and every retry at
// warn level: method, path, status, duration and headers, with the
// Authorization header redacted. By default nothing is logged.
func WithLogger(l *slog.Logger) ClientOption {
	return newOption("WithLogger", func(t *transport) error {
		t.logger = l
		return nil
	})
}

// WithInsecureHTTP lets [New] accept a plain http:// server URL on a host
// that is not loopback, for tests on other hosts. The token then crosses the
// network in clear text; never use it in production.
func WithInsecureHTTP() ClientOption {
	return newOption("WithInsecureHTTP", func(t *transport) error {
		t.insecureHTTP = true
		return nil
	})
}

// newOption makes an option of New from set, which changes New's
// transport. The generated NewClientWithResponses has no such transport:
// there the option fails, saying so, instead of doing nothing or something
// that depends on the order of the options.
func newOption(name string, set func(*transport) error) ClientOption {
	return func(c *Client) error {
		t, ok := c.Client.(*transport)
		if !ok || t.sealed {
			return fmt.Errorf("healvi: %s works only with api.New; the generated NewClientWithResponses has no retries, time limits, size limit or typed errors", name)
		}
		if err := set(t); err != nil {
			return fmt.Errorf("healvi: %s: %w", name, err)
		}
		return nil
	}
}
