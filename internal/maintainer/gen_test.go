package maintainer

import (
	"strings"
	"testing"

	"github.com/healvi-chat/healvi-go/internal/scratch"
)

// TestGenerateIsFresh runs `go generate ./...` in a copy of the repository
// and fails unless it leaves every file as it is here: no generator's
// output is stale (oapi-codegen's, internal/apigen's, the fixture's, the
// benchmark's ogen client), and none writes a file that is not committed.
func TestGenerateIsFresh(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every generator")
	}
	atRoot(t)
	dir := t.TempDir()
	if err := scratch.Copy(".", dir); err != nil {
		t.Fatal(err)
	}
	if _, err := scratch.Run(dir, "go", "generate", "./..."); err != nil {
		t.Fatal(err)
	}
	changes, err := scratch.Changes(".", dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) > 0 {
		t.Errorf("go generate ./... changes what is committed; run it and commit the result:\n%s", strings.Join(changes, "\n"))
	}
}
