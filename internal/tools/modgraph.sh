#!/usr/bin/env bash
# Counts the modules that a program importing only the api package sees in
# `go list -m all`, and fails when there are more than MAX (default 87).
# Maintainer tools must not reach that graph: they live in internal/tools.
# Usage: internal/tools/modgraph.sh [MAX]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
max=${1:-87}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

cat >"$dir/go.mod" <<MOD
module example.com/consumer

go 1.25.0

require github.com/healvi-chat/healvi-go v0.0.0

replace github.com/healvi-chat/healvi-go => $root
MOD
cat >"$dir/main.go" <<'GO'
package main

import "github.com/healvi-chat/healvi-go/api"

func main() { _, _ = api.New("https://example.invalid/third-party/v1", "token") }
GO
cd "$dir"
GOFLAGS=-mod=mod go mod tidy >/dev/null
n=$(go list -m all | wc -l)
echo "modgraph: a program importing only api sees $n modules in go list -m all (limit $max)"
if [ "$n" -gt "$max" ]; then
	echo "modgraph: too many modules; did a maintainer-only tool reach the root go.mod?" >&2
	exit 1
fi
