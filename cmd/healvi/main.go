// Command healvi fetches a Healvi chat conversation and prints it as JSON,
// or runs a fake Healvi chat server.
//
// Usage:
//
//	healvi get ID          read HEALVI_BASE_URL and HEALVI_TOKEN, print conversation ID
//	healvi --demo [get ID] serve the documentation's example from an in-process
//	                       fake server on loopback and fetch it through the client
//	healvi serve [--addr 127.0.0.1:8080] [--token demo-token]
//	                       run the fake server (api/healvitest) until interrupted
//
// Errors go to standard error and the exit status is 1 (2 for bad usage).
// The token is never printed.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"time"

	"github.com/healvi-chat/healvi-go/api"
	"github.com/healvi-chat/healvi-go/api/healvitest"
)

const usage = `usage: healvi [--demo] [--timeout D] get ID
       healvi --demo
       healvi serve [--addr 127.0.0.1:8080] [--token demo-token]

get ID   print the conversation with this ID as indented JSON; the API's base
         URL and token come from HEALVI_BASE_URL and HEALVI_TOKEN
--demo   fetch from an in-process fake Healvi server instead, which serves the
         documentation's example (ID 123, the default)
serve    run that fake server until interrupted, printing its base URL; every
         request and response is checked against openapi.yaml, and each
         request is logged to standard error (the token redacted)
`

// demoToken is the fake server's token; it is no secret.
const demoToken = "demo-token"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the whole command, with its environment passed in for tests.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	var demo bool
	var timeout time.Duration
	fs := flag.NewFlagSet("healvi", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&demo, "demo", false, "")
	fs.DurationVar(&timeout, "timeout", 30*time.Second, "")
	if err := fs.Parse(args); err != nil {
		return usageError(stderr, err.Error())
	}
	rest := fs.Args()
	if demo && len(rest) == 0 {
		rest = []string{"get", strconv.Itoa(healvitest.DocExampleID)}
	}
	if len(rest) > 0 && rest[0] == "serve" {
		return serve(ctx, rest[1:], stdout, stderr)
	}
	if len(rest) == 0 || rest[0] != "get" {
		return usageError(stderr, "want the get command")
	}
	// Flags may follow the command too: healvi get --demo 123.
	if err := fs.Parse(rest[1:]); err != nil {
		return usageError(stderr, err.Error())
	}
	if fs.NArg() != 1 {
		return usageError(stderr, "get takes one conversation ID")
	}
	id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	if err != nil || id < 1 {
		return usageError(stderr, fmt.Sprintf("conversation ID %q is not a positive integer", fs.Arg(0)))
	}

	baseURL, token := getenv("HEALVI_BASE_URL"), getenv("HEALVI_TOKEN")
	if demo {
		srv, err := healvitest.Start(healvitest.WithToken(demoToken))
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		defer srv.Close()
		baseURL, token = srv.URL, srv.Token
	} else if baseURL == "" || token == "" {
		return usageError(stderr, "set HEALVI_BASE_URL and HEALVI_TOKEN, or use --demo")
	}

	client, err := api.New(baseURL, token, api.WithTimeout(timeout))
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	conv, err := client.Conversation(ctx, id)
	if err != nil {
		fmt.Fprintln(stderr, err)
		if errors.Is(err, api.ErrUnauthorized) {
			fmt.Fprintln(stderr, "healvi: check HEALVI_TOKEN")
		}
		return 1
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(api.ConversationResponse{Data: *conv}); err != nil {
		fmt.Fprintln(stderr, "healvi: writing output:", err)
		return 1
	}
	return 0
}

func usageError(stderr io.Writer, msg string) int {
	fmt.Fprintf(stderr, "healvi: %s\n%s", msg, usage)
	return 2
}
