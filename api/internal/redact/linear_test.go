package redact

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"
)

// hostileSecrets hold the bytes that start escapes, some of them many
// times, so that many partial echoes are under way at once.
var hostileSecrets = []string{
	token,
	`a\b%c&d"e`,
	strings.Repeat(`\`, 16) + "x",
	"%%%%%%%%x",
	"&&&&&&x",
	`\%&"/\%&"/x`,
	"&;<`_&;<`_x",
}

// hostileRuns are repeated to make texts where escapes start at every
// byte and lead nowhere, or almost somewhere.
func hostileRuns(secret string) []string {
	return []string{
		`\`, `%`, `&`, secret[:1], `\%&`, `%25`, `%2`, `\\u`, `\u00`, `&#`, `&#x`, `&#0`, `\"`, `\/`,
		`&amp;`, `&amp;#`, `&amp;#x0`, `&amp`, `&#4`, `&#47`, `&sol`, `&Diacritical`, `&DiacriticalGrav`, `&amp;DiacriticalGrave`,
		`%5C`, `%255C`, `%5C%25`, `\u0025`, `\u00255C`, `\\u002525`,
		secret[:len(secret)-1], // an echo all but its last byte, again and again
	}
}

func TestRedactionStepsAreLinear(t *testing.T) {
	// A quadratic matcher exceeds the bound by orders of magnitude even on
	// 64 KiB; the three runs of the report are tried on 1 MiB.
	check := func(secret string, text []byte) {
		t.Helper()
		_, steps := replaceCounting(text, secret, math.MaxInt)
		if limit := linearBound * len(text) * len(secret); steps > limit {
			t.Errorf("secret %q, %d bytes of %q...: %d steps, over %d", secret, len(text), text[:min(8, len(text))], steps, limit)
		}
	}
	for _, run := range []string{`\`, `%`, `&`} {
		check(token, bytes.Repeat([]byte(run), 1<<20))
	}
	for _, secret := range hostileSecrets {
		for _, run := range hostileRuns(secret) {
			check(secret, bytes.Repeat([]byte(run), (64<<10)/len(run)))
		}
	}
}

// linearBound is the constant c in steps <= c * len(text) * len(secret).
// At most len(secret)+1 states are pending at an offset, and a state costs
// a step and the bytes its units look at, a dozen at most. The worst seen
// is 5, on the secret of 16 backslashes in a run of them, where every
// state is live; a token stays under 1. A matcher that follows a run to
// its end exceeds the bound a thousandfold on 64 KiB.
const linearBound = 8

// Prefix looks at the start of a body only, however long the body.
func TestPrefixReadsOnlyWhatItKeeps(t *testing.T) {
	const keep = 4 << 10
	for _, run := range []string{"x", `\`, `%`, `&`, token[:5], token} {
		body := bytes.Repeat([]byte(run), (16<<20)/len(run))
		got, steps := replaceCounting(body, token, keep)
		// What keep bytes of output come from, plus the longest echo.
		if limit := linearBound * (keep*maxUnit + len(token)*maxUnit) * len(token); steps > limit {
			t.Errorf("16 MiB of %q: %d steps to keep %d bytes, over %d", run, steps, keep, limit)
		}
		if want := Bytes(body[:2*keep*len(run)], token)[:keep]; !bytes.Equal(got, want) {
			t.Errorf("16 MiB of %q: Prefix differs from Bytes cut", run)
		}
	}
}

// BenchmarkRedactRun redacts runs of one byte: the time per byte should
// not grow with the length of the run.
func BenchmarkRedactRun(b *testing.B) {
	for _, run := range []struct {
		name string
		c    byte
	}{{"backslash", '\\'}, {"percent", '%'}, {"amp", '&'}, {"a", 'a'}} {
		for _, size := range []int{1 << 10, 16 << 10, 256 << 10, 1 << 20} {
			text := bytes.Repeat([]byte{run.c}, size)
			b.Run(fmt.Sprintf("run=%s/size=%dKiB", run.name, size>>10), func(b *testing.B) {
				b.SetBytes(int64(size))
				for b.Loop() {
					Bytes(text, token)
				}
			})
		}
	}
}
