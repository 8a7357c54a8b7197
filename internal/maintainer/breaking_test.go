package maintainer

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/healvi-chat/healvi-go/internal/scratch"
)

// TestBreakingGate runs the gate of `make breaking` (internal/tools/breaking.sh,
// oasdiff) on edited copies of openapi.yaml: each breaking edit must fail it
// and name what broke; each compatible edit must pass.
func TestBreakingGate(t *testing.T) {
	if testing.Short() {
		t.Skip("builds oasdiff")
	}
	atRoot(t)
	spec, err := os.ReadFile("openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	replyPossible := "        reply_possible:\n          type: boolean\n"
	// A property name openapi.yaml does not have, whatever it has today.
	probe := "gate_probe"
	for strings.Contains(string(spec), probe+":") {
		probe += "_x"
	}
	pathsStart, componentsStart := strings.Index(string(spec), "\npaths:\n"), strings.Index(string(spec), "\ncomponents:\n")
	cases := []struct {
		name     string
		edit     func(string) string
		breaking string // the oasdiff rule that must be reported, or "" for a compatible edit
	}{
		{"removed path", func(s string) string {
			return s[:pathsStart] + "\npaths: {}\n" + s[componentsStart:]
		}, "api-path-removed-without-deprecation"},
		{"removed response field", func(s string) string {
			s = strings.Replace(s, replyPossible, "", 1)
			return strings.Replace(s, "        - reply_possible\n", "", 1)
		}, "response-required-property-removed"},
		{"response field type changed", func(s string) string {
			return strings.Replace(s, replyPossible, "        reply_possible:\n          type: string\n", 1)
		}, "response-property-type-changed"},
		{"new optional field", func(s string) string {
			return strings.Replace(s, replyPossible, replyPossible+"        "+probe+":\n          type: string\n          nullable: true\n", 1)
		}, ""},
		{"new description", func(s string) string {
			return strings.Replace(s, "Returns one conversation", "Returns a single conversation", 1)
		}, ""},
	}
	dir := t.TempDir()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			edited := tc.edit(string(spec))
			if edited == string(spec) {
				t.Fatal("the edit changed nothing; has openapi.yaml moved on?")
			}
			revision := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".yaml")
			if err := os.WriteFile(revision, []byte(edited), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command("bash", "internal/tools/breaking.sh", "openapi.yaml", revision).CombinedOutput()
			var exit *exec.ExitError
			switch {
			case tc.breaking == "" && err != nil:
				t.Errorf("compatible edit failed the gate: %v\n%s", err, out)
			case tc.breaking != "" && !errors.As(err, &exit):
				t.Errorf("breaking edit passed the gate (err %v)\n%s", err, out)
			case tc.breaking != "" && !strings.Contains(string(out), tc.breaking):
				t.Errorf("gate output does not name %s:\n%s", tc.breaking, out)
			}
		})
	}
}

// The gate compares openapi.yaml with the newest released spec kept in the
// repository, so it fails on a break committed on main, in a clone without
// tags, and passes once a compatible edit is committed instead.
func TestGateSeesCommittedBreaks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds oasdiff")
	}
	atRoot(t)
	releases, _ := filepath.Glob("internal/release/v*.yaml")
	if len(releases) == 0 {
		t.Fatal("no released spec in internal/release")
	}
	dir := t.TempDir()
	if err := scratch.Copy(".", dir); err != nil {
		t.Fatal(err)
	}
	commit := func(message string) {
		t.Helper()
		for _, args := range [][]string{{"add", "-A"}, {"-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", message}} {
			if _, err := scratch.Run(dir, "git", args...); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := scratch.Run(dir, "git", "init", "-q"); err != nil {
		t.Fatal(err)
	}
	commit("as it is")
	spec, err := os.ReadFile(filepath.Join(dir, "openapi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	edit := func(s string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, "openapi.yaml"), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A break, committed: the last commit of main.
	edit(strings.Replace(string(spec), "        reply_possible:\n          type: boolean\n", "        reply_possible:\n          type: string\n", 1))
	commit("break reply_possible")
	if out, err := scratch.Run(dir, "bash", "internal/tools/breaking.sh"); err == nil || !strings.Contains(out+err.Error(), "response-property-type-changed") {
		t.Errorf("the gate passed a committed break:\n%s", out)
	}
	// A compatible edit in its place.
	edit(strings.Replace(string(spec), "Returns one conversation", "Returns a single conversation", 1))
	commit("reword a description")
	if out, err := scratch.Run(dir, "bash", "internal/tools/breaking.sh"); err != nil {
		t.Errorf("the gate failed a compatible commit: %v\n%s", err, out)
	}
}
