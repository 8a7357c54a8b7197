#!/usr/bin/env bash
# The breaking-change gate (make breaking): compares openapi.yaml with the
# spec of the newest release, internal/release/vX.Y.Z.yaml, and exits 1,
# printing what broke, when a client built from that release would break
# against the new one. Warnings fail too: a removed response field is one.
# A compatible change (a new optional field, a description) passes.
#
# The released spec is a file in the repository, not a tag, so that the
# gate sees a break committed on main in any clone: tags may not travel
# with one. Cutting a release adds its file (see CONTRIBUTING.md, "Releasing").
#
# Usage: internal/tools/breaking.sh                    openapi.yaml against the newest release
#        BASE=REV internal/tools/breaking.sh           openapi.yaml against its version at git REV
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

if [ -n "${BASE:-}" ]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	git -C "$root" show "$BASE:openapi.yaml" >"$tmp/base.yaml"
	base=$tmp/base.yaml
	echo "breaking: openapi.yaml against its version at $BASE"
else
	base=$(ls "$root"/internal/release/v*.yaml 2>/dev/null | sort -V | tail -n 1)
	if [ -z "$base" ]; then
		echo "breaking: no released spec in internal/release; a release adds one (CONTRIBUTING.md, Releasing)" >&2
		exit 2
	fi
	echo "breaking: openapi.yaml against the release $(basename "$base" .yaml) (${base#"$root"/})"
fi
oasdiff breaking "$base" "$root/openapi.yaml" "${flags[@]}"
