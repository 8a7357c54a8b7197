package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strconv"
	"sync"

	"github.com/getkin/kin-openapi/routers"

	"github.com/healvi-chat/healvi-go/api"
	"github.com/healvi-chat/healvi-go/api/healvitest"
)

// exitDrift is check's exit code when a response drifts from openapi.yaml.
const exitDrift = 5

// maxSavedBody bounds what check --body reads: the client's own limit.
const maxSavedBody = 16 << 20

// check runs `healvi check [ID|PATH ...]` and `healvi check --body FILE`.
func check(ctx context.Context, g *getFlags, args []string, e env) int {
	positional, code, ended := g.commandArgs(args, e)
	if ended {
		return code
	}
	asJSON := false
	g.fs.Visit(func(f *flag.Flag) {
		if f.Name == "o" {
			asJSON = g.output == "json"
		}
	})
	if g.output != "json" && g.output != "text" {
		return usageError(e.stderr, fmt.Sprintf("-o %q: check prints text (the default) or json", g.output))
	}
	if code := g.checkCallFlags(e, "check"); code != exitOK {
		return code
	}
	rts, err := e.routes()
	if err != nil {
		fmt.Fprintln(e.stderr, "healvi:", err)
		return exitUsage
	}
	if g.body != "" {
		return checkSaved(ctx, g, positional, rts, asJSON, e)
	}
	if g.operation != "" || g.status != 0 {
		return usageError(e.stderr, "--operation and --status describe a saved response: give them with --body FILE")
	}
	if len(positional) == 0 && g.demo {
		positional = []string{strconv.Itoa(healvitest.DocExampleID)}
	}
	if len(positional) == 0 {
		return usageError(e.stderr, "check takes one or more conversation IDs or PATHs such as /conversations/123, or --body FILE")
	}
	// Every argument is checked before the first request is sent.
	paths := make([]string, len(positional))
	routes := make([]*routers.Route, len(positional))
	for i, arg := range positional {
		if paths[i], err = pathOf(arg); err != nil {
			return usageError(e.stderr, err.Error())
		}
		if routes[i], err = rts.match(request{method: http.MethodGet, path: paths[i]}); err != nil {
			return usageError(e.stderr, err.Error())
		}
	}

	rec := &recorder{base: http.DefaultTransport.(*http.Transport).Clone()}
	client, baseURL, done, code := g.connect(ctx, e, api.WithHTTPClient(&http.Client{Transport: rec}))
	if code != exitOK {
		return code
	}
	defer done()
	failed := exitOK
	findings := []finding{}
	for i, path := range paths {
		line := "GET " + path
		_, err := send(ctx, client, routes[i], request{method: http.MethodGet, path: path})
		raw := rec.take()
		switch {
		case err == nil && raw != nil:
		case errors.Is(err, api.ErrInvalidResponse) && raw != nil && raw.status/100 == 2:
			// The client's own check refused the body; check says in
			// full how it drifts, from the bytes as they came.
		default:
			if err == nil { // cannot happen: every answer passes the recorder
				err = fmt.Errorf("healvi: %s: no response recorded", line)
			}
			if c := fetchError(e, err, baseURL); failed == exitOK {
				failed = c
			}
			continue
		}
		found := drift(rts.contract, line, routes[i], raw.status, raw.header, raw.body.Bytes())
		if len(found) == 0 {
			fmt.Fprintf(e.stderr, "healvi: %s matches openapi.yaml\n", line)
		}
		findings = append(findings, found...)
	}
	return report(e, findings, asJSON, failed)
}

// checkSaved runs `healvi check --body FILE`: a saved response, checked
// offline, without a token.
func checkSaved(ctx context.Context, g *getFlags, positional []string, rts *routes, asJSON bool, e env) int {
	if len(positional) > 1 || (len(positional) == 1) == (g.operation != "") {
		return usageError(e.stderr, "--body checks one response: give --operation OPERATION_ID (such as getConversation), or the ID or PATH it answered")
	}
	var route *routers.Route
	var line string // the request, as findings name it
	var err error
	if g.operation != "" {
		if route, err = rts.byID(g.operation); err != nil {
			return usageError(e.stderr, err.Error())
		}
		line = route.Method + " " + route.Path
	} else {
		path, err := pathOf(positional[0])
		if err != nil {
			return usageError(e.stderr, err.Error())
		}
		if route, err = rts.match(request{method: http.MethodGet, path: path}); err != nil {
			return usageError(e.stderr, err.Error())
		}
		line = "GET " + path
	}
	status := g.status
	if status == 0 {
		if status, err = single2xx(route); err != nil {
			return usageError(e.stderr, err.Error())
		}
	}
	if status < 100 || status > 599 {
		return usageError(e.stderr, fmt.Sprintf("--status %d is not an HTTP status", status))
	}
	body, err := readArg(ctx, "--body", g.body, e.stdin, maxSavedBody, "more than the client reads of a response")
	if err != nil {
		return usageError(e.stderr, err.Error())
	}
	// A saved body carries no headers: it is taken as the operation says.
	header := http.Header{"Content-Type": {"application/json"}}
	if resp := route.Operation.Responses.Status(status); resp != nil && resp.Value != nil && resp.Value.Content.Get("application/json") == nil {
		if types := mediaTypes(resp.Value.Content); len(types) == 1 {
			header.Set("Content-Type", types[0])
		}
	}
	findings := drift(rts.contract, line, route, status, header, body)
	if len(findings) == 0 {
		fmt.Fprintf(e.stderr, "healvi: the %d response to %s matches openapi.yaml\n", status, line)
	}
	return report(e, append([]finding{}, findings...), asJSON, exitOK)
}

// single2xx is the one 2xx status that route's operation documents.
func single2xx(route *routers.Route) (int, error) {
	var codes []int
	for key := range route.Operation.Responses.Map() {
		if code, err := strconv.Atoi(key); err == nil && code/100 == 2 {
			codes = append(codes, code)
		}
	}
	if len(codes) != 1 {
		sort.Ints(codes)
		return 0, fmt.Errorf("%s documents %d success statuses %v: say which with --status N", route.Operation.OperationID, len(codes), codes)
	}
	return codes[0], nil
}

// readArg reads the file a flag names (flagName, such as --body), or
// stdin for "-": at most limit bytes, what says what the limit is. It
// gives up when ctx ends, as readUntilDone says.
func readArg(ctx context.Context, flagName, path string, stdin io.Reader, limit int, what string) ([]byte, error) {
	return readUntilDone(ctx, flagName, func() ([]byte, error) { return readArgNow(flagName, path, stdin, limit, what) })
}

// readUntilDone returns what read returns, or an error naming flagName
// once ctx ends first. main catches an interrupt so that a request in
// flight ends well; a read that blocks (of a terminal, a pipe that never
// ends, a FIFO that no one opens to write) would outlast Ctrl-C, which
// then could not end the command. The read goes on in the background
// until the process exits.
func readUntilDone[T any](ctx context.Context, flagName string, read func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := read()
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		var zero T
		return zero, fmt.Errorf("%s: interrupted before it was read", flagName)
	}
}

// readArgNow is readArg's read.
func readArgNow(flagName, path string, stdin io.Reader, limit int, what string) ([]byte, error) {
	r := stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", flagName, err)
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", flagName, err)
	}
	if len(b) > limit {
		return nil, fmt.Errorf("%s: over %d bytes, %s", flagName, limit, what)
	}
	return b, nil
}

// report prints the findings, one a line or as a JSON array, and returns
// the exit code: failed (a request that got no usable answer) goes before
// exitDrift, as the check is then incomplete.
func report(e env, findings []finding, asJSON bool, failed int) int {
	var out bytes.Buffer
	if asJSON {
		enc := json.NewEncoder(&out)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(findings); err != nil {
			fmt.Fprintln(e.stderr, "healvi: writing output:", err)
			return exitOutput
		}
	} else {
		for _, f := range findings {
			out.WriteString(f.String())
			out.WriteByte('\n')
		}
	}
	if _, err := e.stdout.Write(escapeUnprintable(out.Bytes(), jsonEscape)); err != nil {
		fmt.Fprintln(e.stderr, "healvi: writing output:", err)
		return exitOutput
	}
	switch {
	case failed != exitOK:
		return failed
	case len(findings) > 0:
		fmt.Fprintf(e.stderr, "healvi: %d %s: the API's responses drift from openapi.yaml\n", len(findings), plural(len(findings), "finding"))
		return exitDrift
	}
	return exitOK
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// recorder is the Transport of the client that check sends through: it
// keeps the last response's status, headers and body bytes as the client
// read them, so that check validates what the server sent even when the
// client's own check refuses it. The client's retries, limits and
// redirect policy stay in front of it.
type recorder struct {
	base http.RoundTripper
	mu   sync.Mutex
	last *recorded
}

// recorded is a response as the recorder saw it.
type recorded struct {
	status int
	header http.Header
	body   bytes.Buffer
}

// RoundTrip implements http.RoundTripper.
func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.base.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	rec := &recorded{status: resp.StatusCode, header: resp.Header.Clone()}
	resp.Body = &teeBody{ReadCloser: resp.Body, rec: rec, r: r}
	r.mu.Lock()
	r.last = rec
	r.mu.Unlock()
	return resp, nil
}

// take returns the last response and forgets it.
func (r *recorder) take() *recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	last := r.last
	r.last = nil
	return last
}

// teeBody copies what is read of a body into its record.
type teeBody struct {
	io.ReadCloser
	rec *recorded
	r   *recorder
}

func (t *teeBody) Read(p []byte) (int, error) {
	n, err := t.ReadCloser.Read(p)
	t.r.mu.Lock()
	t.rec.body.Write(p[:n])
	t.r.mu.Unlock()
	return n, err
}
