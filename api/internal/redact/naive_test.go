package redact

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// naiveBytes redacts the plain way, as the package did before its scanner:
// at each offset, left to right, the longest echo that starts there, found
// by following every encoding the scanner's unitsOf offers. It is slow on
// hostile text, and serves as the reference the scanner must agree with.
func naiveBytes(b []byte, secret string) []byte {
	s := newScanner(secret)
	var out []byte
	last := 0
	for i := 0; i < len(b); {
		n := naiveMatch(s, b[i:], secret)
		if n == 0 {
			i++
			continue
		}
		out = append(append(out, b[last:i]...), Mask...)
		i += n
		last = i
	}
	if out == nil {
		return b
	}
	return append(out, b[last:]...)
}

// naiveMatch returns the length of the longest echo at the start of b, or 0.
func naiveMatch(s *scanner, b []byte, secret string) int {
	at := map[int]bool{0: true}
	for k := 0; k < len(secret) && len(at) > 0; k++ {
		next := map[int]bool{}
		for j := range at {
			for _, n := range s.unitsOf(b[j:], secret[k]) {
				next[j+n] = true
			}
		}
		at = next
	}
	longest := 0
	for j := range at {
		longest = max(longest, j)
	}
	return longest
}

// The alphabets are small and made of escape bytes, so that random text
// is dense with echoes, partial echoes and overlaps.
const (
	textAlphabet   = `\\\%%&#xX;u0025cfF/"ab`
	secretAlphabet = `\%&/"ab`
)

// textPieces are the bits of the escapes that take more than a byte to
// tell apart: HTML names and the &amp; before them, the digits of a
// reference (ended or not), %5C and \u0025 across layers.
var textPieces = []string{
	`\`, `%`, `&`, `#`, `x`, `;`, `u`, `0`, `2`, `5`, `C`, `F`, `/`, `"`, `a`, `1`,
	`amp;`, `amp`, `&amp;`, `sol;`, `sol`, `quot`, `lt;`, `bsol;`, `47`, `2F`, `5C`, `25`, `38`,
	`\u0025`, `u002F`, `%5C`, `&#`, `&#x`, `&#4`, `&#47`, `&#x2F`, `&amp;#`,
}

// pieceSecretAlphabet adds to secretAlphabet bytes that HTML names and the
// unended references care about.
const pieceSecretAlphabet = secretAlphabet + `;<1`

func fromPieces(raw []byte) []byte {
	var out []byte
	for _, x := range raw {
		out = append(out, textPieces[int(x)%len(textPieces)]...)
	}
	return out
}

func fromAlphabet(raw []byte, alphabet string) []byte {
	out := make([]byte, len(raw))
	for i, x := range raw {
		out[i] = alphabet[int(x)%len(alphabet)]
	}
	return out
}

// checkAgainstNaive says where the scanner and the reference differ, and
// where Prefix differs from Bytes cut.
func checkAgainstNaive(t *testing.T, text []byte, secret string) {
	t.Helper()
	want := naiveBytes(text, secret)
	got := Bytes(text, secret)
	if !bytes.Equal(got, want) {
		t.Fatalf("secret %q, text %q: Bytes gave %q, the naive matcher %q", secret, text, got, want)
	}
	for keep := 0; keep <= len(want)+1; keep++ {
		if p := Prefix(text, secret, keep); !bytes.Equal(p, want[:min(keep, len(want))]) {
			t.Fatalf("secret %q, text %q: Prefix(%d) = %q, want %q", secret, text, keep, p, want[:min(keep, len(want))])
		}
	}
}

func TestScannerAgreesWithNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	raw := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		return b
	}
	for range 3000 {
		secret := string(fromAlphabet(raw(1+r.IntN(4)), secretAlphabet))
		checkAgainstNaive(t, fromAlphabet(raw(r.IntN(40)), textAlphabet), secret)
	}
}

func TestScannerAgreesWithNaiveOnPieces(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	raw := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		return b
	}
	for range 3000 {
		secret := string(fromAlphabet(raw(1+r.IntN(4)), pieceSecretAlphabet))
		checkAgainstNaive(t, fromPieces(raw(r.IntN(24))), secret)
	}
}

func FuzzScannerAgreesWithNaive(f *testing.F) {
	f.Add([]byte(`\\\\/a%252F&#x2f;`), []byte("a/"))
	f.Add([]byte("\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f"), []byte("a/;"))
	f.Fuzz(func(t *testing.T, text, secret []byte) {
		if len(secret) == 0 || len(secret) > 8 || len(text) > 200 {
			return
		}
		checkAgainstNaive(t, fromAlphabet(text, textAlphabet), string(fromAlphabet(secret, secretAlphabet)))
		checkAgainstNaive(t, fromPieces(text[:min(len(text), 60)]), string(fromAlphabet(secret, pieceSecretAlphabet)))
	})
}
