package healvi

import (
	"os"
	"strings"
	"testing"
)

// readFile returns the text of a file of the repository, failing the test
// when it cannot be read.
func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// between returns the lines of s after the first line that is start, up to
// the next line that is end, or fails the test.
func between(t *testing.T, name, s, start, end string) []string {
	t.Helper()
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != start {
			continue
		}
		for j := i + 1; j < len(lines); j++ {
			if lines[j] == end {
				return lines[i+1 : j]
			}
		}
		t.Fatalf("%s: no line %q after %q", name, end, start)
	}
	t.Fatalf("%s: no line %q", name, start)
	return nil
}

// dedent removes prefix from every line that has it.
func dedent(lines []string, prefix string) string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = strings.TrimPrefix(l, prefix)
	}
	return strings.Join(out, "\n")
}

// The quick start of README.md is a whole program, and the package's
// Example holds the body of its main function between two marker comments:
// the Example compiles and runs in the tests, so the quick start cannot rot.
func TestReadmeQuickStartIsExample(t *testing.T) {
	readme := readFile(t, "README.md")
	i := strings.Index(readme, "\n## Quick start\n")
	if i < 0 {
		t.Fatal("README.md: no Quick start section")
	}
	main := between(t, "README.md", readme[i:], "func main() {", "}")
	example := between(t, "api/example_test.go", readFile(t, "api/example_test.go"), "\t// quick start", "\t// end of quick start")
	if got, want := dedent(main, "\t"), dedent(example, "\t"); got != want {
		t.Errorf("README.md's quick start is not api/example_test.go's Example:\nREADME.md:\n%s\nExample:\n%s", got, want)
	}
}

// README.md names exactly one test command, and .ci/run runs that command
// last.
func TestReadmeTestCommandIsCIs(t *testing.T) {
	lines := strings.Split(strings.TrimRight(readFile(t, ".ci/run"), "\n"), "\n")
	last := lines[len(lines)-1]
	readme := readFile(t, "README.md")
	if n := strings.Count(readme, "\n"+last+"\n"); n != 1 {
		t.Errorf("README.md holds .ci/run's last command %q on a line of its own %d times, want once", last, n)
	}
	if n := strings.Count(readme, "\ngo test "); n != 1 {
		t.Errorf("README.md has %d lines starting with `go test `, want one: the test command", n)
	}
}
