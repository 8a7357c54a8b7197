#!/usr/bin/env bash
# make bench: runs the contenders (floor, limit, generated, client,
# withresponse, ogen) in turns, ROUNDS times over, and prints benchstat's
# table with each contender's ratio to the floor, then the client's
# targets as ratios paired round by round (ratios/). Each round runs one
# benchmark at a time for the six contenders back to back, each in a
# process of its own, so that the same benchmark of two contenders runs
# seconds apart and a noisy machine slows them alike.
#   ROUNDS=6 BENCHTIME=0.5s LATENCYTIME=1s BENCH=regexp OUT=file internal/bench/bench.sh
# BENCH picks benchmarks by name (default: all of them).
set -euo pipefail
cd "$(dirname "$0")"
rounds=${ROUNDS:-6}
benchtime=${BENCHTIME:-0.5s}
latencytime=${LATENCYTIME:-1s}
pick=${BENCH:-.}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=${OUT:-$tmp/bench.txt}
: >"$out"

go test -c -o "$tmp/bench.test" .
# Each benchmark (a regexp with @ for the contender) and its benchtime:
# 10,000 requests, or 2,000 kept values, an iteration: one is enough.
benchmarks=(
	"^BenchmarkFetch/contender=@\$ $benchtime"
	"^BenchmarkFetchParallel/contender=@\$ $benchtime"
	"^BenchmarkDecode/contender=@\$ $benchtime"
	"^BenchmarkDecodeDistinct/contender=@\$ $benchtime"
	"^BenchmarkNewConnections/contender=@\$ 1x"
	"^BenchmarkRetained/keep=[a-z]+/contender=@\$ 1x"
	"^BenchmarkLatency/goroutines=[0-9]+/contender=@\$ $latencytime"
)
for round in $(seq "$rounds"); do
	echo "round $round of $rounds" >&2
	for b in "${benchmarks[@]}"; do
		regexp=${b% *} time=${b##* }
		[[ "$regexp" =~ $pick ]] || continue
		for c in floor limit generated client withresponse ogen; do
			"$tmp/bench.test" -test.run '^$' -test.bench "${regexp//@/$c}" -test.benchtime="$time" -test.benchmem >>"$out"
		done
	done
done
go tool benchstat -col /contender "$out"
echo
go run ./ratios "$out"
