package main

import (
	"strings"
	"testing"
)

// Two rounds of two contenders: the ratio is taken within each round, so
// a round that ran twice as slow for both gives the same ratio.
func TestReportPairsResultsByRound(t *testing.T) {
	in := `goos: linux
BenchmarkFetch/contender=limit-2   100  50000 ns/op
BenchmarkFetch/contender=client-2  100  55000 ns/op
BenchmarkFetch/contender=limit-2   100  100000 ns/op
BenchmarkFetch/contender=client-2  100  120000 ns/op
BenchmarkDecode/contender=limit-2  100  5000 ns/op
BenchmarkDecode/contender=client-2 100  9000 ns/op
`
	rs, err := read(strings.NewReader(in), "test")
	if err != nil {
		t.Fatal(err)
	}
	got := report(rs)
	want := "Fetch            client/limit           1.150 [1.100, 1.200] n=2   target <= 1.10: missed (1 of 2 rounds within)\n"
	if !strings.Contains(got, want) {
		t.Errorf("report:\n%s\nwant a line\n%s", got, want)
	}
	if strings.Contains(got, "ogen") || strings.Contains(got, "Decode") {
		t.Errorf("report names a contender or benchmark that did not run:\n%s", got)
	}
}

func TestSplit(t *testing.T) {
	for _, c := range []struct{ in, bench, contender string }{
		{"Fetch/contender=client-2", "Fetch", "client"},
		{"Retained/keep=name/contender=withresponse-16", "Retained/keep=name", "withresponse"},
		{"Fetch/contender=limit", "Fetch", "limit"},
	} {
		b, ct, ok := split(c.in)
		if !ok || b != c.bench || ct != c.contender {
			t.Errorf("split(%q) = %q, %q, %v", c.in, b, ct, ok)
		}
	}
	if _, _, ok := split("Decode-2"); ok {
		t.Error("a name without a contender split")
	}
}
