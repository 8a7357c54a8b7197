package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/routers"

	"github.com/healvi-chat/healvi-go/api"
)

// idempotencyKey is the header by which the API applies a write once,
// however often it arrives; api's transport resends a POST or PATCH only
// when it carries one.
const idempotencyKey = "Idempotency-Key"

// call is what get and api share: it checks req against the spec before
// anything is sent, sends it through the client New makes (its token,
// retries, limits and redaction), and prints the answer in the format of
// -o; an answer with no content prints nothing. It returns the exit code.
func call(ctx context.Context, g *getFlags, e env, req request) int {
	format, ok := formats[g.output]
	if !ok {
		return usageError(e.stderr, fmt.Sprintf("-o %q: want json, table or yaml", g.output))
	}
	rts, err := e.routes()
	if err != nil {
		fmt.Fprintln(e.stderr, "healvi:", err)
		return exitUsage
	}
	route, err := rts.match(req)
	if route != nil && documentsHeader(route, idempotencyKey) && req.header.Get(idempotencyKey) == "" {
		// A fresh key for each run: a retry of this run is one write, and
		// a second run of the command a second one, as the user meant.
		req.header = req.header.Clone()
		if req.header == nil {
			req.header = http.Header{}
		}
		req.header.Set(idempotencyKey, api.NewIdempotencyKey())
		route, err = rts.match(req) // the key, too, as its schema says
	}
	if err != nil {
		return usageError(e.stderr, err.Error())
	}
	client, baseURL, done, code := g.connect(ctx, e)
	if code != exitOK {
		return code
	}
	defer done()
	ans, err := send(ctx, client, route, req)
	if err != nil {
		return fetchError(e, err, baseURL)
	}
	if ans.unchecked {
		fmt.Fprintf(e.stderr, "healvi: %s %s: this build's client does not know the operation (its generated code is older than the spec), so the answer is printed unchecked\n", route.Method, route.Path)
	}
	if len(bytes.TrimSpace(ans.body)) == 0 {
		return exitOK // such as a 204 No Content
	}
	if err := format(e.stdout, bodySchema(route, ans.status), ans.body); err != nil {
		fmt.Fprintln(e.stderr, "healvi: writing output:", err)
		return exitOutput
	}
	return exitOK
}

// An answer is a 2xx response of the API, as send returns it.
type answer struct {
	status int
	body   []byte // as the API sent it
	// unchecked is set when api.CheckBody does not know the operation:
	// the spec the CLI routed by is newer than the client's generated
	// code (a test's spec, or a stale go generate).
	unchecked bool
}

// send sends req, which route matched, through the client New made: its
// token, retries, time limits, size limit and typed errors apply as to
// any method, and its transport resends a POST or PATCH only with an
// Idempotency-Key. The body of a 2xx is checked as the library's methods
// check it (api.CheckBody): one that cannot be used is an error, drift is
// not.
func send(ctx context.Context, c *api.ClientWithResponses, route *routers.Route, req request) (answer, error) {
	gc := c.ClientInterface.(*api.Client)
	var body io.Reader
	if req.body != nil {
		body = bytes.NewReader(req.body) // which NewRequest makes replayable for a retry
	}
	hr, err := http.NewRequestWithContext(ctx, req.method, strings.TrimSuffix(gc.Server, "/")+req.path, body)
	if err != nil {
		return answer{}, fmt.Errorf("healvi: %w", err)
	}
	for k, v := range req.header {
		hr.Header[k] = v
	}
	if req.body != nil {
		hr.Header.Set("Content-Type", "application/json")
	}
	for _, edit := range gc.RequestEditors {
		if err := edit(ctx, hr); err != nil {
			return answer{}, err
		}
	}
	resp, err := gc.Client.Do(hr)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	ans := answer{status: resp.StatusCode}
	if ans.body, err = io.ReadAll(resp.Body); err != nil {
		return answer{}, err
	}
	invalid := func(why string) error {
		// Named as the library's methods name a failed request.
		return invalidBody(fmt.Sprintf("healvi: %s %s: %s: %s", hr.Method, hr.URL.EscapedPath(), resp.Status, why))
	}
	_, err = api.CheckBody(route.Operation.OperationID, resp.StatusCode, ans.body)
	switch {
	case errors.Is(err, api.ErrInvalidResponse):
		return answer{}, invalid(strings.TrimPrefix(err.Error(), fmt.Sprintf("healvi: %s %d: ", route.Operation.OperationID, resp.StatusCode)))
	case err != nil:
		// The transport hands over only a 2xx, so CheckBody's one other
		// error is an operation it does not know. What is printed must
		// still be JSON.
		ans.unchecked = true
		if len(bytes.TrimSpace(ans.body)) > 0 && !json.Valid(ans.body) {
			return answer{}, invalid("invalid response: the body is not JSON")
		}
	}
	return ans, nil
}

// invalidBody is a 2xx body that cannot be used: api.ErrInvalidResponse.
type invalidBody string

func (e invalidBody) Error() string { return string(e) }
func (e invalidBody) Unwrap() error { return api.ErrInvalidResponse }
