package healvitest

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// The server's bounds on what a client can make it hold: a fake that runs
// for hours under `healvi serve`, or in a long test, must not grow with
// every request, nor wait forever for one.
const (
	// readHeaderTimeout bounds the time a client may take to send a
	// request's headers: a connection that sends half a request is closed
	// after it, rather than held until the server stops.
	readHeaderTimeout = 10 * time.Second
	// readBodyTimeout bounds the time a client may take to send a
	// request's body, from when the server starts to read it: a client
	// that announces more than it sends gets a 408, rather than holding
	// the connection until the server stops.
	readBodyTimeout = 10 * time.Second
	// idleTimeout bounds how long a kept-alive connection may sit idle.
	idleTimeout = 2 * time.Minute
	// maxHeaderBytes bounds the request line and headers; a request over
	// it gets 431 Request Header Fields Too Large. A client of the API
	// sends a few hundred bytes.
	maxHeaderBytes = 64 << 10
	// maxRequestBody bounds a request's body, which the contract check
	// reads whole; a request over it gets 413 Request Entity Too Large.
	// A message or a patch the API takes is a few KiB.
	maxRequestBody = 1 << 20
	// maxRecords is how many requests Requests keeps: the latest.
	maxRecords = 1000
	// maxViolations is how many violations Violations keeps: the latest.
	maxViolations = 1000
	// maxRecordedField bounds each of a Request's Path, Query, and header
	// names and values; maxRecordedHeader bounds its headers in all.
	maxRecordedField  = 2 << 10
	maxRecordedHeader = 8 << 10
	// maxLoggedField bounds the path and the query in a log line.
	maxLoggedField = 1 << 10
	// maxViolationText bounds a violation's message, which can quote what
	// the client sent.
	maxViolationText = 4 << 10
)

// cut returns a copy of s if it is at most n bytes, and else its first n
// bytes, at a rune boundary, marked as cut with the length of the whole,
// such as "aaaa…[cut: 512000 bytes in all]". It copies because a short
// string net/http parsed (a path) can share the memory of a long one (the
// request line, query and all), which a kept substring would keep alive.
func cut(s string, n int) string {
	if len(s) <= n {
		return strings.Clone(s)
	}
	i := n
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + fmt.Sprintf("…[cut: %d bytes in all]", len(s))
}

// cutHeader returns h with each name and value cut to maxRecordedField and
// as many values as fit in maxRecordedHeader, the names in sorted order; it
// reports whether anything was cut or dropped. Each value costs 64 bytes
// more than its text, so that many tiny headers cannot add up either.
func cutHeader(h http.Header) (http.Header, bool) {
	names := make([]string, 0, len(h))
	for name := range h {
		names = append(names, name)
	}
	sort.Strings(names)
	out := make(http.Header, len(names))
	budget, cutAny := maxRecordedHeader, false
	for _, name := range names {
		kept := cut(name, maxRecordedField)
		cutAny = cutAny || kept != name
		for _, v := range h[name] {
			cv := cut(v, maxRecordedField)
			cutAny = cutAny || cv != v
			if cost := len(kept) + len(cv) + 64; cost <= budget {
				budget -= cost
				out[kept] = append(out[kept], cv)
				continue
			}
			cutAny = true
		}
	}
	return out, cutAny
}

// cutMiddle is cut for a message whose end matters as much as its start,
// such as a violation, which names the request first and the reason last:
// it keeps n/2 bytes of each end, and marks the cut between them.
func cutMiddle(s string, n int) string {
	if len(s) <= n {
		return s
	}
	head, tail := n/2, len(s)-n/2
	for head > 0 && !utf8.RuneStart(s[head]) {
		head--
	}
	for tail < len(s) && !utf8.RuneStart(s[tail]) {
		tail++
	}
	return s[:head] + fmt.Sprintf("…[cut: %d bytes in all]…", len(s)) + s[tail:]
}

// keepLatest appends v to list, dropping the oldest entries beyond n.
func keepLatest[T any](list []T, v T, n int) []T {
	if len(list) >= n {
		copy(list, list[len(list)-n+1:])
		list = list[:n-1]
	}
	return append(list, v)
}
