package api

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/textproto"
	"slices"
	"strings"
	"time"

	"github.com/healvi-chat/healvi-go/api/internal/redact"
	"github.com/healvi-chat/healvi-go/api/internal/safetext"
)

const (
	// A call (every try and every wait between them) ends after
	// defaultTimeout, and each try after defaultTryTimeout, so that with
	// the defaults no call lasts longer than two minutes.
	defaultTimeout    = 2 * time.Minute
	defaultTryTimeout = 30 * time.Second
	defaultMaxBytes   = 16 << 20
	// maxIdleConnsPerHost is how many connections to the API host are
	// kept for reuse when idle. Go's default keeps 2, so that as soon as
	// more than two goroutines call at once, every call beyond them closes
	// its connection and the next one dials again: thousands of dials
	// under load. Nothing caps how many connections are open, so
	// throughput grows with the caller's goroutines; each connection a
	// burst opened stays idle, ready for the next burst, until Go's
	// 90-second idle timeout closes it.
	maxIdleConnsPerHost = 1024
	// maxPrealloc is the most a Content-Length makes the client allocate
	// before the bytes arrive: a server that announces 16 MiB and sends
	// one byte must not cost 16 MiB a call. Past it the buffer grows with
	// what actually arrives.
	maxPrealloc = 64 << 10
)

// HTTP/2 health checks of the default transport: a connection on which no
// frame arrives for h2SendPingTimeout gets a PING, and is closed when no
// answer comes within h2PingTimeout. Without them a server that reads and
// never answers holds its connection, and every retry and later call
// queued on it, until each try's time limit. Variables, so that a test can
// make them short.
var (
	h2SendPingTimeout = 10 * time.Second
	h2PingTimeout     = 5 * time.Second
)

// transport is the HttpRequestDoer of the client New returns. It sends a
// request through base and turns the whole exchange, body included, into
// either a 2xx response whose body is in memory or an error: it retries
// what is worth retrying, bounds each try's time and the body's size, and
// makes every other status an *APIError. It does not look into a 2xx body:
// the generated Parse functions, which know its type, decode it once. Its settings do not change after New
// returns, so one transport serves any number of goroutines.
type transport struct {
	base         HttpRequestDoer
	retries      int
	waitMin      time.Duration
	waitMax      time.Duration
	timeout      time.Duration // of the whole call
	tryTimeout   time.Duration // of each try
	maxBytes     int64
	logger       *slog.Logger
	insecureHTTP bool
	drift        driftPolicy
	// sealed is set when New returns: the options New was given are
	// applied, and the transport does not change after.
	sealed bool
}

var _ HttpRequestDoer = (*transport)(nil)

func newTransport() *transport {
	return &transport{
		base:       defaultHTTPClient(),
		retries:    defaultRetries,
		waitMin:    defaultRetryWaitMin,
		waitMax:    defaultRetryWaitMax,
		timeout:    defaultTimeout,
		tryTimeout: defaultTryTimeout,
		maxBytes:   defaultMaxBytes,
	}
}

// defaultHTTPClient is Go's default transport keeping up to
// maxIdleConnsPerHost idle connections for reuse, with a redirect policy
// that keeps the token on its own origin. It has no Timeout: the transport
// bounds each try and the whole call instead, body included.
func defaultHTTPClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = maxIdleConnsPerHost
	tr.MaxIdleConns = max(tr.MaxIdleConns, maxIdleConnsPerHost)
	tr.HTTP2 = &http.HTTP2Config{SendPingTimeout: h2SendPingTimeout, PingTimeout: h2PingTimeout}
	return &http.Client{Transport: tr, CheckRedirect: keepTokenOnOrigin(nil)}
}

// setBase makes d send each try. A *http.Client is copied so that its
// redirect policy can be guarded without changing the caller's client. Any
// other doer is refused: it may follow a redirect to another origin, or
// from https to http, with the token, and nothing outside it can stop it.
// Middleware belongs in the *http.Client's Transport, which sees each hop.
func (t *transport) setBase(d HttpRequestDoer) error {
	switch hc := d.(type) {
	case nil:
		t.base = defaultHTTPClient()
	case *http.Client:
		if hc == nil {
			t.base = defaultHTTPClient()
			return nil
		}
		cp := *hc
		cp.CheckRedirect = keepTokenOnOrigin(hc.CheckRedirect)
		t.base = &cp
	default:
		return unguardedDoer("WithHTTPClient", d)
	}
	return nil
}

// unguardedDoer is the error for a doer that is not an *http.Client.
func unguardedDoer(option string, d HttpRequestDoer) error {
	return fmt.Errorf("healvi: %s: the doer (%T) is not an *http.Client, so nothing keeps it from following a redirect to another origin, or to plain http, with the token; pass an *http.Client and put middleware in its Transport", option, d)
}

// Do sends req, retrying as configured, and returns a response whose body
// is fully read, or an error.
func (t *transport) Do(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	// The call's own deadline (WithTimeout) needs no context of its own:
	// each try's context ends by it, and no wait to retry starts past it.
	var deadline time.Time
	if t.timeout > 0 {
		deadline = time.Now().Add(t.timeout)
	}
	replayable := mayResend(req)
	for try := 0; ; try++ {
		resp, err := t.try(req, try, deadline)
		if err == nil {
			return resp, nil
		}
		retries := t.retries
		if !replayable && !neverSent(err) || !bodyReplays(req) {
			retries = 0
		}
		wait, retry := t.retryWait(ctx, err, try, retries, deadline)
		if !retry {
			if te, ok := err.(*transportError); ok {
				te.tries = try + 1
			}
			return nil, err
		}
		if t.logs(ctx, slog.LevelWarn) {
			t.log(ctx, slog.LevelWarn, "healvi: retrying request", req,
				slog.Int("try", try+1), slog.Duration("wait", wait), slog.String("error", err.Error()))
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, fmt.Errorf("%w (gave up waiting to retry: %w)", err, ctx.Err())
		case <-timer.C:
		}
	}
}

// mayResend reports whether req may reach the server more than once: a
// method RFC 9110 defines as idempotent (GET, HEAD, PUT, DELETE, OPTIONS,
// TRACE), or a write that carries an Idempotency-Key, which the server
// uses to apply it once however often it arrives (the same key goes with
// every try, as the tries share the request's headers). A POST or PATCH
// without a key is sent again only when the try never left (neverSent):
// retrying it could make two writes of one. A key of white space alone is
// none: a server trims a field's value (RFC 9110, section 5.5), and sees
// no key.
func mayResend(req *http.Request) bool {
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions, http.MethodTrace:
		return true
	}
	return strings.Trim(req.Header.Get("Idempotency-Key"), " \t") != ""
}

// bodyReplays reports whether req's body, if it has one, can be sent
// again: net/http closes a body even when the try fails.
func bodyReplays(req *http.Request) bool {
	return req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
}

// neverSent reports whether a failed try is known not to have reached
// the server: its connection could not be made (a refused or timed-out
// dial, a host that does not resolve), so no byte of it was written.
func neverSent(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// retryWait reports whether err, from try number try, is worth another try,
// and how long to wait before it; deadline is the call's own, or zero.
func (t *transport) retryWait(ctx context.Context, err error, try, retries int, deadline time.Time) (time.Duration, bool) {
	if try >= retries || ctx.Err() != nil {
		return 0, false
	}
	wait := backoff(try, t.waitMin, t.waitMax)
	var apiErr *APIError
	var te *transportError
	switch {
	case errors.As(err, &apiErr):
		if apiErr.Err != nil || !retryableStatus(apiErr.StatusCode) {
			return 0, false
		}
		if apiErr.RetryAfter > 0 {
			if apiErr.RetryAfter > maxRetryAfter {
				return 0, false // the caller decides whether to come back that late
			}
			wait = apiErr.RetryAfter
		}
	case errors.As(err, &te):
		if !te.retryable {
			return 0, false
		}
	default:
		return 0, false
	}
	// No point in sleeping past the call's deadline, or the caller's.
	if !deadline.IsZero() && time.Until(deadline) < wait {
		return 0, false
	}
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
		return 0, false
	}
	return wait, true
}

// try sends req once and reads the whole response body, by the earlier of
// the try's deadline (WithTryTimeout) and the call's (callDeadline, or
// zero for none).
func (t *transport) try(req *http.Request, try int, callDeadline time.Time) (*http.Response, error) {
	ctx := req.Context()
	deadline := callDeadline
	if t.tryTimeout > 0 {
		if d := time.Now().Add(t.tryTimeout); deadline.IsZero() || d.Before(deadline) {
			deadline = d
		}
	}
	// A success hands the try's context on to its body (see
	// bufferedBody.Close); any other end of the try releases it here.
	var cancel context.CancelFunc
	if !deadline.IsZero() {
		ctx, cancel = context.WithDeadline(ctx, deadline)
	}
	handedOn := false
	defer func() {
		if cancel != nil && !handedOn {
			cancel()
		}
	}()
	// A shallow copy: the base doer must not change the request (the
	// http.RoundTripper contract), so the header map can be shared, and
	// cloning it would cost five allocations a try.
	r := req.WithContext(ctx)
	if req.GetBody != nil && try > 0 {
		body, err := req.GetBody()
		if err != nil {
			return nil, newTransportError(req, err, false)
		}
		r.Body = body
	}
	start := time.Now()
	resp, err := t.base.Do(r)
	if err != nil {
		if t.logs(req.Context(), slog.LevelDebug) {
			t.log(req.Context(), slog.LevelDebug, "healvi: request failed", req,
				slog.Int("try", try+1), slog.Duration("duration", time.Since(start)), slog.String("error", err.Error()))
		}
		return nil, newTransportError(req, err, isRetryableTransportError(req.Context(), err))
	}
	if resp.StatusCode < 200 {
		// Only a 101 gets here (net/http reads past other 1xx answers), and
		// the client never asks to switch protocols: its body is the raw
		// connection, which no time limit of the request bounds. Close it
		// unread.
		resp.Body.Close()
		return nil, newTransportError(req, fmt.Errorf("%w: %s to a request that asked for no upgrade", errInformational, safetext.Escape(resp.Status)), false)
	}
	body, err := readBody(resp, t.maxBytes)
	if t.logs(req.Context(), slog.LevelDebug) {
		t.log(req.Context(), slog.LevelDebug, "healvi: request", req,
			slog.Int("try", try+1), slog.Int("status", resp.StatusCode), slog.Int("bytes", len(body)),
			slog.Duration("duration", time.Since(start)),
			slog.String("request_id", safetext.Escape(redact.String(requestID(resp.Header), credentials(req.Header)))))
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return nil, err
	}
	if err != nil {
		// The connection broke mid-body: as retryable as a failed dial.
		return nil, newTransportError(req, fmt.Errorf("reading response body: %w", err),
			isRetryableTransportError(req.Context(), err))
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, newAPIError(resp, body, nil)
	}
	// A success goes up as it came, in memory: the layer that knows its
	// type (the generated Parse functions) decodes and checks it, once.
	rb := &bufferedBody{data: body, release: cancel}
	handedOn = true
	rb.Reset(body)
	resp.Body = rb
	resp.ContentLength = int64(len(body))
	return resp, nil
}

// bufferedBody is a response body that the transport has read in full, so
// that the generated Parse functions take the bytes as they are instead of
// copying them again.
type bufferedBody struct {
	bytes.Reader
	data []byte
	// release cancels the context of the try that read the body, and
	// stops its deadline's timer; nil when the try had no deadline.
	release context.CancelFunc
}

// Close releases the context of the try that read the body. That is done
// here, when the Parse function is through with the response (or the
// caller of a raw method closes its body), and not as the try ends: the
// response's Request carries that context, which the Parse function hands
// to the drift handler, live, with the caller's values. A body never
// closed is released by the try's deadline. Close may be called any
// number of times.
func (b *bufferedBody) Close() error {
	if b.release != nil {
		b.release()
	}
	return nil
}

// readBody reads and closes resp.Body, reading at most limit bytes. A
// larger body is an *APIError wrapping ErrResponseTooLarge; a failed read
// returns the read's error.
func readBody(resp *http.Response, limit int64) ([]byte, error) {
	defer resp.Body.Close()
	if resp.ContentLength > limit {
		return nil, newAPIError(resp, nil, fmt.Errorf("%w: Content-Length %d is over the limit of %d bytes", ErrResponseTooLarge, resp.ContentLength, limit))
	}
	body, err := readLimited(resp.Body, limit, resp.ContentLength)
	if errors.Is(err, ErrResponseTooLarge) {
		return nil, newAPIError(resp, body, err)
	}
	return body, err
}

// readLimited reads r to its end, unless it holds more than limit bytes:
// then it stops at limit+1 and returns ErrResponseTooLarge. The buffer
// grows by doubling but never past limit+1, so a huge body costs at most
// about twice the limit; sizeHint (a Content-Length, or -1) sizes it up
// front when known, up to maxPrealloc.
func readLimited(r io.Reader, limit, sizeHint int64) ([]byte, error) {
	size := int64(512)
	if sizeHint >= 0 {
		size = min(sizeHint+1, maxPrealloc) // room to see EOF without growing
	}
	buf := make([]byte, 0, min(size, limit+1))
	for {
		if len(buf) == cap(buf) {
			if int64(len(buf)) > limit {
				return buf, fmt.Errorf("%w: body is over the limit of %d bytes", ErrResponseTooLarge, limit)
			}
			grow := min(int64(cap(buf)), limit+1-int64(len(buf)))
			buf = slices.Grow(buf, int(grow))
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// errInformational is the cause of a 1xx final answer.
var errInformational = errors.New("informational status as the final answer")

// transportError is a request that got no complete response.
type transportError struct {
	req       *http.Request
	err       error // redacted: see newTransportError
	retryable bool
	tries     int // how many tries ended this way, set when giving up
}

// newTransportError describes a try of req that failed with err. The
// cause's text can quote what the server sent (net/http quotes a malformed
// status line), so every error of its chain that holds the token is
// replaced by a redacted copy: errors.Unwrap never hands out the token.
// Whether it is worth retrying is decided first, on the original.
func newTransportError(req *http.Request, err error, retryable bool) *transportError {
	return &transportError{req: req, err: redactChain(err, credentials(req.Header)), retryable: retryable}
}

// Error names the request, never its headers. Control characters of the
// cause are escaped.
func (e *transportError) Error() string {
	s := fmt.Sprintf("healvi: %s %s: %s", e.req.Method, e.req.URL.EscapedPath(), safetext.Escape(e.err.Error()))
	if e.tries > 1 {
		s += fmt.Sprintf(" (after %d tries)", e.tries)
	}
	return s
}

// Unwrap gives errors.Is and errors.As the cause, such as a *net.OpError.
func (e *transportError) Unwrap() error { return e.err }

// isRetryableTransportError reports whether a failed try may succeed if
// sent again. Not when the caller gave up or the call's time is spent, nor
// when the failure will repeat: a certificate the system does not trust, a
// TLS handshake refused, a host that does not exist, a scheme no transport
// speaks, a redirect refused (too many, or by the caller's policy), an
// answer that breaks HTTP (a malformed status line, header, Content-Length,
// chunk or transfer coding, headers over the limit, too many 1xx
// answers), a compressed body that does not decompress, or a proxy that
// answered its CONNECT with an error status.
func isRetryableTransportError(ctx context.Context, err error) bool {
	if ctx.Err() != nil || errors.Is(err, errRedirectRefused) || errors.Is(err, http.ErrSchemeMismatch) ||
		errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) {
		return false
	}
	var (
		dnsErr    *net.DNSError
		certErr   *tls.CertificateVerificationError
		unknownCA x509.UnknownAuthorityError
		hostErr   x509.HostnameError
		invalid   x509.CertificateInvalidError
		record    tls.RecordHeaderError
		alert     tls.AlertError
		corrupt   flate.CorruptInputError
		protocol  textproto.ProtocolError
	)
	switch {
	case errors.As(err, &dnsErr):
		return !dnsErr.IsNotFound
	case errors.As(err, &certErr), errors.As(err, &unknownCA), errors.As(err, &hostErr),
		errors.As(err, &invalid), errors.As(err, &record), errors.As(err, &alert),
		errors.As(err, &corrupt), errors.As(err, &protocol):
		return false
	case proxyRefused(err):
		return false
	}
	// net/http's errors for these have no type of their own.
	msg := err.Error()
	for _, s := range []string{"unsupported protocol scheme", "malformed HTTP", "malformed MIME header",
		"too many 1xx informational responses", "multiple Content-Length headers", "bad Content-Length",
		"unsupported transfer encoding", "too many transfer encodings", "invalid byte in chunk length",
		"malformed chunked encoding", "server response headers exceeded",
		// A request net/http will not send, such as a header value with a
		// CR or LF in it: it never left, and never will.
		"invalid header field", "invalid method"} {
		if strings.Contains(msg, s) {
			return false
		}
	}
	// Anything else (a refused or reset connection, a timeout of this try
	// while the call has time left) may well go through next time.
	return true
}

// proxyRefused reports whether err is a proxy's error status in answer to
// CONNECT that will not change on another try (407 Proxy Authentication
// Required, 403, ...; a 502, 503 or 504 may pass). net/http gives it as a
// bare error holding the status text and nothing else, which no other
// failure of net/http looks like.
func proxyRefused(err error) bool {
	inner := err
	for next := errors.Unwrap(inner); next != nil; next = errors.Unwrap(inner) {
		inner = next
	}
	msg := inner.Error()
	for code := 400; code <= 599; code++ {
		if text := http.StatusText(code); text != "" && msg == text {
			return !retryableStatus(code)
		}
	}
	return false
}

// logs reports whether a log line at level would be written, so that the
// hot path builds no attributes when nothing is logged.
func (t *transport) logs(ctx context.Context, level slog.Level) bool {
	return t.logger != nil && t.logger.Enabled(ctx, level)
}

// log writes one line about req; call it only when t.logs says so.
func (t *transport) log(ctx context.Context, level slog.Level, msg string, req *http.Request, attrs ...slog.Attr) {
	token := credentials(req.Header)
	attrs = append([]slog.Attr{
		slog.String("method", req.Method),
		slog.String("url", redact.String(req.URL.Redacted(), token)),
		slog.Any("headers", redactedHeader{req.Header, token}),
	}, attrs...)
	t.logger.LogAttrs(ctx, level, msg, attrs...)
}
