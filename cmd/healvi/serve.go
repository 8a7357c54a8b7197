package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/healvi-chat/healvi-go/api/healvitest"
)

// serve runs `healvi serve`: the fake server of api/healvitest until ctx
// ends (an interrupt), logging each request to standard error.
func serve(ctx context.Context, args []string, e env) int {
	fs := flag.NewFlagSet("healvi serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	addr := fs.String("addr", "127.0.0.1:8080", "")
	token := fs.String("token", healvitest.DefaultToken, "")
	if err := fs.Parse(args); err != nil {
		return usageError(e.stderr, err.Error())
	}
	if fs.NArg() != 0 {
		return usageError(e.stderr, "serve takes no arguments")
	}
	logger := slog.New(slog.NewTextHandler(e.stderr, nil))
	srv, err := healvitest.Start(healvitest.WithAddr(*addr), healvitest.WithToken(*token), healvitest.WithLogger(logger))
	if err != nil {
		// Such as an address in use: said by this command, not the package.
		fmt.Fprintln(e.stderr, "healvi:", strings.TrimPrefix(err.Error(), "healvitest: "))
		return exitUsage
	}
	defer srv.Close()
	fmt.Fprintf(e.stdout, "serving the fake Healvi chat API at %s\n", srv.URL)
	fmt.Fprintf(e.stdout, "try: curl -H 'Authorization: Bearer %s' %s/conversations/%d\n", srv.Token, srv.URL, healvitest.DocExampleID)
	<-ctx.Done()
	fmt.Fprintln(e.stdout, "stopped")
	return exitOK
}
