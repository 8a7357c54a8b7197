// Package maintainer holds only tests: the checks a maintainer runs on the
// repository as a whole, run from the repository's root with the tools
// pinned in internal/tools. `go test -C internal/maintainer ./...` runs
// them; make check and .ci/run do.
package maintainer
