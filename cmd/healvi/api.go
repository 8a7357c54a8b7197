package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// maxInput bounds what --input reads: as much as the fake server takes of
// a request body, far more than a request of a chat API holds, so that a
// wrong file or an endless pipe is not read whole, and a body that breaks
// its schema at every value does not make the check (which keeps an error
// of some KiB for each) take seconds and gigabytes.
const maxInput = 1 << 20

// apiCommand runs `healvi api PATH [-X METHOD] [--input FILE|-] [-H
// 'KEY: VALUE' ...]`: any operation of the spec, in the manner of gh api.
func apiCommand(ctx context.Context, g *getFlags, args []string, e env) int {
	positional, code, ended := g.commandArgs(args, e)
	if ended {
		return code
	}
	if len(positional) != 1 || !strings.HasPrefix(positional[0], "/") {
		return usageError(e.stderr, "api takes one PATH below the base URL, such as /conversations/123")
	}
	if code := g.checkCallFlags(e, "api"); code != exitOK {
		return code
	}
	req := request{path: positional[0]}
	var err error
	if req.method, err = g.requestMethod(); err != nil {
		return usageError(e.stderr, err.Error())
	}
	if req.header, err = g.headers.parse(); err != nil {
		return usageError(e.stderr, err.Error())
	}
	if g.input != "" {
		if g.input == "-" && g.tokenFile == "-" {
			return usageError(e.stderr, "--input - and --token-file - both read standard input: give one of them a file")
		}
		if req.body, err = readInput(ctx, g.input, e); err != nil {
			return usageError(e.stderr, err.Error())
		}
	}
	return call(ctx, g, e, req)
}

// requestMethod is the method of -X, in upper case: GET when none is
// given, or POST with --input, as gh api does.
func (g *getFlags) requestMethod() (string, error) {
	switch {
	case g.method == "" && g.input != "":
		return http.MethodPost, nil
	case g.method == "":
		return http.MethodGet, nil
	}
	// Checked before the case is changed: strings.ToUpper makes POST of
	// "poſt" (a long s), a method other than the one given.
	for _, r := range g.method {
		if (r < 'A' || r > 'Z') && (r < 'a' || r > 'z') {
			return "", fmt.Errorf("-X %q is not an HTTP method such as GET, POST, PATCH or DELETE", g.method)
		}
	}
	return strings.ToUpper(g.method), nil
}

// readInput reads the request body of --input: JSON from a file, or from
// standard input for -. An error never quotes the body, which may hold a
// customer's data.
func readInput(ctx context.Context, path string, e env) ([]byte, error) {
	body, err := readArg(ctx, "--input", path, e.stdin, maxInput, "the most healvi sends")
	if err != nil {
		return nil, err
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		return nil, errors.New("--input is empty: leave --input out to send no body")
	}
	if !json.Valid(body) {
		var se *json.SyntaxError
		if err := json.Unmarshal(body, new(any)); errors.As(err, &se) {
			return nil, fmt.Errorf("--input is not JSON: a syntax error at byte %d", se.Offset)
		}
		return nil, errors.New("--input is not JSON")
	}
	return body, nil
}

// headerFlags are the -H (--header) flags as given, KEY:VALUE each. They
// are parsed after the flags (parse), as the flag package quotes the value
// of a flag whose Set fails, and a value may be a secret.
type headerFlags []string

// String implements flag.Value; it shows no value.
func (h *headerFlags) String() string { return "" }

// Set implements flag.Value.
func (h *headerFlags) Set(v string) error {
	*h = append(*h, v)
	return nil
}

// parse returns the headers, by canonical name, or what is wrong with
// one, naming it by its place and name, never by its value. Whether the
// operation documents each header is the routes' to say (match).
func (h headerFlags) parse() (http.Header, error) {
	if len(h) == 0 {
		return nil, nil
	}
	header := http.Header{}
	for i, kv := range h {
		name, value, ok := strings.Cut(kv, ":")
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		switch {
		case !ok || !isToken(name):
			return nil, fmt.Errorf("-H number %d: want KEY:VALUE, such as 'Idempotency-Key: 7d1e6a3c-2b4f-4c8e-9a51-0f6d2e8b7c94'", i+1)
		case strings.EqualFold(name, "Authorization"):
			return nil, errors.New("-H Authorization: the token goes in HEALVI_TOKEN or --token-file, never on the command line")
		case strings.ContainsFunc(value, func(r rune) bool { return r < ' ' && r != '\t' || r == 0x7f }):
			return nil, fmt.Errorf("-H %s: the value holds a control character", name)
		case header[http.CanonicalHeaderKey(name)] != nil:
			// The spec checks the first value, and the server would get
			// both: what is checked would not be what is sent.
			return nil, fmt.Errorf("-H %s is given twice: a header parameter has one value", http.CanonicalHeaderKey(name))
		}
		header.Add(name, value)
	}
	return header, nil
}

// isToken reports whether s is a header name (RFC 9110's token).
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("!#$%&'*+-.^_`|~", r)) {
			return false
		}
	}
	return true
}
