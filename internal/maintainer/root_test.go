package maintainer

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// rootModule is the line of the go.mod that marks the repository's
// root.
const rootModule = "module github.com/healvi-chat/healvi-go\n"

// atRoot makes the repository's root the test's working directory: the
// nearest directory above this one whose go.mod is the root module's.
func atRoot(t *testing.T) {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && bytes.Contains(b, []byte(rootModule)) {
			t.Chdir(dir)
			return
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no directory above this one holds the root module's go.mod")
		}
		dir = parent
	}
}
