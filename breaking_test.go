package healvi

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBreakingGate runs the gate of `make breaking` (internal/tools/breaking.sh,
// oasdiff) on edited copies of openapi.yaml: each breaking edit must fail it
// and name what broke; each compatible edit must pass.
func TestBreakingGate(t *testing.T) {
	if testing.Short() {
		t.Skip("builds oasdiff")
	}
	needTools(t)
	spec, err := os.ReadFile("openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	replyPossible := "        reply_possible:\n          type: boolean\n"
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
			return strings.Replace(s, replyPossible, replyPossible+"        priority:\n          type: string\n          nullable: true\n", 1)
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
