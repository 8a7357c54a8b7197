package api

import (
	"errors"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Defaults for the client New returns.
const (
	defaultRetries      = 3
	defaultRetryWaitMin = 500 * time.Millisecond
	defaultRetryWaitMax = 30 * time.Second
	// maxRetryAfter caps how long a Retry-After header can make the client
	// wait before a retry. A server asking for more gets no retry: the
	// error's RetryAfter tells the caller, who can schedule the call.
	maxRetryAfter = time.Minute
)

// retryableStatus reports whether a response with this status is worth
// another try of an idempotent request: the server asked us to slow down or
// a proxy in front of it could not reach it. 500 and 501 are not: the
// server answered and would most likely answer the same again.
func retryableStatus(code int) bool {
	switch code {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// backoff is the wait before retry number n (0 for the first retry):
// exponential from lo, capped at hi, with jitter in [d/2, d] so that many
// clients that failed together do not come back together.
func backoff(n int, lo, hi time.Duration) time.Duration {
	d := lo
	for i := 0; i < n && d < hi; i++ {
		d *= 2
	}
	d = min(d, hi)
	if d <= 1 {
		return d
	}
	return d/2 + rand.N(d/2+1)
}

// parseRetryAfter reads a Retry-After header: delay-seconds or an HTTP-date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	secs, err := strconv.ParseInt(v, 10, 64)
	if errors.Is(err, strconv.ErrRange) && v[0] != '-' {
		// More seconds than int64 holds is still "come back much later",
		// not no header at all: retrying at once would ignore it.
		secs, err = math.MaxInt64, nil
	}
	if err == nil {
		if secs < 0 {
			return 0, false
		}
		// Clamp so that a huge value cannot overflow a Duration.
		return time.Duration(min(secs, int64(1<<31))) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}
