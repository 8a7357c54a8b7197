#!/usr/bin/env bash
# The breaking-change gate (make breaking): compares openapi.yaml with its
# version at BASE (default: the newest v* tag, or HEAD when there is none)
# and exits 1, printing what broke, when a client built from the base would
# break against the new one. Warnings fail too: a removed response field is
# one. A compatible change (a new optional field, a description) passes.
#
# Usage: internal/tools/breaking.sh                  openapi.yaml against BASE
#        internal/tools/breaking.sh OLD.yaml NEW.yaml  two files
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
oasdiff() { (cd "$root" && go tool -modfile=internal/tools/go.mod oasdiff "$@"); }
# --flatten-allof compares what allOf members describe together, not one
# member at a time.
flags=(--fail-on WARN --flatten-allof --format text --color never)

if [ $# -eq 2 ]; then
	oasdiff breaking "$(realpath "$1")" "$(realpath "$2")" "${flags[@]}"
	exit
fi
[ $# -eq 0 ] || { echo "usage: $0 [OLD.yaml NEW.yaml]" >&2; exit 2; }

base=${BASE:-$(git -C "$root" tag --list 'v*' --sort=-v:refname | head -n 1)}
base=${base:-HEAD}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git -C "$root" show "$base:openapi.yaml" >"$tmp/base.yaml"
echo "breaking: openapi.yaml in the working tree against $base"
oasdiff breaking "$tmp/base.yaml" "$root/openapi.yaml" "${flags[@]}"
