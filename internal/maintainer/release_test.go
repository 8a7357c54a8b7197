package maintainer

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
)

// The newest release in CHANGELOG.md and the newest released spec in
// internal/release, the breaking-change gate's base, are the same version:
// cutting a release moves both (CONTRIBUTING.md, Releasing).
func TestChangelogAndReleasedSpecAgree(t *testing.T) {
	atRoot(t)
	changelog, err := os.ReadFile("CHANGELOG.md")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^## \[Unreleased\]$`).Match(changelog) {
		t.Error("CHANGELOG.md has no ## [Unreleased] section")
	}
	m := regexp.MustCompile(`(?m)^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$`).FindSubmatch(changelog)
	if m == nil {
		t.Fatal("CHANGELOG.md has no release section such as ## [0.1.0] - 2026-11-28")
	}
	files, _ := filepath.Glob("internal/release/v*.yaml")
	var versions [][3]int
	for _, f := range files {
		var v [3]int
		if _, err := fmt.Sscanf(filepath.Base(f), "v%d.%d.%d.yaml", &v[0], &v[1], &v[2]); err == nil {
			versions = append(versions, v)
		}
	}
	if len(versions) == 0 {
		t.Fatal("no released spec in internal/release")
	}
	newest := slices.MaxFunc(versions, func(a, b [3]int) int { return slices.Compare(a[:], b[:]) })
	if got := fmt.Sprintf("%d.%d.%d", newest[0], newest[1], newest[2]); got != string(m[1]) {
		t.Errorf("the newest release in CHANGELOG.md is %s, in internal/release v%s", m[1], got)
	}
}
