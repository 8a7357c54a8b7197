package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/healvi-chat/healvi-go/api"

	"github.com/healvi-chat/healvi-go/api/healvitest"
)

const secret = "tok_CLI_SECRET_83d1"

func runCLI(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, func(k string) string { return env[k] }, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestDemoPrintsTheDocExample(t *testing.T) {
	for _, args := range [][]string{{"--demo"}, {"--demo", "get", "123"}, {"get", "--demo", "123"}} {
		code, out, errOut := runCLI(t, nil, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d, stderr %s", args, code, errOut)
		}
		var v struct {
			Data struct {
				ID    int64 `json:"id"`
				Agent struct {
					DisplayID int64 `json:"display_id"`
				} `json:"agent"`
			} `json:"data"`
		}
		if err := json.Unmarshal([]byte(out), &v); err != nil || v.Data.ID != 123 || v.Data.Agent.DisplayID != 4915223567929 {
			t.Errorf("%v: stdout %.200s (%v)", args, out, err)
		}
		if !strings.Contains(out, "\n  \"data\": {") {
			t.Errorf("%v: output is not indented", args)
		}
	}
}

func TestGetUsesEnvironment(t *testing.T) {
	base := healvitest.NewServer(t, healvitest.WithToken(secret)).URL
	code, out, errOut := runCLI(t, map[string]string{"HEALVI_BASE_URL": base, "HEALVI_TOKEN": secret}, "get", "123")
	if code != 0 || !strings.Contains(out, `"customer_interaction_required": true`) {
		t.Fatalf("exit %d, stdout %.100s, stderr %s", code, out, errOut)
	}
}

func TestErrorsGoToStderrWithoutTheToken(t *testing.T) {
	base := healvitest.NewServer(t, healvitest.WithToken("the-right-token")).URL
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string
	}{
		{"wrong token", map[string]string{"HEALVI_BASE_URL": base, "HEALVI_TOKEN": secret}, []string{"get", "123"}, 1, "401"},
		{"not found", map[string]string{"HEALVI_BASE_URL": base, "HEALVI_TOKEN": "the-right-token"}, []string{"get", "7"}, 1, "404"},
		{"no environment", nil, []string{"get", "123"}, 2, "HEALVI_BASE_URL"},
		{"bad id", map[string]string{"HEALVI_TOKEN": secret}, []string{"get", "x1"}, 2, "not a positive integer"},
		{"no command", nil, nil, 2, "usage"},
		{"bad URL", map[string]string{"HEALVI_BASE_URL": "ftp://x", "HEALVI_TOKEN": secret}, []string{"get", "1"}, 1, "http(s)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, tc.env, tc.args...)
			if code != tc.code || out != "" || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d (want %d), stdout %q, stderr %q (want %q)", code, tc.code, out, errOut, tc.want)
			}
			if strings.Contains(errOut, secret) {
				t.Errorf("stderr holds the token: %s", errOut)
			}
		})
	}
}

func TestServeRunsTheFakeUntilInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	outR, outW := io.Pipe()
	var errOut bytes.Buffer
	exit := make(chan int, 1)
	go func() {
		exit <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--token", secret}, func(string) string { return "" }, outW, &errOut)
		outW.Close()
	}()
	lines := bufio.NewScanner(outR)
	if !lines.Scan() {
		t.Fatalf("no output; stderr %s", errOut.String())
	}
	base, ok := strings.CutPrefix(lines.Text(), "serving the fake Healvi chat API at ")
	if !ok {
		t.Fatalf("first line %q does not give the URL", lines.Text())
	}
	go func() { _, _ = io.Copy(io.Discard, outR) }()

	c, err := api.New(base, secret)
	if err != nil {
		t.Fatal(err)
	}
	conv, err := c.Conversation(context.Background(), 123)
	if err != nil || conv.ID != 123 {
		t.Fatalf("fetching from healvi serve: %v, %v", conv, err)
	}
	cancel()
	select {
	case code := <-exit:
		if code != 0 {
			t.Errorf("exit %d", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop when interrupted")
	}
	if log := errOut.String(); !strings.Contains(log, "path=/third-party/v1/conversations/123 status=200") || strings.Contains(log, secret) {
		t.Errorf("stderr log %q: want the request, without the token", log)
	}
}
