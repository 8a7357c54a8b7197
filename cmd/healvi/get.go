package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/healvi-chat/healvi-go/api"
	"github.com/healvi-chat/healvi-go/api/healvitest"
)

// getFlags are the flags of get; they may also come before the command.
type getFlags struct {
	fs        *flag.FlagSet
	output    string
	baseURL   string
	tokenFile string
	timeout   time.Duration
	retries   int
	verbose   bool
	demo      bool
	insecure  bool
	version   bool
	// The flags of check alone.
	body      string
	operation string
	status    int
	// The flags of api alone.
	method  string
	input   string
	headers headerFlags
}

func parseGetFlags(args []string) (*getFlags, error) {
	g := &getFlags{fs: flag.NewFlagSet("healvi", flag.ContinueOnError)}
	fs := g.fs
	fs.SetOutput(io.Discard)
	fs.StringVar(&g.output, "o", "json", "")
	fs.StringVar(&g.baseURL, "base-url", "", "")
	fs.StringVar(&g.tokenFile, "token-file", "", "")
	fs.DurationVar(&g.timeout, "timeout", 2*time.Minute, "")
	fs.IntVar(&g.retries, "retries", 3, "")
	fs.BoolVar(&g.verbose, "v", false, "")
	fs.BoolVar(&g.demo, "demo", false, "")
	fs.BoolVar(&g.insecure, "insecure-http", false, "")
	fs.BoolVar(&g.version, "version", false, "")
	fs.StringVar(&g.body, "body", "", "")
	fs.StringVar(&g.operation, "operation", "", "")
	fs.IntVar(&g.status, "status", 0, "")
	fs.StringVar(&g.method, "X", "", "")
	fs.StringVar(&g.method, "method", "", "")
	fs.StringVar(&g.input, "input", "", "")
	fs.Var(&g.headers, "H", "")
	fs.Var(&g.headers, "header", "")
	return g, explainTokenFlag(fs.Parse(args))
}

// explainTokenFlag says why there is no --token flag. The flag package's
// error for an undefined flag names the flag, never its value, which may
// be a real token; defining the flag to reject it would quote the value.
func explainTokenFlag(err error) error {
	if err != nil && strings.HasSuffix(err.Error(), "not defined: -token") {
		return errors.New("there is no --token flag: a token on the command line is visible to every user of the machine; use --token-file FILE, --token-file - (standard input) or HEALVI_TOKEN")
	}
	return err
}

// parseInterspersed parses flags among positional arguments, which the
// flag package stops at, so that `get 123 -o table` works as well as
// `get -o table 123`. An argument where a flag would stand that starts
// with - and a digit, such as -1, is positional: a (negative) ID, which
// get then rejects as it rejects 0, rather than an unknown flag. It
// returns the positional arguments.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := explainTokenFlag(fs.Parse(args)); err != nil {
			// The flag package has consumed the argument it failed on.
			if bad := args[len(args)-len(fs.Args())-1]; isNumberLike(bad) {
				positional = append(positional, bad)
				args = fs.Args()
				continue
			}
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// isNumberLike reports whether arg, found where a flag would stand, is a
// number such as -1 rather than a flag: no flag's name starts with a digit.
func isNumberLike(arg string) bool {
	return len(arg) > 1 && arg[0] == '-' && arg[1] >= '0' && arg[1] <= '9'
}

// commandArgs parses the flags and arguments of a command (get, check),
// which may mix; done is set when the command ends here, with code: for
// --help, --version, or a flag that is wrong.
func (g *getFlags) commandArgs(args []string, e env) (positional []string, code int, done bool) {
	positional, err := parseInterspersed(g.fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(e.stdout, usage)
		return nil, exitOK, true
	case err != nil:
		return nil, usageError(e.stderr, err.Error()), true
	case g.version:
		return nil, version(e), true
	}
	return positional, exitOK, false
}

// get runs `healvi get ID` and `healvi get PATH`: `healvi api PATH`
// with GET and no body.
func get(ctx context.Context, g *getFlags, args []string, e env) int {
	positional, code, ended := g.commandArgs(args, e)
	if ended {
		return code
	}
	if len(positional) == 0 && g.demo {
		positional = []string{strconv.Itoa(healvitest.DocExampleID)}
	}
	if len(positional) != 1 {
		return usageError(e.stderr, "get takes one conversation ID, or one PATH such as /conversations/123")
	}
	path, err := pathOf(positional[0])
	if err != nil {
		return usageError(e.stderr, err.Error())
	}
	if code := g.checkCallFlags(e, "get"); code != exitOK {
		return code
	}
	return call(ctx, g, e, request{method: http.MethodGet, path: path})
}

// pathOf returns the PATH an argument of get or check names: a PATH as
// given, or /conversations/ID for an ID.
func pathOf(arg string) (string, error) {
	if strings.HasPrefix(arg, "/") {
		return arg, nil
	}
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id < 1 {
		return "", fmt.Errorf("conversation ID %q is not a positive integer (a PATH starts with /)", arg)
	}
	return "/conversations/" + strconv.FormatInt(id, 10), nil
}

// checkCallFlags rejects flag values that no call can use, and the flags
// of check given to another command; it returns exitOK or exitUsage.
func (g *getFlags) checkCallFlags(e env, cmd string) int {
	if g.retries < 0 || g.timeout < 0 {
		return usageError(e.stderr, "--retries and --timeout must not be negative")
	}
	if cmd != "check" && (g.body != "" || g.operation != "" || g.status != 0) {
		return usageError(e.stderr, "--body, --operation and --status are flags of check")
	}
	if cmd != "api" && (g.method != "" || g.input != "" || len(g.headers) > 0) {
		return usageError(e.stderr, "-X, --input and -H are flags of api")
	}
	return exitOK
}

// connect returns a client New made for the configured base URL and
// token, or for an in-process fake server with --demo, and a func that
// ends that server. A code other than exitOK says why there is no client,
// which connect has reported.
func (g *getFlags) connect(ctx context.Context, e env, opts ...api.ClientOption) (client *api.ClientWithResponses, baseURL string, done func(), code int) {
	done = func() {}
	baseURL, token, err := g.config(ctx, e)
	if g.demo {
		srv, startErr := healvitest.Start()
		if startErr != nil {
			fmt.Fprintln(e.stderr, "healvi:", strings.TrimPrefix(startErr.Error(), "healvitest: "))
			return nil, "", done, exitUnreachable
		}
		done = srv.Close
		baseURL, token, err = srv.URL, srv.Token, nil
	}
	if err != nil {
		done()
		return nil, "", func() {}, usageError(e.stderr, err.Error())
	}
	opts = append([]api.ClientOption{api.WithTimeout(g.timeout), api.WithRetries(g.retries)}, opts...)
	if g.verbose {
		opts = append(opts, api.WithLogger(slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	}
	if g.insecure {
		opts = append(opts, api.WithInsecureHTTP())
	}
	client, err = api.New(baseURL, token, opts...)
	if err != nil {
		done()
		if errors.Is(err, api.ErrInsecureURL) {
			// The library's hint names its option; name the flag.
			return nil, "", func() {}, usageError(e.stderr, "base URL uses plain http to a host that is not loopback, which would send the token in clear text; use https, or --insecure-http for a test server")
		}
		return nil, "", func() {}, usageError(e.stderr, err.Error())
	}
	return client, baseURL, done, exitOK
}

// fetchError reports an error of fetch, with a hint for a 401 or a 404
// from a base URL that lacks the base path, and returns its exit code:
// exitAPIError for an answer of the API, exitUnreachable for none.
func fetchError(e env, err error, baseURL string) int {
	fmt.Fprintln(e.stderr, err)
	var apiErr *api.APIError
	if !errors.As(err, &apiErr) && !errors.Is(err, api.ErrInvalidResponse) {
		return exitUnreachable
	}
	if errors.Is(err, api.ErrUnauthorized) {
		fmt.Fprintln(e.stderr, "healvi: check the token (HEALVI_TOKEN or --token-file)")
	}
	if errors.Is(err, api.ErrNotFound) && !strings.HasSuffix(strings.TrimSuffix(baseURL, "/"), healvitest.BasePath) {
		fmt.Fprintf(e.stderr, "healvi: check the base URL (HEALVI_BASE_URL or --base-url): it should end in %s\n", healvitest.BasePath)
	}
	return exitAPIError
}

// config returns the base URL and token from the flags or the environment.
func (g *getFlags) config(ctx context.Context, e env) (baseURL, token string, err error) {
	baseURL = g.baseURL
	if baseURL == "" {
		baseURL = e.getenv("HEALVI_BASE_URL")
	}
	token = e.getenv("HEALVI_TOKEN")
	if g.tokenFile != "" {
		token, err = readUntilDone(ctx, "--token-file", func() (string, error) { return readToken(g.tokenFile, e.stdin) })
		if err != nil {
			return "", "", err
		}
	}
	switch {
	case baseURL == "" && token == "":
		return "", "", errors.New("set HEALVI_BASE_URL and HEALVI_TOKEN (or --base-url and --token-file), or use --demo")
	case baseURL == "":
		return "", "", errors.New("no base URL: set HEALVI_BASE_URL or --base-url")
	case token == "":
		return "", "", errors.New("no token: set HEALVI_TOKEN or --token-file")
	}
	return baseURL, token, nil
}

// readToken reads a token from path, or from stdin when path is "-": the
// first line, without surrounding white space and without a leading UTF-8
// byte order mark. Errors quote neither the token nor the path: a token
// pasted where the file's name belongs would otherwise be printed.
func readToken(path string, stdin io.Reader) (string, error) {
	var r io.Reader = stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return "", tokenFileError(err)
		}
		defer f.Close()
		r = f
	}
	// A token is short; a bound keeps a wrong file (or an endless pipe)
	// from being read whole.
	b, err := io.ReadAll(io.LimitReader(r, 64<<10))
	if err != nil {
		return "", tokenFileError(err)
	}
	// Editors on Windows (Notepad among them) start a UTF-8 file with a
	// byte order mark, EF BB BF, which no token holds: strip it, as the
	// trailing newline or CRLF is, rather than reject the token for a
	// character the user cannot see.
	b = bytes.TrimPrefix(b, []byte("\uFEFF"))
	line, _, _ := strings.Cut(string(b), "\n")
	token := strings.TrimSpace(line)
	if token == "" {
		return "", errors.New("the token file (given with --token-file) holds no token on its first line")
	}
	return token, nil
}

// tokenFileError reports that the token file could not be read, by the
// reason alone: an *fs.PathError's text quotes the path, which may be a
// token pasted in place of the file's name.
func tokenFileError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("cannot read the token file (given with --token-file): %w", err)
}
