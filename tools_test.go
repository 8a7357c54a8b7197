package healvi

import (
	"os"
	"testing"
)

// needTools skips a test that runs a maintainer tool from internal/tools
// when that module is absent: a module zip, and so the module cache that
// `go test all` reads this module from, leaves out nested modules.
func needTools(t *testing.T) {
	t.Helper()
	if _, err := os.Stat("internal/tools/go.mod"); err != nil {
		t.Skip("internal/tools/go.mod is not here (a module zip leaves out nested modules); this test runs in a clone of the repository")
	}
}
