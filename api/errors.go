package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/healvi-chat/healvi-go/api/internal/jsonread"
	"github.com/healvi-chat/healvi-go/api/internal/redact"
	"github.com/healvi-chat/healvi-go/api/internal/safetext"
)

// Sentinel errors, matched with errors.Is against any error this package
// returns. An *APIError matches the one that fits its status code.
var (
	ErrUnauthorized = errors.New("healvi: unauthorized") // 401: the token is missing, wrong or expired
	ErrForbidden    = errors.New("healvi: forbidden")    // 403: the token may not read this resource
	ErrNotFound     = errors.New("healvi: not found")    // 404
	ErrRateLimited  = errors.New("healvi: rate limited") // 429; see APIError.RetryAfter
	ErrServer       = errors.New("healvi: server error") // any 5xx
	// ErrInvalidResponse is a 2xx response the client cannot use: a status
	// the operation does not document, not JSON, empty, JSON that does not
	// decode into the expected type, or that lacks a property openapi.yaml
	// requires (or holds it null where null is not allowed) at the top of
	// the body or, for an envelope ({"data": {...}}), in its resource;
	// deeper properties are not checked.
	ErrInvalidResponse = errors.New("healvi: invalid response")
	// ErrResponseTooLarge is a response larger than the client's limit
	// (WithMaxResponseBytes); the client stopped reading it.
	ErrResponseTooLarge = errors.New("healvi: response too large")
	// ErrInvalidParameter is an argument of a typed method that openapi.yaml
	// rules out, such as an id below its minimum; nothing was sent.
	ErrInvalidParameter = errors.New("healvi: invalid parameter")
	// ErrInsecureURL is a server URL that would send the token over plain
	// http to a host that is not loopback; nothing was sent.
	ErrInsecureURL = errors.New("healvi: insecure URL")
)

// maxErrorBody bounds APIError.Body, so an error kept in a log or a queue
// stays small whatever the server sent.
const (
	maxErrorBody    = 4 << 10
	maxErrorMessage = 1 << 10
	maxErrorHeader  = 1 << 10 // the status text, request id and content type
)

// APIError is a response that did not give the caller what it asked for:
// any status other than 2xx, or a 2xx whose body cannot be used. It matches
// the sentinel of its status with errors.Is ([ErrNotFound] for a 404, ...),
// and its Err's.
type APIError struct {
	Method      string        // the request's method, such as GET
	Path        string        // the request's URL path, without query
	StatusCode  int           // the HTTP status code, such as 404
	Status      string        // the HTTP status line's text, such as "404 Not Found"
	Message     string        // the error body's message, when it has one (at most 1 KiB)
	RequestID   string        // the X-Request-Id (or Request-Id) response header, when present
	RetryAfter  time.Duration // from the Retry-After header, when present
	ContentType string        // the response's Content-Type
	// Body is the start of an error response's body, at most 4 KiB, with
	// the token redacted. It is nil for a 2xx response: a success body
	// holds the API's customers' personal data, so an error about one says
	// where it is wrong (Err) and keeps none of it.
	Body []byte
	// Err says why the response could not be used even as an error
	// response: it wraps [ErrInvalidResponse] (a 2xx that is not what the
	// operation documents) or [ErrResponseTooLarge]. It is nil for a plain
	// non-2xx response.
	Err error
}

// Error reads like "healvi: GET /third-party/v1/conversations/1: 404 Not
// Found: conversation not found". What the server sent (the status text,
// the message, the request id, the cause) is shown with control characters
// escaped as %q would escape them, so that printing an error never lets a
// server drive a terminal or forge a log line; the fields keep the bytes as
// sent.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "healvi: %s %s: %s", e.Method, e.Path, safetext.Escape(e.statusText()))
	switch {
	case e.Err != nil:
		fmt.Fprintf(&b, ": %s", safetext.Escape(strings.TrimPrefix(e.Err.Error(), "healvi: ")))
		switch {
		case len(e.Body) > 0:
			fmt.Fprintf(&b, " (content type %q, body %q)", e.ContentType, snippet(e.Body, 80))
		case e.ContentType != "":
			fmt.Fprintf(&b, " (content type %q)", e.ContentType)
		}
	case e.Message != "":
		fmt.Fprintf(&b, ": %s", safetext.Escape(e.Message))
	case len(e.Body) > 0:
		fmt.Fprintf(&b, " (content type %q, body %q)", e.ContentType, snippet(e.Body, 80))
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " [request id %s]", safetext.Escape(e.RequestID))
	}
	return b.String()
}

func (e *APIError) statusText() string {
	if e.Status != "" {
		return e.Status
	}
	return strconv.Itoa(e.StatusCode) + " " + http.StatusText(e.StatusCode)
}

// Unwrap gives errors.Is and errors.As the sentinel for the status code and
// the cause in Err.
func (e *APIError) Unwrap() []error {
	var errs []error
	switch {
	case e.StatusCode == http.StatusUnauthorized:
		errs = append(errs, ErrUnauthorized)
	case e.StatusCode == http.StatusForbidden:
		errs = append(errs, ErrForbidden)
	case e.StatusCode == http.StatusNotFound:
		errs = append(errs, ErrNotFound)
	case e.StatusCode == http.StatusTooManyRequests:
		errs = append(errs, ErrRateLimited)
	case e.StatusCode >= 500 && e.StatusCode <= 599:
		errs = append(errs, ErrServer)
	}
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	return errs
}

// CheckResponse returns nil when resp is a 2xx response with a non-empty
// JSON body, and otherwise the same *APIError that New's client returns.
// body is the response body already read, such as the Body field of a
// generated response:
//
//	r, err := c.GetConversationWithResponse(ctx, id)
//	if err == nil {
//		err = api.CheckResponse(r.HTTPResponse, r.Body)
//	}
//
// Use it with a client made by the generated [NewClientWithResponses]; the
// client from [New] already returns these errors, and checks more: the
// status and the properties the operation documents.
func CheckResponse(resp *http.Response, body []byte) error {
	if resp == nil {
		return errors.New("healvi: no response to check")
	}
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		if err := checkJSONBody(resp.Header.Get("Content-Type"), body); err != nil {
			return newAPIError(resp, body, err)
		}
		return nil
	}
	return newAPIError(resp, body, nil)
}

// checkJSONBody says what is wrong with a 2xx body that should be JSON.
func checkJSONBody(contentType string, body []byte) error {
	if !isJSON(contentType) {
		return invalid(specErrorf("content type is not JSON"))
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return invalid(specErrorf("empty body"))
	}
	if !jsonread.Valid(body) {
		return invalid(specErrorf("body is not valid JSON"))
	}
	return nil
}

func isJSON(contentType string) bool {
	switch contentType {
	case "application/json", "application/json; charset=utf-8":
		return true // the common answers, without mime's map of parameters
	}
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

// newAPIError describes resp, whose body has been read into body. cause is
// nil for a plain non-2xx response.
func newAPIError(resp *http.Response, body []byte, cause error) *APIError {
	e := &APIError{
		StatusCode:  resp.StatusCode,
		Status:      resp.Status,
		ContentType: resp.Header.Get("Content-Type"),
		RequestID:   requestID(resp.Header),
		Err:         cause,
	}
	if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
		e.RetryAfter = d
	}
	secret := responseSecret(resp)
	if req := resp.Request; req != nil {
		e.Method = req.Method
		if req.URL != nil {
			// The last hop's path: a redirect can put an echo of the
			// token there.
			e.Path = redact.String(req.URL.EscapedPath(), secret)
		}
	}
	success := resp.StatusCode >= 200 && resp.StatusCode <= 299
	if success {
		// Describe what is wrong by where and what; keep none of the body.
		if errors.Is(cause, ErrInvalidResponse) {
			e.Err = describeBodyError(cause)
		}
		body = nil
	}
	// A decoder's error about an error body can quote it (a JSON key that
	// echoes the token, say).
	e.Err = redactChain(e.Err, secret)
	// A server (or a proxy) that echoes the request's token, as is or
	// escaped, must not get it into our error. Only what is kept is
	// redacted, and an echo that straddles the cut is masked whole.
	for _, s := range []*string{&e.RequestID, &e.ContentType, &e.Status} {
		*s = redactedPrefix(*s, secret, maxErrorHeader)
	}
	if cause == nil {
		// Decoding the message can turn an escape the body redaction
		// would not see into a new form (\u0025 is %), so redact after.
		e.Message = redactedPrefix(errorMessage(body), secret, maxErrorMessage)
	}
	if len(body) > 0 {
		e.Body = bytes.Clone(redact.Prefix(body, secret, maxErrorBody))
	}
	return e
}

// redactedPrefix returns about the first n bytes of s, cut at a rune
// boundary and marked where cut, with every echo of secret masked. It
// scans no more than n bytes and the longest echo past them, so that a
// server's 16 MiB answer costs what is kept, not what was sent.
func redactedPrefix(s, secret string, n int) string {
	if len(s) <= n {
		return redact.String(s, secret)
	}
	// One byte more than is kept, so that truncate sees the cut.
	return truncate(string(redact.Prefix([]byte(s), secret, n+1)), n)
}

// responseSecret is the token of the request that resp answers: of the
// first request of its redirect chain, as the redirect guard drops the
// Authorization header from a hop to another origin, whose answer may
// still echo the token that hop's URL carries.
func responseSecret(resp *http.Response) string {
	req := resp.Request
	for req != nil && req.Response != nil && req.Response.Request != nil {
		req = req.Response.Request
	}
	if req == nil {
		return ""
	}
	return credentials(req.Header)
}

// credentials returns the secret part of a request's Authorization header:
// what follows the scheme ("Bearer "), or the whole value when it has none.
func credentials(h http.Header) string {
	v := h.Get("Authorization")
	if _, cred, ok := strings.Cut(v, " "); ok {
		return strings.TrimSpace(cred)
	}
	return v
}

// errorMessage finds a message in an error body such as {"message": "..."}
// or {"error": "..."}; anything else has none.
func errorMessage(body []byte) string {
	var v struct {
		Message any `json:"message"`
		Error   any `json:"error"`
	}
	if json.Unmarshal(body, &v) != nil {
		return ""
	}
	for _, m := range []any{v.Message, v.Error} {
		switch m := m.(type) {
		case string:
			return m
		case map[string]any:
			if s, ok := m["message"].(string); ok {
				return s
			}
		}
	}
	return ""
}

// requestID is the response's request id, from the first header of the
// usual names that is set.
func requestID(h http.Header) string {
	for _, n := range []string{"X-Request-Id", "Request-Id", "X-Correlation-Id"} {
		if v := h.Get(n); v != "" {
			return v
		}
	}
	return ""
}

// snippet returns the start of body, whitespace folded, for an error text.
func snippet(body []byte, n int) string {
	if len(body) > 4*n {
		body = body[:4*n] // folding can only shorten; no need to copy more
	}
	return truncate(strings.Join(strings.Fields(string(body)), " "), n)
}

// truncate cuts s to at most n bytes at a rune boundary, marking the cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := 0
	for i := range s { // i runs over rune starts
		if i > n {
			break
		}
		cut = i
	}
	return s[:cut] + "…"
}
