package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v4"

	healvispec "github.com/healvi-chat/healvi-go"
	"github.com/healvi-chat/healvi-go/api"
	"github.com/healvi-chat/healvi-go/api/healvitest"
	"github.com/healvi-chat/healvi-go/internal/spec"
)

// secret is the token in every test: recognisable, so a leak cannot hide.
const secret = "tok_CLI_SECRET_83d1"

// binary is the healvi command, built once for all tests: they run it as a
// user would, against healvitest servers on loopback.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "healvi-cli-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "healvi")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building healvi: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	code           int
	stdout, stderr string
}

// healvi runs the binary with only the given environment and stdin.
func healvi(t *testing.T, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	cmd.WaitDelay = 10 * time.Second
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errOut.String()}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		r.code = exit.ExitCode()
	case err != nil:
		t.Fatalf("running healvi: %v", err)
	}
	// Whatever happened, the token is in neither stream.
	if strings.Contains(r.stdout+r.stderr, secret) {
		t.Errorf("healvi %q printed the token:\nstdout %s\nstderr %s", args, r.stdout, r.stderr)
	}
	return r
}

// fake starts a healvitest server that accepts secret, and the environment
// that points healvi at it.
func fake(t *testing.T) (*healvitest.Server, map[string]string) {
	srv := healvitest.NewServer(t, healvitest.WithToken(secret))
	return srv, map[string]string{"HEALVI_BASE_URL": srv.URL, "HEALVI_TOKEN": secret}
}

func TestGetPrintsJSONAsTheAPISentIt(t *testing.T) {
	_, env := fake(t)
	r := healvi(t, env, "", "get", "123")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var want bytes.Buffer
	if err := json.Indent(&want, healvitest.DocExampleOnContract(), "", "  "); err != nil {
		t.Fatal(err)
	}
	if r.stdout != strings.TrimRight(want.String(), "\n")+"\n" {
		t.Errorf("stdout is not the API's body indented:\n%.300s", r.stdout)
	}
	if !strings.HasSuffix(r.stdout, "}\n") {
		t.Errorf("stdout does not end in one newline: %q", r.stdout[max(0, len(r.stdout)-10):])
	}
	if !strings.Contains(r.stdout, `"address": "<string>"`) || strings.Contains(r.stdout, `\u003c`) {
		t.Errorf("JSON is HTML-escaped: %.300s", r.stdout)
	}
}

func TestGetPrintsYAML(t *testing.T) {
	_, env := fake(t)
	r := healvi(t, env, "", "get", "123", "-o", "yaml")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var got, want any
	if err := yaml.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("output is not YAML: %v\n%s", err, r.stdout)
	}
	if err := yaml.Unmarshal(healvitest.DocExampleOnContract(), &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("YAML output differs from the response:\n%s", r.stdout)
	}
	if !strings.HasPrefix(r.stdout, "data:\n  id: 123\n  created_at: \"2023-01-01T12:00:00Z\"\n") {
		t.Errorf("YAML is not in the API's key order, or quotes the time wrongly:\n%.200s", r.stdout)
	}
}

func TestGetPrintsTable(t *testing.T) {
	srv, env := fake(t)
	var conv api.ConversationResponse
	if err := json.Unmarshal(healvitest.DocExampleOnContract(), &conv); err != nil {
		t.Fatal(err)
	}
	c := conv.Data
	c.ID, c.User, c.SnoozeUntil, c.ReplyPossible = 42, nil, nil, false
	c.LatestMessage.Contents = []api.MessageContent{{Type: "text", Content: "line one\nline two"}, {Type: "image", Content: "x.png"}}
	srv.AddConversation(c)

	r := healvi(t, env, "", "-o", "table", "get", "42")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{
		"ID                 42\n",
		"STATUS             to-do\n",
		"CHANNEL            bridge\n",
		"CUSTOMER           John Doe\n",
		"CUSTOMER PHONE     +4915224367929\n",
		"AGENT              John Doe (bridge 4915223567929)\n",
		"ASSIGNED USER      unassigned\n",
		"LATEST MESSAGE AT  2023-01-01T12:00:00Z\n",
		"LATEST MESSAGE     line one line two [image] (from system, created)\n",
		"REPLY WINDOW       closed\n",
		"SNOOZED UNTIL      -\n",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("table lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestFlagsGoBeforeOrAfterTheID(t *testing.T) {
	_, env := fake(t)
	for _, args := range [][]string{
		{"get", "123", "-o", "table"},
		{"get", "-o", "table", "123"},
		{"-o", "table", "get", "123"},
		{"get", "-o=table", "123", "--retries", "0", "--timeout", "5s"},
	} {
		r := healvi(t, env, "", args...)
		if r.code != 0 || !strings.HasPrefix(r.stdout, "ID                 123\n") {
			t.Errorf("%q: exit %d, stdout %.80q, stderr %s", args, r.code, r.stdout, r.stderr)
		}
	}
}

func TestConfigurationFromFlagsAndTokenFile(t *testing.T) {
	srv, _ := fake(t)
	file := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(file, []byte(secret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		env   map[string]string
		stdin string
		args  []string
	}{
		"token file":             {nil, "", []string{"get", "--base-url", srv.URL, "--token-file", file, "123"}},
		"token on stdin":         {nil, secret + "\n", []string{"get", "--base-url", srv.URL, "--token-file", "-", "123"}},
		"file beats env":         {map[string]string{"HEALVI_TOKEN": "wrong"}, secret, []string{"get", "--base-url", srv.URL, "--token-file", "-", "123"}},
		"flag beats env for URL": {map[string]string{"HEALVI_BASE_URL": "https://nowhere.invalid/x", "HEALVI_TOKEN": secret}, "", []string{"get", "--base-url", srv.URL, "123"}},
	} {
		t.Run(name, func(t *testing.T) {
			if r := healvi(t, tc.env, tc.stdin, tc.args...); r.code != 0 {
				t.Errorf("exit %d: %s", r.code, r.stderr)
			}
		})
	}
}

// A token pasted where the token file's name belongs is never printed:
// no error about the token file quotes its path.
func TestTokenFileErrorsNeverQuoteThePath(t *testing.T) {
	srv, _ := fake(t)
	dir := t.TempDir()
	empty := filepath.Join(dir, secret+"-empty")
	if err := os.WriteFile(empty, []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	asDir := filepath.Join(dir, secret+"-dir")
	if err := os.Mkdir(asDir, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ path, want string }{
		{secret, "healvi: cannot read the token file (given with --token-file): no such file or directory\n"},
		{asDir, "healvi: cannot read the token file (given with --token-file): is a directory\n"},
		{empty, "healvi: the token file (given with --token-file) holds no token on its first line\n"},
	} {
		// healvi fails the test should the path, which holds secret, show.
		r := healvi(t, nil, "", "get", "--base-url", srv.URL, "--token-file="+tc.path, "1")
		if r.code != 2 || !strings.HasPrefix(r.stderr, tc.want) || strings.Contains(r.stderr, dir) {
			t.Errorf("exit %d, stderr %q; want 2 and %q", r.code, r.stderr, tc.want)
		}
	}
}

// A token file that an editor began with a UTF-8 byte order mark, and
// ended with CRLF, works.
func TestTokenFileWithByteOrderMark(t *testing.T) {
	srv, _ := fake(t)
	file := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(file, []byte("\xEF\xBB\xBF"+secret+"\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := healvi(t, nil, "", "get", "--base-url", srv.URL, "--token-file", file, "123"); r.code != 0 {
		t.Errorf("exit %d: %s", r.code, r.stderr)
	}
	if r := healvi(t, nil, "\xEF\xBB\xBF"+secret+"\n", "get", "--base-url", srv.URL, "--token-file", "-", "123"); r.code != 0 {
		t.Errorf("stdin: exit %d: %s", r.code, r.stderr)
	}
}

// Each exit code a script may branch on, from the built binary.
func TestExitCodes(t *testing.T) {
	srv, env := fake(t)
	unreachable := healvitest.NewServer(t)
	unreachable.Close()
	noToken := map[string]string{"HEALVI_BASE_URL": srv.URL}
	for _, tc := range []struct {
		name  string
		env   map[string]string
		setup func()
		args  []string
		code  int
		want  string
	}{
		{"ok", env, nil, []string{"get", "123"}, 0, ""},
		{"no command", env, nil, nil, 2, "usage: healvi"},
		{"flags but no command", env, nil, []string{"-v"}, 2, "want a command"},
		{"unknown command", env, nil, []string{"list"}, 2, `unknown command "list"`},
		{"no ID", env, nil, []string{"get"}, 2, "one conversation ID"},
		{"bad ID", env, nil, []string{"get", "x1"}, 2, "not a positive integer"},
		{"zero ID", env, nil, []string{"get", "0"}, 2, `conversation ID "0" is not a positive integer`},
		{"negative ID", env, nil, []string{"get", "-1"}, 2, `conversation ID "-1" is not a positive integer`},
		{"negative ID after flags", env, nil, []string{"get", "-o", "table", "-7", "-v"}, 2, `conversation ID "-7" is not a positive integer`},
		{"bad format", env, nil, []string{"get", "-o", "xml", "1"}, 2, "want json, table or yaml"},
		{"token flag", env, nil, []string{"get", "--token", secret, "1"}, 2, "no --token flag"},
		{"token flag with =", env, nil, []string{"get", "--token=" + secret, "1"}, 2, "no --token flag"},
		{"no configuration", nil, nil, []string{"get", "1"}, 2, "HEALVI_BASE_URL"},
		{"no token", noToken, nil, []string{"get", "1"}, 2, "no token"},
		{"bad base URL", map[string]string{"HEALVI_BASE_URL": "ftp://x", "HEALVI_TOKEN": secret}, nil, []string{"get", "1"}, 2, "http(s)"},
		{"missing token file", env, nil, []string{"get", "--token-file", "/nonexistent/token", "1"}, 2, "no such file"},
		{"wrong token", map[string]string{"HEALVI_BASE_URL": srv.URL, "HEALVI_TOKEN": "wrong"}, nil, []string{"get", "123"}, 3, "401 Unauthorized: Unauthenticated."},
		{"not found", env, nil, []string{"get", "7"}, 3, "404 Not Found: Conversation not found."},
		{"rate limited", env, func() { srv.FailNext(1, healvitest.Status(429, "Retry-After", "3600")) }, []string{"get", "123"}, 3, "429 Too Many Requests"},
		{"server error", env, func() { srv.FailNext(1, healvitest.HTMLPage(500)) }, []string{"get", "123"}, 3, "500 Internal Server Error"},
		{"invalid response", env, func() { srv.FailNext(1, healvitest.MalformedJSON()) }, []string{"get", "123"}, 3, "invalid response"},
		{"unreachable", map[string]string{"HEALVI_BASE_URL": unreachable.URL, "HEALVI_TOKEN": secret}, nil, []string{"get", "--retries", "0", "123"}, 4, "connection refused"},
		{"timeout", env, func() { srv.FailNext(1, healvitest.Slow(time.Minute)) }, []string{"get", "--retries", "0", "--timeout", "200ms", "123"}, 4, "deadline exceeded"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.setup != nil {
				tc.setup()
			}
			r := healvi(t, tc.env, "", tc.args...)
			if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d (want %d), stderr %q (want %q)", r.code, tc.code, r.stderr, tc.want)
			}
			if r.code != 0 && r.stdout != "" {
				t.Errorf("stdout on failure: %q", r.stdout)
			}
		})
	}
}

func TestVerboseLogsEachRequestWithoutTheToken(t *testing.T) {
	srv, env := fake(t)
	srv.FailNext(1, healvitest.Status(503))
	r := healvi(t, env, "", "get", "-v", "123")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"status=503", "status=200", "retrying", "headers.Authorization=REDACTED", "/third-party/v1/conversations/123 "} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
}

func TestHelpVersionAndDemo(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"get", "--help"}, {"get", "123", "-h"}, {"help"}} {
		if r := healvi(t, nil, "", args...); r.code != 0 || !strings.Contains(r.stdout, "Exit status:") || !strings.Contains(r.stdout, "4  the API could not be reached") {
			t.Errorf("%q: exit %d, stdout %q", args, r.code, r.stdout)
		}
	}
	version := healvi(t, nil, "", "version")
	if version.code != 0 || !strings.HasPrefix(version.stdout, "healvi ") || strings.Count(version.stdout, "\n") != 1 {
		t.Errorf("version: exit %d, stdout %q", version.code, version.stdout)
	}
	for _, args := range [][]string{{"--version"}, {"-version"}, {"get", "--version"}} {
		if r := healvi(t, nil, "", args...); r.code != 0 || r.stdout != version.stdout || r.stderr != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want what version prints", args, r.code, r.stdout, r.stderr)
		}
	}
	for _, args := range [][]string{{"--demo"}, {"--demo", "get", "123"}, {"get", "--demo", "123", "-o", "table"}} {
		if r := healvi(t, nil, "", args...); r.code != 0 || !strings.Contains(r.stdout, "123") {
			t.Errorf("%q: exit %d, stdout %.80q, stderr %s", args, r.code, r.stdout, r.stderr)
		}
	}
}

// served is a running `healvi serve`.
type served struct {
	base   string // the URL it printed
	try    string // the curl line it printed
	stop   func() // interrupts it and waits for it to exit
	stderr func() string
}

// serveCommand starts `healvi serve args...` and reads the URL it prints.
// The test fails if it does not stop on SIGINT.
func serveCommand(t *testing.T, args ...string) served {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"serve"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr lockedBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	// Killing the process ends the read below, should it never print.
	watchdog := time.AfterFunc(30*time.Second, func() { _ = cmd.Process.Kill() })
	defer watchdog.Stop()
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() {
		t.Fatalf("no output; stderr %s", stderr.String())
	}
	base, ok := strings.CutPrefix(lines.Text(), "serving the fake Healvi chat API at ")
	if !ok {
		t.Fatalf("first line %q does not give the URL", lines.Text())
	}
	if !lines.Scan() {
		t.Fatalf("no second line; stderr %s", stderr.String())
	}
	try := lines.Text()
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	stop := func() {
		t.Helper()
		if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve exited with %v", err)
			}
		case <-time.After(10 * time.Second): // a watchdog
			t.Fatal("serve did not stop on SIGINT")
		}
	}
	return served{base: base, try: try, stop: stop, stderr: stderr.String}
}

// lockedBuffer is a bytes.Buffer that a process may write while a test
// reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestServeRunsTheFakeUntilInterrupted(t *testing.T) {
	// A wildcard address, as `healvi serve --addr :8080` is often run: the
	// URL printed must be one that healvi get reaches.
	s := serveCommand(t, "--addr", ":0", "--token", secret)
	if !strings.HasPrefix(s.base, "http://localhost:") {
		t.Fatalf("URL %q is not on localhost", s.base)
	}
	r := healvi(t, map[string]string{"HEALVI_BASE_URL": s.base, "HEALVI_TOKEN": secret}, "", "get", "123", "-o", "table")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "ID                 123\n") {
		t.Fatalf("get from healvi serve: exit %d, %s %s", r.code, r.stdout, r.stderr)
	}
	s.stop()
	if log := s.stderr(); !strings.Contains(log, "path=/third-party/v1/conversations/123 status=200") || strings.Contains(log, secret) {
		t.Errorf("stderr log %q: want the request, without the token", log)
	}
}

// The help's commands have their descriptions in one column.
func TestHelpAlignsTheCommands(t *testing.T) {
	help := healvi(t, nil, "", "--help").stdout
	commands, _, _ := strings.Cut(help, "\n\n")
	lines := strings.Split(commands, "\n")
	col := strings.Index(lines[0], "print conversation ID")
	for _, desc := range []string{"print what GET PATH answers", "send any operation of the API", "the same from an in-process fake server", "run the fake server until interrupted", "print this program's module version", "fetch each and check the response in", "check a saved response offline"} {
		found := false
		for _, line := range lines {
			if i := strings.Index(line, desc); i >= 0 {
				found = true
				if i != col {
					t.Errorf("%q starts at column %d, want %d:\n%s", desc, i, col, commands)
				}
			}
		}
		if !found {
			t.Errorf("help lacks %q", desc)
		}
	}
}

// A serve that cannot listen says so as healvi, not as the package.
func TestServeBindFailureIsHealvisError(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	r := healvi(t, nil, "", "serve", "--addr", l.Addr().String())
	if r.code != 2 || !strings.HasPrefix(r.stderr, "healvi: listen tcp "+l.Addr().String()+": ") || strings.Contains(r.stderr, "healvitest") {
		t.Errorf("exit %d, stderr %q; want 2 and a healvi: error", r.code, r.stderr)
	}
}

// A base URL that lacks /third-party/v1 gets the fake's 404 saying where
// the API is, and a hint to check the base URL.
func TestBaseURLWithoutTheBasePath(t *testing.T) {
	srv, _ := fake(t)
	base := strings.TrimSuffix(srv.URL, healvitest.BasePath)
	r := healvi(t, map[string]string{"HEALVI_BASE_URL": base, "HEALVI_TOKEN": secret}, "", "get", "123")
	want := "healvi: GET /conversations/123: 404 Not Found: no such path; the API is served under /third-party/v1\n" +
		"healvi: check the base URL (HEALVI_BASE_URL or --base-url): it should end in /third-party/v1\n"
	if r.code != 3 || r.stderr != want {
		t.Errorf("exit %d, stderr\n%q\nwant\n%q", r.code, r.stderr, want)
	}
	// A conversation that is not there gets no such hint.
	_, env := fake(t)
	if r := healvi(t, env, "", "get", "7"); r.code != 3 || strings.Contains(r.stderr, "check the base URL") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}

// healvi serve, --demo and api/healvitest accept one default token,
// healvitest.DefaultToken, and the help says which.
func TestServeAcceptsTheDefaultToken(t *testing.T) {
	s := serveCommand(t, "--addr", "127.0.0.1:0")
	defer s.stop()
	if !strings.Contains(s.try, "'Authorization: Bearer "+healvitest.DefaultToken+"'") {
		t.Errorf("serve suggests %q; want the token %s", s.try, healvitest.DefaultToken)
	}
	r := healvi(t, map[string]string{"HEALVI_BASE_URL": s.base, "HEALVI_TOKEN": healvitest.DefaultToken}, "", "get", "123")
	if r.code != 0 {
		t.Errorf("get with healvitest.DefaultToken: exit %d, %s", r.code, r.stderr)
	}
	help := healvi(t, nil, "", "--help").stdout
	if !strings.Contains(help, "(default\n                     "+healvitest.DefaultToken+", as in --demo") || strings.Contains(help, "demo-token") {
		t.Errorf("help does not name the default token %s:\n%s", healvitest.DefaultToken, help)
	}
}

// hostile holds what a server could put in any string to drive a terminal:
// OSC 52 (set the clipboard), clear the screen, a one-byte CSI, cursor up
// to overwrite the line above, DEL, a bidi override and invalid UTF-8.
const hostile = "\x1b]52;c;aGk=\x07\x1b[2J\u009b2J\x1b[1A\x7f\u202e\xff"

// rawControl reports whether s holds a rune a terminal acts on or hides.
func rawControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool {
		return r != '\n' && (r < ' ' || r == 0x7f || r >= 0x80 && r <= 0x9f || r == 0x202e)
	}) || !utf8.ValidString(s)
}

func TestServerTextNeverDrivesTheTerminal(t *testing.T) {
	srv, env := fake(t)
	var conv api.ConversationResponse
	if err := json.Unmarshal(healvitest.DocExampleOnContract(), &conv); err != nil {
		t.Fatal(err)
	}
	c := conv.Data
	c.ID, c.Customer.Name, c.Status = 66, "Eve"+hostile, "open\x1b[1A\rSTATUS resolved"
	body, err := json.Marshal(api.ConversationResponse{Data: c})
	if err != nil {
		t.Fatal(err)
	}
	// json.Marshal writes U+FFFD for the invalid byte; put the raw bytes in.
	body = []byte(strings.Replace(string(body), `\ufffd`, "\xff", 1))
	srv.AddConversationJSON(66, mustData(t, body))

	t.Run("table", func(t *testing.T) {
		r := healvi(t, env, "", "get", "66", "-o", "table")
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		for _, want := range []string{
			"STATUS             open\\x1b[1A STATUS resolved\n",
			// JSON decoding made the invalid byte a real U+FFFD.
			"CUSTOMER           Eve\\x1b]52;c;aGk=\\a\\x1b[2J\\u009b2J\\x1b[1A\\x7f\\u202e\uFFFD\n",
		} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("table lacks %q:\n%s", want, r.stdout)
			}
		}
		if rawControl(r.stdout) {
			t.Errorf("table holds a raw control character: %q", r.stdout)
		}
	})
	for _, format := range []string{"json", "yaml"} {
		t.Run(format, func(t *testing.T) {
			r := healvi(t, env, "", "get", "66", "-o", format)
			if r.code != 0 || rawControl(r.stdout) {
				t.Fatalf("exit %d, raw control character in %q", r.code, r.stdout)
			}
			var got map[string]any
			if err := yaml.Unmarshal([]byte(r.stdout), &got); err != nil {
				t.Fatal(err)
			}
			data := got["data"].(map[string]any)
			if name := data["customer"].(map[string]any)["name"]; name != "Eve"+strings.Replace(hostile, "\xff", "\uFFFD", 1) {
				t.Errorf("customer name read back as %q", name)
			}
		})
	}
	t.Run("404 message", func(t *testing.T) {
		srv.FailNext(1, healvitest.Fault{Status: 404, Body: []byte(`{"message":"no \u001b[2J\u009b1A\r\nSTATUS resolved"}`)})
		r := healvi(t, env, "", "get", "66")
		want := "healvi: GET /third-party/v1/conversations/66: 404 Not Found: no \\x1b[2J\\u009b1A\\r\\nSTATUS resolved\n"
		if r.code != 3 || r.stderr != want {
			t.Errorf("exit %d, stderr\n%q\nwant\n%q", r.code, r.stderr, want)
		}
	})
}

// A configuration error says what is wrong once, with one line of help,
// and names the CLI's flags, not the library's options.
func TestConfigurationErrorsAreOneLine(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"bad base URL", map[string]string{"HEALVI_BASE_URL": "ftp://x", "HEALVI_TOKEN": secret}, []string{"get", "1"}, "healvi: server URL must be an absolute http(s) URL"},
		{"plain http", map[string]string{"HEALVI_BASE_URL": "http://api.healvi-chat.example/v1", "HEALVI_TOKEN": secret}, []string{"get", "1"}, "use https, or --insecure-http for a test server"},
		{"unknown flag", nil, []string{"get", "--colour", "1"}, "healvi: flag provided but not defined: -colour"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := healvi(t, tc.env, "", tc.args...)
			lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
			if r.code != 2 || len(lines) != 2 || !strings.Contains(lines[0], tc.want) || lines[1] != "Run 'healvi --help' for usage." {
				t.Errorf("exit %d, stderr %q; want %q and one line of help", r.code, r.stderr, tc.want)
			}
			if strings.Count(r.stderr, "healvi:") != 1 || strings.Contains(r.stderr, "WithInsecureHTTP") {
				t.Errorf("stderr %q", r.stderr)
			}
		})
	}
}

// --insecure-http reaches a fake server on a host address that is not
// loopback; without it, the token is not sent.
func TestInsecureHTTPFlag(t *testing.T) {
	ip := nonLoopbackIP(t)
	srv := healvitest.NewServer(t, healvitest.WithToken(secret), healvitest.WithAddr(net.JoinHostPort(ip, "0")))
	env := map[string]string{"HEALVI_BASE_URL": srv.URL, "HEALVI_TOKEN": secret}
	if r := healvi(t, env, "", "get", "123"); r.code != 2 || len(srv.Requests()) != 0 {
		t.Errorf("without the flag: exit %d, %d requests sent", r.code, len(srv.Requests()))
	}
	if r := healvi(t, env, "", "get", "--insecure-http", "123"); r.code != 0 {
		t.Errorf("with the flag: exit %d: %s", r.code, r.stderr)
	}
}

func nonLoopbackIP(t *testing.T) string {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		t.Skip(err)
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && n.IP.To4() != nil {
			return n.IP.String()
		}
	}
	t.Skip("this machine has no IPv4 address but loopback")
	return ""
}

func mustData(t *testing.T, body []byte) []byte {
	t.Helper()
	var v struct{ Data json.RawMessage }
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatal(err)
	}
	return v.Data
}

// healvi get PATH reaches every GET operation of openapi.yaml, and prints
// its answer in every format: nothing in the command names an operation
// but the conversation's curated table.
func TestGetPathReachesEveryOperation(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(healvispec.OpenAPI())
	if err != nil {
		t.Fatal(err)
	}
	_, env := fake(t)
	reached := 0
	for _, path := range doc.Paths.InMatchingOrder() {
		op := doc.Paths.Value(path).Get
		if op == nil {
			continue
		}
		ex := spec.ExampleRequest("GET", path, op)
		example, target := ex.Response, ex.Target
		r := healvi(t, env, "", "get", target)
		var got any
		if r.code != 0 || json.Unmarshal([]byte(r.stdout), &got) != nil || !reflect.DeepEqual(got, example) {
			t.Errorf("get %s: exit %d, stdout %.200s, stderr %s", target, r.code, r.stdout, r.stderr)
		}
		for _, format := range []string{"table", "yaml"} {
			if r := healvi(t, env, "", "get", target, "-o", format); r.code != 0 || len(r.stdout) < 10 {
				t.Errorf("get %s -o %s: exit %d, %q %s", target, format, r.code, r.stdout, r.stderr)
			}
		}
		reached++
	}
	if reached == 0 {
		t.Fatal("openapi.yaml has no GET operation")
	}
}

func TestGetPathThatBreaksTheSpec(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(healvispec.OpenAPI())
	if err != nil {
		t.Fatal(err)
	}
	const unknown = "/healvi-test-no-such-path"
	if doc.Paths.Find(unknown) != nil {
		t.Fatalf("openapi.yaml has %s; pick another path that it lacks", unknown)
	}
	srv, env := fake(t)
	for _, tc := range []struct {
		path string
		want []string
	}{
		{unknown, []string{`GET "` + unknown + `" matches no operation of the API`, "/conversations/{id}", "Show conversation by ID"}},
		{"/conversations/abc", []string{`GET "/conversations/abc" does not fit GET /conversations/{id}`, `parameter "id" in path`}},
		{"conversations/1x", []string{"not a positive integer"}},
	} {
		r := healvi(t, env, "", "get", tc.path)
		for _, want := range tc.want {
			if r.code != 2 || !strings.Contains(r.stderr, want) {
				t.Errorf("get %s: exit %d, stderr %q; want 2 and %q", tc.path, r.code, r.stderr, want)
			}
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests sent for paths that break the spec", n)
	}
}

// A 2xx that lacks what the operation documents is an API error, not an
// empty result.
func TestGetPathFailsWellOnAnEmptyBody(t *testing.T) {
	srv, env := fake(t)
	srv.FailNext(1, healvitest.Fault{Status: 200, Body: []byte(`{}`)})
	r := healvi(t, env, "", "get", "/conversations/123")
	if r.code != 3 || !strings.Contains(r.stderr, "invalid response: required property data is missing") || r.stdout != "" {
		t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

// The generic table shows any response: values by their path, a page of
// items as rows and columns, every value escaped.
func TestGenericTable(t *testing.T) {
	var out bytes.Buffer
	err := genericTable(&out, []byte(`{"meta": {"page": 2, "next": null, "tags": ["a", "b"]},
		"data": [{"id": 1, "text": "hi\u001b[2J", "user": {"id": 3}}, {"id": 2, "extra": [1, 2]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	want := "meta.next     -\n" +
		"meta.page     2\n" +
		"meta.tags[0]  a\n" +
		"meta.tags[1]  b\n" +
		"\ndata: 2 items\n" +
		"ID  TEXT       USER  EXTRA\n" +
		"1   hi\\x1b[2J  {1}   -\n" +
		"2   -          -     [2]\n"
	if out.String() != want {
		t.Errorf("table:\n%s\nwant:\n%s", out.String(), want)
	}
}
