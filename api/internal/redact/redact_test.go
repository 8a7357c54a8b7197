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
// picked by the fuzzer, and checks that the whole echo is masked.
func FuzzEveryEncodingMixIsRedacted(f *testing.F) {
	f.Add(token, uint64(0), "before ", " after")
	f.Add(`a\b%c&d"e/`, uint64(12345), `{"m":"`, `"}`)
	f.Fuzz(func(t *testing.T, secret string, seed uint64, before, after string) {
		if secret == "" || len(secret) > 64 || !printableASCII(secret) {
			return
		}
		r := rand.New(rand.NewPCG(seed, 1))
		var echo strings.Builder
		for i := 0; i < len(secret); i++ {
			c := secret[i]
			forms := []string{string(c), fmt.Sprintf(`\u%04x`, c), fmt.Sprintf(`\u%04X`, c), fmt.Sprintf("%%%02x", c), fmt.Sprintf("%%%02X", c), fmt.Sprintf("&#%d;", c), fmt.Sprintf("&#x%x;", c)}
			if c == '/' || c == '"' || c == '\\' {
				forms = append(forms, `\`+string(c))
			}
			echo.WriteString(forms[r.IntN(len(forms))])
		}
		got := String(before+echo.String()+after, secret)
		// The mask's own letters could spell a short secret: look past it.
		if rest := strings.ReplaceAll(got, Mask, "\x00"); !strings.Contains(got, Mask) || strings.Contains(rest, echo.String()) || strings.Contains(rest, secret) {
			t.Fatalf("secret %q echoed as %q: String gave %q", secret, echo.String(), got)
		}
	})
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
