package healvi

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
)

// TestGeneratedCodeIsFresh fails when api/client.gen.go is not what the
// pinned generator makes of openapi.yaml and oapi-codegen.yaml today: run
// `go generate ./...` and commit the result.
func TestGeneratedCodeIsFresh(t *testing.T) {
	// The same settings, written elsewhere: the tool's -o flag does not
	// override a config file's output.
	cfg, err := os.ReadFile("oapi-codegen.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "client.gen.go")
	outputLine := regexp.MustCompile(`(?m)^output: .*$`)
	if !outputLine.Match(cfg) {
		t.Fatal("oapi-codegen.yaml has no top-level output: line")
	}
	tmpCfg := filepath.Join(dir, "oapi-codegen.yaml")
	if err := os.WriteFile(tmpCfg, outputLine.ReplaceAll(cfg, []byte("output: "+out)), 0o644); err != nil {
		t.Fatal(err)
	}
	checkFresh(t, "api/client.gen.go", out,
		exec.Command("go", "tool", "-modfile=internal/tools/go.mod", "oapi-codegen", "-config", tmpCfg, "openapi.yaml"))
}

// TestGeneratedDecodersAreFresh does the same for api/decode.gen.go, which
// internal/decodegen writes from the committed api/client.gen.go.
func TestGeneratedDecodersAreFresh(t *testing.T) {
	out := filepath.Join(t.TempDir(), "decode.gen.go")
	checkFresh(t, "api/decode.gen.go", out,
		exec.Command("go", "run", "./internal/decodegen", "-in", "api/client.gen.go", "-out", out))
}

// checkFresh runs generate, which writes out, and fails unless out is the
// committed file.
func checkFresh(t *testing.T, committed, out string, generate *exec.Cmd) {
	t.Helper()
	if msg, err := generate.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", generate, err, msg)
	}
	want, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(committed)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is stale: run `go generate ./...` and commit it (%d bytes committed, %d generated)", committed, len(got), len(want))
	}
}
