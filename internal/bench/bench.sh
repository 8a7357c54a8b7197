#!/usr/bin/env bash
# make bench: runs the contenders (floor, generated, client, ogen) in turns,
# ROUNDS times over, so that a noisy machine slows all of them alike, and
# prints benchstat's table with each contender's ratio to the floor.
#   ROUNDS=6 BENCHTIME=0.5s OUT=file internal/bench/bench.sh
set -euo pipefail
cd "$(dirname "$0")"
rounds=${ROUNDS:-6}
benchtime=${BENCHTIME:-0.5s}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=${OUT:-$tmp/bench.txt}
: >"$out"

go test -c -o "$tmp/bench.test" .
for round in $(seq "$rounds"); do
	echo "round $round of $rounds" >&2
	for c in floor generated client ogen; do
		"$tmp/bench.test" -test.run '^$' -test.bench "^Benchmark(Fetch|FetchParallel|Decode)/contender=$c\$" \
			-test.benchmem -test.benchtime="$benchtime" >>"$out"
		# 10,000 requests an iteration: one is enough.
		"$tmp/bench.test" -test.run '^$' -test.bench "^BenchmarkNewConnections/contender=$c\$" \
			-test.benchtime=1x >>"$out"
	done
done
go tool benchstat -col /contender "$out"
