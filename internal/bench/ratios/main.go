// Command ratios reads what bench.sh measured and prints, for each speed
// target of the client, the ratio of two contenders round by round: the
// k-th result of one against the k-th of the other, which ran seconds
// apart. A machine that slows down between rounds slows both sides of a
// pair alike, so the median of the paired ratios is steadier than the
// ratio of two medians that benchstat's table gives.
//
//	go run ./ratios FILE
package main

import (
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"golang.org/x/perf/benchfmt"
)

// A target says that contender num takes at most max times what den takes.
type target struct {
	num, den string
	max      float64
}

// targets are the client's per fetch (see internal/bench/README.md): they
// apply to the benchmarks whose name starts with Fetch.
var targets = []target{
	{"client", "limit", 1.10},
	{"withresponse", "ogen", 1.00},
	{"withresponse", "client", 1.05},
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: ratios FILE")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "ratios:", err)
		os.Exit(1)
	}
	defer f.Close()
	results, err := read(f, os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "ratios:", err)
		os.Exit(1)
	}
	fmt.Print(report(results))
}

// rounds holds each benchmark's sec/op by contender, in the order the
// rounds ran.
type rounds map[string]map[string][]float64

// read collects the sec/op of every benchmark with a contender.
func read(r io.Reader, name string) (rounds, error) {
	out := rounds{}
	br := benchfmt.NewReader(r, name)
	for br.Scan() {
		res, ok := br.Result().(*benchfmt.Result)
		if !ok {
			continue // a syntax error or unit metadata: benchstat reports those
		}
		bench, contender, ok := split(string(res.Name.Full()))
		if !ok {
			continue
		}
		v, ok := res.Value("sec/op")
		if !ok {
			continue
		}
		if out[bench] == nil {
			out[bench] = map[string][]float64{}
		}
		out[bench][contender] = append(out[bench][contender], v)
	}
	return out, br.Err()
}

// split parses a name like Fetch/contender=client-2 into Fetch and client.
func split(full string) (bench, contender string, ok bool) {
	bench, rest, ok := strings.Cut(full, "/contender=")
	if !ok {
		return "", "", false
	}
	if i := strings.LastIndexByte(rest, '-'); i >= 0 {
		rest = rest[:i] // GOMAXPROCS
	}
	return bench, rest, rest != ""
}

// report prints one line per benchmark and target whose two contenders
// both ran.
func report(rs rounds) string {
	var b strings.Builder
	b.WriteString("Paired ratios of sec/op, round by round: median [min, max] over the rounds\n")
	for _, bench := range slices.Sorted(maps.Keys(rs)) {
		if !strings.HasPrefix(bench, "Fetch") {
			continue
		}
		for _, t := range targets {
			num, den := rs[bench][t.num], rs[bench][t.den]
			n := min(len(num), len(den))
			if n == 0 {
				continue
			}
			ratios := make([]float64, n)
			within := 0
			for i := range n {
				ratios[i] = num[i] / den[i]
				if ratios[i] <= t.max {
					within++
				}
			}
			slices.Sort(ratios)
			med := median(ratios)
			verdict := "met"
			if med > t.max {
				verdict = "missed"
			}
			fmt.Fprintf(&b, "%-16s %-22s %.3f [%.3f, %.3f] n=%-3d target <= %.2f: %s (%d of %d rounds within)\n",
				bench, t.num+"/"+t.den, med, ratios[0], ratios[n-1], n, t.max, verdict, within, n)
		}
	}
	return b.String()
}

// median of sorted values.
func median(sorted []float64) float64 {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}
