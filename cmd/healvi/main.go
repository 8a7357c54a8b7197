// Command healvi reaches the Healvi chat API from a shell: `healvi get ID`
// prints a conversation, `healvi get PATH` what any GET operation of the
// API answers, `healvi api PATH` sends any operation, and `healvi serve`
// runs a fake Healvi chat server. Run `healvi --help` for the commands,
// flags and exit codes.
//
// `healvi get PATH` reaches every GET operation of the embedded
// openapi.yaml, with the same flags, formats and exit codes: PATH is below
// the base URL and starts with /, query included. A PATH that matches no
// operation exits 2 and lists those there are; one that breaks an
// operation's parameters exits 2 and says which. `healvi get ID` is
// `healvi get /conversations/ID`. Flags go before or after the ID or PATH;
// a mistake prints what is wrong and one line of help.
//
// `healvi api PATH [-X METHOD] [--input FILE|-] [-H 'KEY: VALUE' ...]`
// sends any operation of openapi.yaml, in the manner of gh api, and
// `healvi get PATH` is `healvi api PATH` with GET and no body. The method
// is GET, or POST with --input, in any case; --input gives a JSON body
// (- for standard input), sent as application/json, and -H a header
// parameter the operation documents (never Authorization). The request,
// its parameters, headers and body, is checked against openapi.yaml with
// kin-openapi's openapi3filter before anything is sent: a violation exits
// 2 naming its parameter, or its place in the body by JSON pointer and
// what the schema wants, never the body's values. The answer prints as
// get prints it, with get's exit codes; one with no content (a 204)
// prints nothing. An operation that documents an Idempotency-Key header
// gets a fresh random one on each run unless -H gives one, so that the
// client's retries of the write make one write; the client never sends a
// POST or PATCH without a key twice. Each operation added to openapi.yaml
// is a request api takes, with no change to the command:
//
//	healvi --demo api -X get /conversations/123 -o yaml
//
// -o json (the default) prints the body as the API sent it, key order,
// unknown fields and all, with nothing HTML-escaped; -o yaml the same as
// YAML, in the same order. -o table shows a conversation's curated table,
// and any other response readably: a line per value, named by its path,
// and a list of items (an array at the top, or in a member such as data)
// as rows and columns, a nested object or array shown by its size. Every
// format escapes what a terminal would act on: the table shows control
// characters as \x1b, \u009b; JSON and YAML write them as their own
// escapes, which mean the same to any reader.
//
// The API's token comes from HEALVI_TOKEN or a file (--token-file, or - for
// standard input), never from the command line, where other users of the
// machine could read it in the process list. It is never printed, -v
// included.
//
// `healvi check ID|PATH ...` fetches each as get does (the same flags,
// the same client) and validates the body as the server sent it in full
// against openapi.yaml with kin-openapi's openapi3filter: required
// properties, nullability, types, formats and bounds, and the properties
// a schema does not list. It prints a line per finding: the request, the
// JSON pointer, what the spec says, what came (its JSON type, never its
// value) and the edit of openapi.yaml that would describe it, such as
// "Agent: add nullable: true"; -o json prints them as a JSON array. It
// exits 0 when every response matches, 5 when one drifts, and 3 for an
// error answer, as get does. `healvi check --body FILE --operation
// getConversation` checks a saved response offline:
//
//	healvi check --body ticket.json --operation getConversation
//
// Build it with the newest patch release of your Go: the standard
// library's fixes for net/http, crypto/tls and crypto/x509 are compiled
// into the binary (on Go 1.26, those for GO-2026-6603 to GO-2026-6617 and
// GO-2026-6809 are in Go 1.26.10).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/healvi-chat/healvi-go/api"
	"github.com/healvi-chat/healvi-go/api/healvitest"
)

const usage = `usage: healvi get [flags] ID     print conversation ID
       healvi get [flags] PATH   print what GET PATH answers, for any GET
                                 operation of the API, such as
                                 '/conversations/123' (below the base
                                 URL; a PATH that matches no operation
                                 lists them)
       healvi api [flags] PATH   send any operation of the API: GET
                                 PATH, or -X METHOD with a JSON body
                                 from --input, checked against
                                 openapi.yaml before it is sent
       healvi --demo [get [flags] ID|PATH]
                                 the same from an in-process fake server
                                 (also --demo api)
       healvi check [flags] ID|PATH ...
                                 fetch each and check the response in
                                 full against openapi.yaml: a line per
                                 drift, with the edit of the spec that
                                 would describe it
       healvi check --body FILE|- --operation OPERATION_ID [--status N]
                                 check a saved response offline, with
                                 no network or token (or give the ID or
                                 PATH it answered for --operation)
       healvi serve [--addr ADDR] [--token TOKEN]
                                 run the fake server until interrupted
       healvi version            print this program's module version
                                 (also --version)

Flags of get, before or after the ID or PATH:
  -o FORMAT          json (the default: the response as the API sent it,
                     indented), table (what a support engineer looks at
                     first) or yaml
  --base-url URL     the API's base URL, such as
                     https://1-some-client.some-server.healvi-chat/third-party/v1
                     (default: $HEALVI_BASE_URL)
  --token-file FILE  read the API token from FILE, or from standard input
                     when FILE is - (default: $HEALVI_TOKEN); there is no
                     --token flag, as the process list would show it
  --timeout D        time limit of the whole call, retries included, such
                     as 10s (default 2m)
  --retries N        retries after a network error, 429, 502, 503 or 504
                     (default 3; 0 for none)
  --insecure-http    allow a plain http:// base URL to a host that is not
                     loopback (a test server elsewhere): the token then
                     crosses the network in clear text
  -v                 log each request to standard error, the token redacted
  --demo             fetch from an in-process fake server, the one healvi
                     serve runs, that serves the documentation's example
                     as ID 123 (the default ID)

Flags of api: those of get, and
  -X METHOD          the method, in any case (also --method): GET, or
                     POST when --input is given
  --input FILE       the request body, JSON, from FILE, or from standard
                     input when FILE is - (at most 1 MiB), sent as
                     application/json
  -H 'KEY: VALUE'    a header parameter that the operation documents,
                     such as Idempotency-Key (also --header; repeatable);
                     not Authorization, which carries the token
An operation that documents an Idempotency-Key header gets a fresh
random one on each run (-v shows it) unless -H gives one, so that the
client may retry the write as one. A POST or PATCH without a key is never
sent twice. A request that breaks openapi.yaml (a parameter, a header,
the body) exits 2 naming what breaks it, and is not sent.

Flags of check: those of get but -o (text, the default, or json: an
array of findings with request, pointer, kind, spec, got and edit), and
  --body FILE        check the response body in FILE (- for standard
                     input) instead of fetching
  --operation ID     the operationId that answered it, such as
                     getConversation
  --status N         its status (default: the operation's one 2xx)
A finding names a value by its JSON pointer and its JSON type, never
its value.

Flags of serve:
  --addr ADDR        the address to listen on (default 127.0.0.1:8080)
  --token TOKEN      the token the fake server accepts (default
                     ` + healvitest.DefaultToken + `, as in --demo and api/healvitest;
                     it guards nothing, so the command line is no risk)

Exit status:
  0  success (an answer with no content, such as a 204, prints nothing)
  1  the output could not be written
  2  bad usage or configuration (flags, ID, a PATH that matches no
     operation, a request that breaks openapi.yaml, base URL, token)
  3  the API answered with an error: its status and message are printed
     (401, 403, 404, 429, 5xx, or a response that lacks what the API
     documents, such as {} for a conversation)
  4  the API could not be reached, or did not answer in time
  5  check: a response drifts from openapi.yaml (3 or 4 go first when
     a request of the same check failed)
`

// Exit codes, documented in usage for scripts to branch on.
const (
	exitOK          = 0
	exitOutput      = 1
	exitUsage       = 2
	exitAPIError    = 3
	exitUnreachable = 4
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], env{getenv: os.Getenv, stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr})
	stop()
	os.Exit(code)
}

// env is what the command reads and writes, passed in for tests.
type env struct {
	getenv         func(string) string
	stdin          io.Reader
	stdout, stderr io.Writer
	// spec is the operations the commands route by and check requests
	// against; nil for the embedded openapi.yaml.
	spec *routes
}

// routes returns the operations the commands route by.
func (e env) routes() (*routes, error) {
	if e.spec != nil {
		return e.spec, nil
	}
	return loadRoutes()
}

// run is the whole command; it returns the exit code.
func run(ctx context.Context, args []string, e env) int {
	g, err := parseGetFlags(args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(e.stdout, usage)
		return exitOK
	}
	if err != nil {
		return usageError(e.stderr, err.Error())
	}
	if g.version {
		return version(e)
	}
	rest := g.fs.Args()
	if len(rest) == 0 && g.demo {
		rest = []string{"get"}
	}
	if len(rest) == 0 && len(args) == 0 {
		fmt.Fprint(e.stderr, usage) // a bare `healvi`: what can I do?
		return exitUsage
	}
	if len(rest) == 0 {
		return usageError(e.stderr, "want a command: get, api, check, serve or version")
	}
	switch cmd, args := rest[0], rest[1:]; cmd {
	case "get":
		return get(ctx, g, args, e)
	case "api":
		return apiCommand(ctx, g, args, e)
	case "check":
		return check(ctx, g, args, e)
	case "serve":
		return serve(ctx, args, e)
	case "version":
		return version(e)
	case "help":
		fmt.Fprint(e.stdout, usage)
		return exitOK
	default:
		return usageError(e.stderr, fmt.Sprintf("unknown command %q", cmd))
	}
}

// version runs `healvi version` and `healvi --version`.
func version(e env) int {
	fmt.Fprintln(e.stdout, "healvi", api.Version())
	return exitOK
}

// usageError reports a mistake in the command line or the configuration:
// the error, once prefixed, and one line of help rather than the whole
// usage, which would bury it.
func usageError(stderr io.Writer, msg string) int {
	fmt.Fprintf(stderr, "healvi: %s\nRun 'healvi --help' for usage.\n", strings.TrimPrefix(msg, "healvi: "))
	return exitUsage
}
