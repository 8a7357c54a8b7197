#!/usr/bin/env bash
# Fails when git tracks a binary: a file with a NUL byte in its first 8 KiB,
# or one that starts like an executable (ELF, Mach-O, PE). A compiled test
# binary (*.test) or a profile slips in with `git add .` and bloats every
# clone for good; .gitignore keeps the usual ones out, and this catches the
# rest. Every file tracked today is text: the allowlist is empty. A file
# that must be binary goes into it, by its path, with a reason.
# Usage: internal/tools/nobinaries.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

allow=(
)

allowed() {
	local a
	for a in ${allow[@]+"${allow[@]}"}; do
		[ "$a" = "$1" ] && return 0
	done
	return 1
}

bad=0
while IFS= read -r -d '' f; do
	# A symbolic link or a submodule is no file to read; a file deleted
	# from the work tree but still in the index is git's business.
	[ -f "$f" ] && [ ! -L "$f" ] || continue
	allowed "$f" && continue
	magic=$(head -c 4 "$f" | od -An -tx1 | tr -d ' \n')
	kind=""
	case "$magic" in
	7f454c46) kind="an ELF executable" ;;
	feedface | feedfacf | cefaedfe | cffaedfe | cafebabe) kind="a Mach-O executable" ;;
	4d5a*) kind="a PE executable" ;;
	esac
	if [ -z "$kind" ] && [ "$(head -c 8192 "$f" | tr -dc '\000' | wc -c)" -gt 0 ]; then
		kind="binary (a NUL byte in its first 8 KiB)"
	fi
	if [ -n "$kind" ]; then
		echo "nobinaries: $f is $kind; git rm --cached it, or add it to the allowlist in $0 with a reason" >&2
		bad=1
	fi
done < <(git ls-files -z)
exit "$bad"
