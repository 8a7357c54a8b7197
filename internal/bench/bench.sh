#!/usr/bin/env bash
# make bench: runs the contenders (floor, generated, client, ogen) in turns,
# ROUNDS times over, so that a noisy machine slows all of them alike, and
# prints benchstat's table with each contender's ratio to the floor.
#   ROUNDS=6 BENCHTIME=0.5s LATENCYTIME=2s BENCH=regexp OUT=file internal/bench/bench.sh
# BENCH picks benchmarks by name (default: all of them).
set -euo pipefail
cd "$(dirname "$0")"
rounds=${ROUNDS:-6}
benchtime=${BENCHTIME:-0.5s}
latencytime=${LATENCYTIME:-2s}
pick=${BENCH:-.}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=${OUT:-$tmp/bench.txt}
: >"$out"

go test -c -o "$tmp/bench.test" .
run() { # NAME-REGEXP BENCHTIME [MEMSTATS]
	if [[ "$1" =~ $pick ]]; then
		"$tmp/bench.test" -test.run '^$' -test.bench "$1" -test.benchtime="$2" ${3:-} >>"$out"
	fi
}
for round in $(seq "$rounds"); do
	echo "round $round of $rounds" >&2
	for c in floor generated client ogen; do
		run "^Benchmark(Fetch|FetchParallel|Decode)/contender=$c\$" "$benchtime" -test.benchmem
		# 10,000 requests, or 2,000 kept values, an iteration: one is enough.
		run "^BenchmarkNewConnections/contender=$c\$" 1x
		run "^BenchmarkRetained/keep=[a-z]+/contender=$c\$" 1x
		run "^BenchmarkLatency/goroutines=[0-9]+/contender=$c\$" "$latencytime"
	done
done
go tool benchstat -col /contender "$out"
