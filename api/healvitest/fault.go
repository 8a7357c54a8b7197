package healvitest

import (
	"net/http"
	"time"
)

// Fault is a scripted misbehaviour of the server, for testing how a client
// handles errors, retries and timeouts. Give it to Server.FailNext.
//
// A fault with a Status or a Body replaces the answer: the server sends it
// as it is, without checking it against openapi.yaml. A fault with neither
// changes only how the normal answer is sent (Delay, Cut).
type Fault struct {
	// Status is the response's status code; 0 means 200 when Body is set,
	// and the normal answer otherwise.
	Status int
	// Header is added to the response, such as Retry-After, X-Request-Id or
	// a Content-Type (application/json unless set here).
	Header http.Header
	// Body is the response body. When nil and Status is set, the body is
	// {"message": "<status text>"}.
	Body []byte
	// Delay is how long the server waits before it answers. The wait ends
	// early when the client gives up or the server is closed.
	Delay time.Duration
	// Cut sends the headers, with the Content-Length of the whole body,
	// and half of the body, then closes the connection.
	Cut bool
}

// replaces reports whether f is an answer of its own rather than a change
// in how the normal answer is sent.
func (f Fault) replaces() bool { return f.Status != 0 || f.Body != nil }

// Status returns a fault that answers with code, a JSON error body, and the
// headers given as name, value pairs, such as "Retry-After", "2".
func Status(code int, headerPairs ...string) Fault {
	h := http.Header{}
	for i := 0; i+1 < len(headerPairs); i += 2 {
		h.Add(headerPairs[i], headerPairs[i+1])
	}
	return Fault{Status: code, Header: h}
}

// Slow returns a fault that answers normally after d.
func Slow(d time.Duration) Fault { return Fault{Delay: d} }

// CutConnection returns a fault that sends the normal answer's headers and
// half its body, then closes the connection.
func CutConnection() Fault { return Fault{Cut: true} }

// MalformedJSON returns a fault that answers 200 with a JSON content type
// and a body that is not JSON.
func MalformedJSON() Fault {
	return Fault{Status: http.StatusOK, Body: []byte(`{"data": {"id": 123, "status": "to-do",, }`)}
}

// TruncatedJSON returns a fault that answers 200 with the first half of the
// documentation's example: a complete response (its Content-Length is
// right) whose JSON ends too early.
func TruncatedJSON() Fault {
	body := DocExampleOnContract()
	return Fault{Status: http.StatusOK, Body: body[:len(body)/2]}
}

// HTMLPage returns a fault that answers code with an HTML page, as a proxy
// or a login wall in front of the API does.
func HTMLPage(code int) Fault {
	return Fault{
		Status: code,
		Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}},
		Body:   []byte("<!doctype html>\n<html><head><title>" + http.StatusText(code) + "</title></head><body><h1>" + http.StatusText(code) + "</h1></body></html>\n"),
	}
}

// VerbatimPage returns a quirk rather than a fault: the documentation's
// example exactly as the vendor's page shows it, with user.email the number
// 123. openapi.yaml says string, so the server sends it only when scripted;
// a tolerant client decodes it.
func VerbatimPage() Fault {
	return Fault{Status: http.StatusOK, Body: DocExample()}
}
