package redact

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// token holds the characters encoders treat differently: / (JSON's \/,
// URLs' %2F), + (%2B, a space in forms), = (%3D) and an HTML-special &.
const token = "abc/DEF+ghi=="

func TestStringRemovesEveryEchoForm(t *testing.T) {
	for _, echo := range []string{
		token,
		`abc\/DEF+ghi==`,                    // JSON, as PHP writes it
		`abc\u002fDEF\u002bghi\u003d\u003d`, // JSON, lower-case hex
		`abc\u002FDEF\u002Bghi\u003D=`,      // upper-case hex, partly escaped
		`abc%2FDEF%2Bghi%3D%3D`,             // a URL
		`abc%2fDEF%2bghi%3d%3d`,             // a URL, lower-case hex
		`abc%2FDEF+ghi==`,                   // percent-encoded in part
		`abc&#47;DEF&#43;ghi&#61;&#61;`,     // HTML, decimal
		`abc&#x2F;DEF&#X2b;ghi&#x003D;==`,   // HTML, hex, padded
		`\u0061bc/DEF+ghi==`,                // even a plain letter escaped
	} {
		for _, text := range []string{echo, "token " + echo + " rejected", `{"message":"` + echo + `"}`, echo + echo} {
			got := String(text, token)
			if strings.Contains(got, "DEF") || !strings.Contains(got, Mask) {
				t.Errorf("String(%q) = %q", text, got)
			}
			if b := Bytes([]byte(text), token); string(b) != got {
				t.Errorf("Bytes(%q) = %q, String gave %q", text, b, got)
			}
		}
	}
}

func TestStringKeepsWhatIsNotTheSecret(t *testing.T) {
	for _, text := range []string{
		"",
		"no secret here",
		"abc/DEF+ghi=",           // one byte short
		"abc/DEF ghi==",          // a space for the +
		`abc\/DEF\+ghi==`,        // \+ is no JSON escape
		`abc%2GDEF+ghi==`,        // not hex
		`abc&#47DEF+ghi==`,       // no semicolon
		`abc\u002DEF+ghi==`,      // \u002D is '-', the escape eats a D
		"ABC/DEF+GHI==",          // case matters for the secret itself
		strings.Repeat("\\", 50), // escapes that lead nowhere
	} {
		if got := String(text, token); got != text {
			t.Errorf("String(%q) = %q, want it unchanged", text, got)
		}
	}
	if got := String(token, ""); got != token {
		t.Errorf("an empty secret redacted %q to %q", token, got)
	}
}

// A secret holding the escape characters themselves: each may be sent raw
// or escaped, and the two forms start with the same byte.
func TestSecretHoldingEscapeCharacters(t *testing.T) {
	secret := `a\b%c&d"e`
	for _, echo := range []string{
		secret,
		`a\\b%c&d\"e`,
		`a\u005cb%25c&#38;d"e`,
		`a%5Cb%25c%26d%22e`,
	} {
		if got := String("x"+echo+"y", secret); got != "x"+Mask+"y" {
			t.Errorf("String(%q) = %q", echo, got)
		}
	}
}

// FuzzEveryEncodingMixIsRedacted encodes each byte of a secret in a form
// picked by the fuzzer (quoted once or twice more when deep is set), and
// checks that the whole echo is masked. It then pads echoes with a run of
// runLen bytes of escape starts (picked by run): before, between and after
// them, and inside one echo, between two of its units, which breaks it.
// The intact echoes must still be masked, and Prefix agree with Bytes.
func FuzzEveryEncodingMixIsRedacted(f *testing.F) {
	f.Add(token, uint64(0), "before ", " after", byte(0), uint16(0), false)
	f.Add(`a\b%c&d"e/`, uint64(12345), `{"m":"`, `"}`, byte(0), uint16(0), false)
	f.Add(token, uint64(7), "", "", byte(0), uint16(5000), true)
	f.Add(`a\b%c&d"e/`, uint64(99), `"`, `"`, byte(5), uint16(777), true)
	f.Fuzz(func(t *testing.T, secret string, seed uint64, before, after string, run byte, runLen uint16, deep bool) {
		if secret == "" || len(secret) > 64 || !printableASCII(secret) {
			return
		}
		r := rand.New(rand.NewPCG(seed, 1))
		units := make([]string, len(secret))
		for i := range len(secret) {
			forms := encodings(secret[i], deep)
			units[i] = forms[r.IntN(len(forms))]
		}
		echo := strings.Join(units, "")
		checkEchoMasked(t, before+echo+after, secret, echo)

		pad := runOf(run, secret, int(runLen)%(8<<10))
		k := r.IntN(len(units) + 1)
		broken := strings.Join(units[:k], "") + pad + strings.Join(units[k:], "")
		text := before + pad + echo + pad + broken + pad + echo + pad + after
		checkEchoMasked(t, text, secret, echo)
		keep := int(seed % uint64(len(text)+2))
		whole := Bytes([]byte(text), secret)
		if got := Prefix([]byte(text), secret, keep); string(got) != string(whole[:min(keep, len(whole))]) {
			t.Fatalf("Prefix(%q, %q, %d) = %q, Bytes gave %q", text, secret, keep, got, whole)
		}
	})
}

// encodings returns the forms of c that an echo may hold; deep adds a
// layer or two of quoting more (Go's %q around JSON, a URL encoded twice).
func encodings(c byte, deep bool) []string {
	forms := []string{string(c), fmt.Sprintf(`\u%04x`, c), fmt.Sprintf(`\u%04X`, c), fmt.Sprintf("%%%02x", c), fmt.Sprintf("%%%02X", c), fmt.Sprintf("&#%d;", c), fmt.Sprintf("&#x%x;", c)}
	if c == '/' || c == '"' || c == '\\' {
		forms = append(forms, `\`+string(c))
	}
	if !deep {
		return forms
	}
	forms = append(forms, fmt.Sprintf(`\\u%04x`, c), fmt.Sprintf(`\\\\u%04X`, c), fmt.Sprintf("%%25%02X", c), fmt.Sprintf("%%2525%02x", c), fmt.Sprintf("&#x%08X;", c))
	switch c {
	case '/', '"':
		forms = append(forms, `\\`+string(c), `\\\`+string(c), `\\\\`+string(c))
	case '\\':
		forms = append(forms, `\\\\`)
	}
	return forms
}

// runOf returns n bytes of a run picked by run: one escape start again
// and again, the secret's first byte, or a mix.
func runOf(run byte, secret string, n int) string {
	runs := []string{`\`, `%`, `&`, secret[:1], `%25`, `\\u`, `&#`, `\%&`, `\u00`, `&#x0`}
	p := runs[int(run)%len(runs)]
	return strings.Repeat(p, n/len(p))
}

// checkEchoMasked fails unless String masks echo, an echo of secret, in
// text, leaving neither it nor the secret as is.
func checkEchoMasked(t *testing.T, text, secret, echo string) {
	t.Helper()
	got := String(text, secret)
	// The mask's own letters could spell a short secret: look past it.
	if rest := strings.ReplaceAll(got, Mask, "\x00"); !strings.Contains(got, Mask) || strings.Contains(rest, echo) || strings.Contains(rest, secret) {
		t.Fatalf("secret %q echoed as %q: String(%q) gave %q", secret, echo, text, got)
	}
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// Text quoted again (Go's %q of a JSON echo, a URL encoded twice) adds a
// layer of escapes; the echo is still found.
func TestEchoQuotedAgain(t *testing.T) {
	for _, echo := range []string{
		`abc\\/DEF+ghi==`,
		`abc\\u002fDEF\\\\u002bghi==`,
		`abc%252FDEF%25252Bghi==`,
	} {
		if got := String(echo, token); got != Mask {
			t.Errorf("String(%q) = %q", echo, got)
		}
	}
}

// An echo across the cut of Prefix is masked whole before the cut: the
// result ends in the mask, or after it, never in part of the secret.
func TestPrefixMasksAnEchoAcrossTheCut(t *testing.T) {
	for _, echo := range []string{
		token,
		`abc\/DEF+ghi==`,
		`abc\u002fDEF\u002bghi\u003d\u003d`,
		`abc%2FDEF%2Bghi%3D%3D`,
		`abc&#x2F;DEF&#X2b;ghi&#x003D;==`,
		`abc\\u002fDEF\\\\u002bghi==`,
		`abc%252FDEF%25252Bghi==`,
	} {
		const before = "error: token "
		// Padded, so that the redacted body outlasts every cut.
		body := []byte(before + echo + " rejected, " + echo + strings.Repeat(".", 64))
		whole := Bytes(body, token)
		for keep := len(before); keep <= len(before)+len(echo)+1; keep++ {
			got := Prefix(body, token, keep)
			if string(got) != string(whole[:keep]) {
				t.Errorf("Prefix(%q, %d) = %q, want %q", body, keep, got, whole[:keep])
			}
			if tail := endsInPartOf(string(got), token, echo); tail != "" || len(got) != keep || strings.Contains(string(got), "DEF") {
				t.Errorf("Prefix(%q, %d) = %q: ends in %q of the secret", body, keep, got, tail)
			}
		}
	}
}

// endsInPartOf returns the longest end of s, 4 bytes or more, that starts
// the secret or its echo, or "".
func endsInPartOf(s, secret, echo string) string {
	for n := min(len(s), max(len(secret), len(echo))); n >= 4; n-- {
		if tail := s[len(s)-n:]; strings.HasPrefix(secret, tail) || strings.HasPrefix(echo, tail) {
			return tail
		}
	}
	return ""
}

func TestPrefixBounds(t *testing.T) {
	body := []byte("a " + token + " b")
	for _, tc := range []struct {
		secret string
		keep   int
		want   string
	}{
		{token, -1, ""},
		{token, 0, ""},
		{token, 3, "a " + Mask[:1]},
		{token, 100, "a " + Mask + " b"}, // more than there is
		{"", 5, "a abc"},                 // an empty secret matches nothing
		{"zzz", 4, "a ab"},               // no echo: b's own bytes
	} {
		if got := Prefix(body, tc.secret, tc.keep); string(got) != tc.want {
			t.Errorf("Prefix(%q, %q, %d) = %q, want %q", body, tc.secret, tc.keep, got, tc.want)
		}
	}
	if got := Prefix(body, "zzz", 4); &got[0] != &body[0] {
		t.Error("Prefix copied a body it masks nothing in")
	}
}

// The units stop at their bounds: deeper layers are not followed, and no
// unit is longer than maxUnit, which the scanner's ring relies on.
func TestUnitBounds(t *testing.T) {
	s := newScanner("x")
	for _, tc := range []struct {
		text    string
		c       byte
		longest int
	}{
		{`&#x0000002F;`, '/', maxUnit},
		{`&#x00000002F;`, '/', 0}, // 9 digits
		{`\\\\u002f`, '/', 9},
		{`\\\\\u002f`, '/', 0}, // 5 backslashes: found one byte on
		{`\\\\/`, '/', 5},
		{`\\\\\\\\`, '\\', maxBackslashes},
		{`%25252F`, '/', 7},
		{`%2525252F`, '/', 0},
		{`%252525`, '%', 7},
	} {
		longest := 0
		for _, n := range s.unitsOf([]byte(tc.text), tc.c) {
			longest = max(longest, n)
		}
		if longest != tc.longest {
			t.Errorf("unitsOf(%q, %q): longest %d, want %d", tc.text, tc.c, longest, tc.longest)
		}
	}
}
