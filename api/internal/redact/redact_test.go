package redact

import (
	"fmt"
	"html"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// token holds the characters encoders treat differently: / (JSON's \/,
// URLs' %2F), + (%2B, a space in forms), = (%3D) and an HTML-special &.
const token = "abc/DEF+ghi=="

func TestStringRemovesEveryEchoForm(t *testing.T) {
	for _, echo := range []string{
		token,
		`abc\/DEF+ghi==`,                          // JSON, as PHP writes it
		`abc\u002fDEF\u002bghi\u003d\u003d`,       // JSON, lower-case hex
		`abc\u002FDEF\u002Bghi\u003D=`,            // upper-case hex, partly escaped
		`abc%2FDEF%2Bghi%3D%3D`,                   // a URL
		`abc%2fDEF%2bghi%3d%3d`,                   // a URL, lower-case hex
		`abc%2FDEF+ghi==`,                         // percent-encoded in part
		`abc&#47;DEF&#43;ghi&#61;&#61;`,           // HTML, decimal
		`abc&#x2F;DEF&#X2b;ghi&#x003D;==`,         // HTML, hex, padded
		`\u0061bc/DEF+ghi==`,                      // even a plain letter escaped
		`abc&#47DEF+ghi==`,                        // no semicolon: browsers read &#47 as /
		`abc&#47DEF&#43ghi&#61&#61`,               // none anywhere
		`abc&#x2F;DEF&#x2B;ghi&#x3D&#X3d;`,        // hex, one without
		`abc&#x2F&#x44;EF+ghi==`,                  // hex without, then a letter that is no hex digit
		`abc&sol;DEF&plus;ghi&equals;&equals;`,    // by name
		`abc&sol;DEF+ghi&equals;=`,                // by name, in part
		`abc&amp;#47;DEF&amp;plus;ghi&amp;#x3d;=`, // HTML escaped twice
		`abc&amp;sol;DEF+ghi==`,
		`abc&amp;#47DEF+ghi==`,                      // twice, and no semicolon
		`abc%5C%2FDEF+ghi==`,                        // JSON's \/, percent-encoded
		`abc%5c/DEF+ghi==`,                          // the / left as is
		`abc%5Cu002FDEF%5Cu002bghi==`,               // \u002F, its backslash percent-encoded
		`abc%255C%252FDEF+ghi==`,                    // and the URL encoded twice
		`abc\u00252FDEF\u00252Bghi\u00253D\u00253D`, // %2F, its % JSON-escaped
		`abc\\u00252FDEF+ghi==`,                     // and quoted again
		`abc\u0025252FDEF+ghi==`,                    // %252F, JSON-escaped
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
		`abc&#471DEF+ghi==`,      // no semicolon: &#471 is ǧ
		`abc&#x2FDEF+ghi==`,      // no semicolon: &#x2FDEF is one character
		`abc&Sol;DEF+ghi==`,      // names are case-sensitive
		`abc&solDEF+ghi==`,       // &sol needs its semicolon
		`abc&sol ;DEF+ghi==`,     // and right after the name
		`abc%5C%2BDEF+ghi==`,     // \+ is no JSON escape, encoded or not
		`abc\u0025GFDEF+ghi==`,   // %GF is no escape
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
		`a&bsol;b&percnt;c&amp;d&quot;e`,
		`a&#92b&#37c&#38d&#34e`,
		`a\b%c&ampd&quote`,              // legacy names, without their ;
		`a%5C%5Cb%25c&amp;amp;d%5C%22e`, // \\ and \" percent-encoded, &amp; escaped twice
		`a%5C\b\u0025c&#38d%5C"e`,
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
		closeOpen(units)
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
// layer or two of quoting more (Go's %q around JSON, a URL encoded twice,
// HTML escaped twice). An HTML reference without its ; (see open) must
// not be followed by a digit or a ;, which would change it.
func encodings(c byte, deep bool) []string {
	forms := []string{string(c), fmt.Sprintf(`\u%04x`, c), fmt.Sprintf(`\u%04X`, c), fmt.Sprintf("%%%02x", c), fmt.Sprintf("%%%02X", c), fmt.Sprintf("&#%d;", c), fmt.Sprintf("&#x%x;", c),
		fmt.Sprintf("&#%d", c), fmt.Sprintf("&#X%X", c), fmt.Sprintf("%%5Cu%04X", c), fmt.Sprintf(`\u0025%02X`, c)}
	for _, name := range htmlNames(c) {
		forms = append(forms, "&"+name+";")
	}
	for _, name := range legacyRefs {
		if namedRefs[name] == c {
			forms = append(forms, "&"+name)
		}
	}
	if c == '/' || c == '"' || c == '\\' {
		forms = append(forms, `\`+string(c), `%5C`+string(c), fmt.Sprintf("%%5c%%%02X", c))
	}
	if !deep {
		return forms
	}
	forms = append(forms, fmt.Sprintf(`\\u%04x`, c), fmt.Sprintf(`\\\\u%04X`, c), fmt.Sprintf("%%25%02X", c), fmt.Sprintf("%%2525%02x", c), fmt.Sprintf("&#x%08X;", c),
		fmt.Sprintf("&amp;#%d;", c), fmt.Sprintf("&amp;#x%x", c), fmt.Sprintf("%%255Cu%04x", c), fmt.Sprintf(`\\u00252525%02x`, c))
	for _, name := range htmlNames(c) {
		forms = append(forms, "&amp;"+name+";")
	}
	switch c {
	case '/', '"':
		forms = append(forms, `\\`+string(c), `\\\`+string(c), `\\\\`+string(c), fmt.Sprintf("%%255C%%2525%02X", c))
	case '\\':
		forms = append(forms, `\\\\`, `%255C%255C`)
	}
	return forms
}

// htmlNames returns the names HTML has for c, without & and ;.
func htmlNames(c byte) []string {
	var names []string
	for name, x := range namedRefs {
		if x == c {
			names = append(names, name)
		}
	}
	slices.Sort(names) // the fuzzer's pick must not depend on map order
	return names
}

// open says whether form is an HTML reference without its ;, which the
// byte after it may change: &#47 and a 1 is &#471, &amp and a ; is &amp;.
func open(form string) bool {
	return len(form) > 1 && strings.Contains(form, "&") && !strings.HasSuffix(form, ";")
}

// closeOpen ends with a ; each unit that open says the next would change,
// and the last, which the text after the echo may.
func closeOpen(units []string) {
	for i, u := range units {
		if open(u) && (i == len(units)-1 || strings.ContainsAny(units[i+1][:1], "0123456789abcdefABCDEF;")) {
			units[i] = u + ";"
		}
	}
}

// runOf returns n bytes of a run picked by run: one escape start again
// and again, the secret's first byte, or a mix.
func runOf(run byte, secret string, n int) string {
	runs := []string{`\`, `%`, `&`, secret[:1], `%25`, `\\u`, `&#`, `\%&`, `\u00`, `&#x0`, `&amp;`, `&amp;#`, `%5C`, `\u0025`, `&sol`, `&#4`}
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
		{`&#x0000002F;`, '/', len(`&#x0000002F;`)},
		{`&#x00000002F;`, '/', 0}, // 9 digits
		{`\\\\u002f`, '/', 9},
		{`\\\\\u002f`, '/', 0}, // 5 backslashes: found one byte on
		{`\\\\/`, '/', 5},
		{`\\\\\\\\`, '\\', maxBackslashes},
		{`%25252F`, '/', 7},
		{`%2525252F`, '/', 0},
		{`%252525`, '%', 7},
		{`&amp;DiacriticalGrave;`, '`', maxUnit},
		{`&amp;DiacriticalGravey;`, '`', 0},
		{`&amp;#x0000002F;`, '/', 16},
		{`&amp;#x0000002F`, '/', 15},
		{`&amp;#x00000002F`, '/', 0},
		{`&#47`, '/', 4},
		{`&#47;`, '/', 5},
		{`&#47a`, '/', 4},
		{`&#471`, '/', 0},
		{`&#x2F`, '/', 5},
		{`&#x2Fa`, '/', 0},
		{`&#00000047`, '/', 10},
		{`&#000000047`, '/', 0},
		{`&amp`, '&', 4},
		{`&amp;`, '&', 5},
		{`&ampx`, '&', 4},
		{`&amp;amp;`, '&', 9},
		{`&sol`, '/', 0},
		{`&Sol;`, '/', 0},
		{`&amp;amp;sol;`, '/', 0}, // three layers of HTML
		{`%25255C%25252F`, '/', 14},
		{`%25255Cu002F`, '/', 12},
		{`%5C%5C%2F`, '/', 0}, // \\/ percent-encoded: not followed
		{`\\\\u002525252F`, '/', 15},
		{`\u00252525252F`, '/', 0}, // a fourth layer
		{`\u00255C/`, '/', 0},      // JSON, then percent, then JSON again
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

// The forms of the review that found HTML and cross-layer echoes, for a
// token like the ones the client sends.
func TestReviewedEchoForms(t *testing.T) {
	const secret = "tok_S3cr3t/abcXYZ9"
	for _, echo := range []string{
		`tok_S3cr3t&#47abcXYZ9`,
		`tok&#95S3cr3t&#x2F;abcXYZ9`,
		`tok_S3cr3t&#x2F&#x61;bcXYZ9`,
		`tok&lowbar;S3cr3t&sol;abcXYZ9`,
		`tok&amp;#95;S3cr3t&amp;sol;abcXYZ9`,
		`tok_S3cr3t&amp;#x2f;abcXYZ9`,
		`tok_S3cr3t%5C%2FabcXYZ9`,
		`tok_S3cr3t%5c%2fabcXYZ9`,
		`tok_S3cr3t\u00252FabcXYZ9`,
		`tok_S3cr3t\u00252fabcXYZ9`,
		`tok%5F&#83;3cr3t\u00252F&#x61;bcXYZ&#57`, // mixed, and one that ends the text
	} {
		for _, text := range []string{echo, "401: " + echo + ".", `{"error":"bad token ` + echo + `"}`, echo + " " + echo} {
			if got := String(text, secret); strings.Contains(got, "3cr3t") || !strings.Contains(got, Mask) {
				t.Errorf("String(%q) = %q", text, got)
			}
		}
	}
	for _, text := range []string{
		`tok_S3cr3t&#x2FabcXYZ9`, // &#x2FABC is one character
		`tok_S3cr3t&#471abcXYZ9`, // &#471 is ǧ
		`tok_S3cr3t&Sol;abcXYZ9`,
		`tok_S3cr3t&#47`, // cut short
	} {
		if got := String(text, secret); got != text {
			t.Errorf("String(%q) = %q, want it unchanged", text, got)
		}
	}
}

// Every HTML form the fuzzer tries is one that HTML decodes to the byte,
// by Go's html package: numbers with and without ;, names, and names and
// numbers escaped twice. &hyphen;, &dash; and &tilde; are look-alikes, not
// the byte, and are left out.
func TestHTMLFormsDecode(t *testing.T) {
	for c := byte(' ' + 1); c <= '~'; c++ {
		for _, form := range encodings(c, true) {
			if !strings.HasPrefix(form, "&") || len(form) == 1 || strings.Contains(form, "hyphen") || strings.Contains(form, "dash") || strings.Contains(form, "tilde") {
				continue
			}
			text := form
			if open(form) {
				text += "x" // not a digit, nor a letter of a name
			}
			got := html.UnescapeString(text)
			if strings.HasPrefix(form, "&amp;") {
				got = html.UnescapeString(got)
			}
			if want := string(c) + text[len(form):]; got != want {
				t.Errorf("HTML decodes %q to %q, not %q", text, got, want)
			}
		}
	}
}
