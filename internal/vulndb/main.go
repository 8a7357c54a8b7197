// Command vulndb checks this repository's modules for known vulnerabilities
// with govulncheck, pinned in internal/tools (make vulncheck).
//
// It reads, by default, a database built here from the snapshot of the Go
// vulnerability database that this module's go.mod pins
// (golang.org/x/vulndb, indexed by its cmd/indexdb), so that the check runs
// offline and alike on every machine; -db default reads govulncheck's own
// live database instead, and -db URL another.
//
// It fails on any finding in a module that a go.mod can move, whether or
// not code calls it: a known vulnerability in the module graph is reason
// enough to upgrade, and raises every importer's minimum. A finding in the
// standard library depends on the Go that builds a program, not on these
// modules: it is reported with the Go release that fixes it, and fails the
// check only with -stdlib=fail (the GitHub workflow, which builds with the
// newest Go, sets it).
//
// Usage, from the repository root:
//
//	go run -C internal/vulndb . [-db default|URL] [-stdlib report|fail]
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// modules are the modules checked, below the repository root, with the
// package pattern that covers what each builds: tools modules hold only
// tool directives, which the pattern tool names.
var modules = []struct{ dir, pattern string }{
	{".", "./..."},
	{"internal/bench", "./..."},
	{"internal/tools", "tool"},
	{"internal/tools/actionlint", "tool"},
}

func main() {
	db := flag.String("db", os.Getenv("VULNDB"), `the database: "" for the pinned snapshot, "default" for govulncheck's live one, or a URL`)
	stdlib := flag.String("stdlib", "report", "report or fail on the standard library's findings")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("vulncheck: ")
	root, err := filepath.Abs("../..")
	if err != nil {
		log.Fatal(err)
	}
	if *db == "" {
		if *db, err = snapshot(); err != nil {
			log.Fatal(err)
		}
	}
	failed := false
	for _, m := range modules {
		findings, err := check(root, m.dir, m.pattern, *db)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s (%s): %s\n", m.dir, m.pattern, summary(findings))
		for _, f := range findings {
			fmt.Println("  " + f.String())
			if !f.stdlib() || *stdlib == "fail" && f.called() {
				failed = true
			}
		}
	}
	if failed {
		log.Fatal("known vulnerabilities found: move the modules named above to their fixed versions")
	}
}

// snapshot returns the file URL of a database built from the pinned
// vulndb, building it on first use into the user's cache.
func snapshot() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Version}} {{.Dir}}", "golang.org/x/vulndb").Output()
	if err != nil {
		return "", fmt.Errorf("finding the pinned vulndb: %w", err)
	}
	version, dir, _ := strings.Cut(strings.TrimSpace(string(out)), " ")
	if dir == "" {
		if err := exec.Command("go", "mod", "download", "golang.org/x/vulndb").Run(); err != nil {
			return "", fmt.Errorf("downloading the pinned vulndb: %w", err)
		}
		return snapshot()
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dbDir := filepath.Join(cache, "healvi-go", "vulndb-"+version)
	if _, err := os.Stat(filepath.Join(dbDir, "index", "db.json")); err != nil {
		fmt.Printf("indexing the vulndb snapshot %s into %s\n", version, dbDir)
		tmp := dbDir + ".tmp"
		os.RemoveAll(tmp)
		cmd := exec.Command("go", "tool", "indexdb", "-out", tmp, "-vulns", filepath.Join(dir, "data", "osv"))
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			return "", fmt.Errorf("indexdb: %w", err)
		}
		if err := os.Rename(tmp, dbDir); err != nil {
			return "", err
		}
	}
	fmt.Printf("database: the vulndb snapshot %s\n", version)
	return "file://" + filepath.ToSlash(dbDir), nil
}

// finding is one vulnerability govulncheck reports, at its deepest level.
type finding struct {
	id, module, found, fixed string
	level                    string // "called", "imported" or "required"
}

func (f finding) stdlib() bool { return f.module == "stdlib" || f.module == "toolchain" }
func (f finding) called() bool { return f.level == "called" }

func (f finding) String() string {
	fixed := "no fix yet"
	if f.fixed != "" {
		fixed = "fixed in " + f.fixed
	}
	return fmt.Sprintf("%s  %s@%s  %s, %s", f.id, f.module, f.found, f.level, fixed)
}

func summary(fs []finding) string {
	std := 0
	for _, f := range fs {
		if f.stdlib() {
			std++
		}
	}
	return fmt.Sprintf("%d known vulnerabilities in modules, %d in the standard library", len(fs)-std, std)
}

// check runs govulncheck on pattern in the module at dir, against db.
func check(root, dir, pattern, db string) ([]finding, error) {
	args := []string{"tool", "-modfile=" + filepath.Join(root, "internal/tools/go.mod"), "govulncheck", "-format", "json"}
	if db != "default" {
		args = append(args, "-db", db)
	}
	cmd := exec.Command("go", append(args, pattern)...)
	cmd.Dir = filepath.Join(root, dir)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	findings, parseErr := parse(out)
	if err := cmd.Wait(); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 3 { // 3: vulnerabilities found
			return nil, fmt.Errorf("govulncheck in %s: %w", dir, err)
		}
	}
	return findings, parseErr
}

// parse reads govulncheck's JSON stream and keeps, for each vulnerability,
// the deepest level at which it was found.
func parse(r io.Reader) ([]finding, error) {
	type frame struct{ Module, Version, Package, Function string }
	var msg struct {
		Finding *struct {
			OSV          string  `json:"osv"`
			FixedVersion string  `json:"fixed_version"`
			Trace        []frame `json:"trace"`
		} `json:"finding"`
	}
	rank := map[string]int{"required": 0, "imported": 1, "called": 2}
	byID := map[string]finding{}
	dec := json.NewDecoder(r)
	for {
		msg.Finding = nil
		if err := dec.Decode(&msg); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("reading govulncheck's output: %w", err)
		}
		if msg.Finding == nil || len(msg.Finding.Trace) == 0 {
			continue
		}
		top := msg.Finding.Trace[0]
		f := finding{id: msg.Finding.OSV, module: top.Module, found: top.Version, fixed: msg.Finding.FixedVersion, level: "required"}
		switch {
		case top.Function != "":
			f.level = "called"
		case top.Package != "":
			f.level = "imported"
		}
		if old, ok := byID[f.id]; !ok || rank[f.level] > rank[old.level] {
			byID[f.id] = f
		}
	}
	out := make([]finding, 0, len(byID))
	for _, f := range byID {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out, nil
}
