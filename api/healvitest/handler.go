package healvitest

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/healvi-chat/healvi-go/api/internal/redact"
	"github.com/healvi-chat/healvi-go/api/internal/safetext"
)

// answer is a response before it is written.
type answer struct {
	status int
	header http.Header
	body   []byte
	// drifted marks an answer scripted off the contract on purpose
	// (RespondDrifted): it is sent as scripted, unchecked.
	drifted bool
}

func jsonAnswer(status int, body []byte) answer {
	return answer{status: status, header: http.Header{"Content-Type": {"application/json"}}, body: body}
}

// withHeaders sets the headers of pairs, a name then its value, on a.
func (a answer) withHeaders(pairs []string) answer {
	for i := 0; i+1 < len(pairs); i += 2 {
		a.header[http.CanonicalHeaderKey(pairs[i])] = []string{pairs[i+1]}
	}
	return a
}

func messageAnswer(status int, msg string) answer {
	body, _ := json.Marshal(map[string]string{"message": msg})
	return jsonAnswer(status, body)
}

// ServeHTTP answers one request: as scripted by FailNext, or as the API
// would, checked against openapi.yaml.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	authorized := s.authorized(r)
	rec := s.newRequest(r, authorized)
	// The contract check reads the body: bounded, as the headers are.
	r.Body = http.MaxBytesReader(w, r.Body, maxRequestBody)
	fault, scripted := s.nextFault()
	if scripted && fault.Delay > 0 && !s.wait(r, fault.Delay) {
		s.record(rec)
		return // the client gave up, or the server is closing
	}
	// The body is read from here on: by the check, or by net/http, which
	// reads what is left of it before it sends the answer. Both are
	// bounded in time, as the headers are; not from the start, so that a
	// scripted delay is not cut short. net/http sets its own deadline for
	// the next request on the connection.
	_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(s.readBody))
	var a answer
	if scripted && fault.replaces() {
		a = fault.answer()
	} else {
		a = s.answerChecked(r, authorized)
	}
	// Recorded before the answer is sent, so that a client holding an
	// answer finds its request in Requests.
	rec.Drifted = a.drifted
	s.recordBody(&rec, r.Body)
	s.record(rec)
	for name, values := range fault.Header {
		a.header[http.CanonicalHeaderKey(name)] = values
	}
	s.write(w, a, scripted && fault.Cut)
	if s.logger != nil {
		// What a client sent is escaped: a path or query can hold
		// sequences that would drive the terminal reading the log.
		// Both are cut to 1 KiB, marked as cut: a line per request, not a
		// copy of whatever a client sent.
		attrs := []any{"method", cut(safetext.Escape(r.Method), maxLoggedField), "path", cut(s.scrub(r.URL.EscapedPath()), maxLoggedField)}
		if r.URL.RawQuery != "" {
			attrs = append(attrs, "query", cut(s.scrub(r.URL.RawQuery), maxLoggedField))
		}
		attrs = append(attrs, "status", a.status, "authorized", authorized, "scripted", scripted)
		if a.drifted {
			attrs = append(attrs, "drifted", true)
		}
		s.logger.Info("healvitest: request", attrs...)
	}
}

func (s *Server) authorized(r *http.Request) bool {
	return subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte("Bearer "+s.Token)) == 1
}

// answerChecked is the API's answer to r, checked against openapi.yaml. A
// request that breaks it gets a 400 naming the violation; an answer that
// breaks it (a scripted body that drifted, say) a 500. Both are reported.
// An answer scripted with RespondDrifted is sent unchecked: the request
// still is checked, and still needs the token.
func (s *Server) answerChecked(r *http.Request, authorized bool) answer {
	if p := r.URL.Path; p != BasePath && !strings.HasPrefix(p, BasePath+"/") {
		// Not the API at all, as from a base URL that lacks BasePath: the
		// real server's 404, saying where the API is, and no violation.
		return messageAnswer(http.StatusNotFound, "no such path; the API is served under "+BasePath)
	}
	route, params, err := s.oracle.route(r)
	if err != nil {
		s.violation(err.Error())
		return messageAnswer(http.StatusBadRequest, "healvitest: "+err.Error())
	}
	err = s.oracle.checkRequest(r, route, params)
	if tooLarge := new(http.MaxBytesError); errors.As(err, &tooLarge) {
		// A bound of the fake's, like its limit on headers: no violation.
		return messageAnswer(http.StatusRequestEntityTooLarge, fmt.Sprintf("healvitest: a request body is at most %d bytes", tooLarge.Limit))
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		// The body came too slowly, or not at all: a bound too. What is
		// left of it on the wire is no next request: the connection ends.
		a := messageAnswer(http.StatusRequestTimeout, fmt.Sprintf("healvitest: a request body must arrive within %v", s.readBody))
		a.header.Set("Connection", "close")
		return a
	}
	var a answer
	switch {
	case !authorized:
		a = messageAnswer(http.StatusUnauthorized, "Unauthenticated.")
	case err != nil:
		s.violation(err.Error())
		return messageAnswer(http.StatusBadRequest, "healvitest: "+err.Error())
	default:
		var problem string
		if a, problem = s.answerFor(r, route.Method, route.Operation, params); problem != "" {
			s.violation(problem)
			return messageAnswer(http.StatusInternalServerError, "healvitest: "+problem)
		}
	}
	if a.drifted {
		return a
	}
	if err := s.oracle.checkResponse(r, route, params, a); err != nil {
		s.violation(err.Error())
		return messageAnswer(http.StatusInternalServerError, "healvitest: "+err.Error())
	}
	return a
}

// answerFor is the answer to a request for op: scripted for its concrete
// path, else scripted for the operation, else the operation's documented
// example. problem says why there is none.
func (s *Server) answerFor(r *http.Request, method string, op *openapi3.Operation, params map[string]string) (a answer, problem string) {
	if sc, ok := s.script(pathKeyOf(method, strings.TrimPrefix(r.URL.EscapedPath(), BasePath)), op); ok {
		return sc, ""
	}
	ex := s.oracle.examples[op]
	if ex == nil {
		return answer{}, noExample(method, strings.TrimPrefix(r.URL.Path, BasePath))
	}
	return ex.answer(params), ""
}

func (f Fault) answer() answer {
	status := f.Status
	if status == 0 {
		status = http.StatusOK
	}
	if f.Body == nil {
		return messageAnswer(status, http.StatusText(status))
	}
	return jsonAnswer(status, f.Body)
}

// wait sleeps for d, and reports whether it did: false when the client
// went away or the server is closing first.
func (s *Server) wait(r *http.Request, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
	case <-s.done:
	}
	return false
}

// write sends a; cut sends half the body and then breaks the connection.
// A status that has no body (204, 304) is sent without one, and without
// the headers of one.
func (s *Server) write(w http.ResponseWriter, a answer, cut bool) {
	for name, values := range a.header {
		w.Header()[name] = values
	}
	if a.status == http.StatusNoContent || a.status == http.StatusNotModified {
		w.Header().Del("Content-Type")
		w.Header().Del("Content-Length")
		w.WriteHeader(a.status)
		if cut {
			panic(http.ErrAbortHandler)
		}
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(a.body)))
	w.WriteHeader(a.status)
	if !cut {
		_, _ = w.Write(a.body)
		return
	}
	_, _ = w.Write(a.body[:len(a.body)/2])
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	// net/http closes the connection without logging for this value.
	panic(http.ErrAbortHandler)
}

// Request is a request the server received, for tests to assert on.
type Request struct {
	Method string
	// Path is the URL's escaped path, such as /third-party/v1/conversations/123.
	Path  string
	Query string
	// Header is a copy of the request's headers. Credentials
	// (Authorization, Proxy-Authorization, Cookie) are replaced by
	// [REDACTED], but for a known scheme ("Bearer [REDACTED]"), and the
	// server's token is redacted wherever else it appears, so that
	// printing a Request never shows a token. Control characters in every
	// field are escaped, as %q would escape them.
	Header http.Header
	// Authorized reports whether the request carried
	// "Authorization: Bearer <the server's token>".
	Authorized bool
	// Drifted reports whether the server answered with what a test
	// scripted off the contract on purpose, with RespondDrifted: sent as
	// scripted, not checked against openapi.yaml, and no violation.
	Drifted bool
	// Body is the request's body, as the check put it back after reading
	// it (a write's JSON, say), the token redacted and control characters
	// escaped as in every field; over 2 KiB it is cut, its text ending in
	// "…[cut: more than 2048 bytes]".
	Body string
	// Cut reports whether the record is not the whole request: a path,
	// query, header name or value or the body over 2 KiB was cut (its
	// text ends in "…[cut: ...]"), or headers beyond 8 KiB in all were
	// left out.
	Cut bool
}

// newRequest records r: scrubbed, then cut (so that a cut never splits
// the token, leaving part of it unredacted).
func (s *Server) newRequest(r *http.Request, authorized bool) Request {
	h := make(http.Header, len(r.Header))
	for name, values := range r.Header {
		scrubbed := make([]string, len(values))
		for i, v := range values {
			if credentialHeaders[http.CanonicalHeaderKey(name)] {
				v = redactCredentials(v)
			}
			scrubbed[i] = s.scrub(v)
		}
		h[s.scrub(name)] = scrubbed
	}
	rec := Request{Method: safetext.Escape(r.Method), Authorized: authorized}
	rec.Header, rec.Cut = cutHeader(h)
	for _, f := range []struct {
		dst *string
		src string
	}{{&rec.Method, rec.Method}, {&rec.Path, s.scrub(r.URL.EscapedPath())}, {&rec.Query, s.scrub(r.URL.RawQuery)}} {
		*f.dst = cut(f.src, maxRecordedField)
		rec.Cut = rec.Cut || *f.dst != f.src
	}
	return rec
}

// recordBody keeps the first maxRecordedField bytes of body in rec: read
// only that far, whatever the body's length.
func (s *Server) recordBody(rec *Request, body io.Reader) {
	if body == nil {
		return
	}
	b, _ := io.ReadAll(io.LimitReader(body, maxRecordedField+1))
	text := s.scrub(safetext.Escape(string(b)))
	if len(b) > maxRecordedField {
		i := min(maxRecordedField, len(text))
		for i > 0 && !utf8.RuneStart(text[i]) {
			i--
		}
		text, rec.Cut = text[:i]+fmt.Sprintf("…[cut: more than %d bytes]", maxRecordedField), true
	}
	rec.Body = text
}

// credentialHeaders hold secrets in every value.
var credentialHeaders = map[string]bool{"Authorization": true, "Proxy-Authorization": true, "Cookie": true}

// authSchemes are the HTTP authentication schemes a redacted header may
// still show, so that a test can assert which one a client used.
var authSchemes = map[string]bool{"bearer": true, "basic": true, "digest": true, "token": true, "negotiate": true}

// redactCredentials replaces a credential header's value: all of it, or
// all but a known scheme, such as "Bearer [REDACTED]". A value with no
// scheme (a bare token) is replaced whole.
func redactCredentials(v string) string {
	if scheme, _, ok := strings.Cut(v, " "); ok && authSchemes[strings.ToLower(scheme)] {
		return scheme + " " + redact.Mask
	}
	return redact.Mask
}

// scrub makes a value a client sent safe to keep and print: the server's
// token, in any form, redacted, and control characters escaped.
func (s *Server) scrub(v string) string {
	return safetext.Escape(redact.String(v, s.Token))
}

// String reads like "GET /third-party/v1/conversations/123 (authorized)".
func (r Request) String() string {
	auth := "authorized"
	if !r.Authorized {
		auth = "not authorized"
	}
	target := r.Path
	if r.Query != "" {
		target += "?" + r.Query
	}
	if r.Drifted {
		auth += ", answered off the contract"
	}
	return fmt.Sprintf("%s %s (%s)", r.Method, target, auth)
}
