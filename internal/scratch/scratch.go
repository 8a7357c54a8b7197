// Package scratch copies this repository into a scratch directory and
// compares the copy with the original, for the checks that run the
// generators somewhere they may write freely: the freshness test and the
// growth drill (internal/drill); and copies pieces of it for tests that
// build code of their own beside them (internal/apigen).
package scratch

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// Files lists the repository's files as git sees the working tree at root:
// the tracked ones that still exist, and the untracked ones it does not
// ignore.
func Files(root string) ([]string, error) {
	out, err := exec.Command("git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		return nil, fmt.Errorf("git ls-files in %s: %w", root, err)
	}
	var files []string
	for _, f := range strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00") {
		if _, err := os.Lstat(filepath.Join(root, f)); err == nil && f != "" {
			files = append(files, f)
		}
	}
	sort.Strings(files)
	return files, nil
}

// Copy copies the repository's files (Files) from root into dst.
func Copy(root, dst string) error {
	files, err := Files(root)
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := copyFile(root, dst, f); err != nil {
			return err
		}
	}
	return nil
}

// copyFile copies root/f to dst/f with its permissions, making the
// directories it needs.
func copyFile(root, dst, f string) error {
	b, err := os.ReadFile(filepath.Join(root, f))
	if err != nil {
		return err
	}
	info, err := os.Stat(filepath.Join(root, f))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(filepath.Join(dst, f)), 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dst, f), b, info.Mode().Perm())
}

// CopyPaths copies the files and directory trees at paths, relative to
// root, into dst, as they are on disk: for a test that needs a few pieces
// of the module, and so works where git does not, as in a module zip.
func CopyPaths(root, dst string, paths ...string) error {
	for _, p := range paths {
		err := filepath.WalkDir(filepath.Join(root, p), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, err := filepath.Rel(root, path)
			if err != nil {
				return err
			}
			return copyFile(root, dst, rel)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// Changes lists what differs in dir from root, for the files root has
// (Files) and any dir has beside them: "changed path", "added path" or
// "removed path", sorted.
func Changes(root, dir string) ([]string, error) {
	files, err := Files(root)
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	var out []string
	for _, f := range files {
		known[f] = true
		want, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			return nil, err
		}
		got, err := os.ReadFile(filepath.Join(dir, f))
		switch {
		case err != nil:
			out = append(out, "removed "+f)
		case !bytes.Equal(got, want):
			out = append(out, "changed "+f)
		}
	}
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if !known[filepath.ToSlash(rel)] {
			out = append(out, "added "+filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// Run runs a command in dir and returns its combined output, with the
// command and the output in the error when it fails.
func Run(dir, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("%s %s in %s: %w\n%s", name, strings.Join(args, " "), dir, err, out)
	}
	return string(out), nil
}
