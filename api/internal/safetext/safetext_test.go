package safetext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestEscape(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"Conversation not found.", "Conversation not found."},
		{`quotes " and \ stay`, `quotes " and \ stay`},
		{"Jöhn Döe – ✓ 日本", "Jöhn Döe – ✓ 日本"},
		{"\x1b]52;c;aGk=\x07", `\x1b]52;c;aGk=\a`},
		{"\x1b[2J\x1b[1A", `\x1b[2J\x1b[1A`},
		{"a\r\nb\tc", `a\r\nb\tc`},
		{"del\x7f", `del\x7f`},
		{"csi\u009b31m", `csi\u009b31m`},
		{"nel\u0085", `nel\u0085`},
		{"bidi\u202egnp.exe", `bidi\u202egnp.exe`},
		{"bad \xff\xfe utf8", `bad \xff\xfe utf8`},
		{"nul\x00", `nul\x00`},
	} {
		if got := Escape(tc.in); got != tc.want {
			t.Errorf("Escape(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzEscapeLeavesNothingRaw: whatever goes in, what comes out is valid
// UTF-8 of printable runes only.
func FuzzEscapeLeavesNothingRaw(f *testing.F) {
	f.Add("\x1b[2J\u009b\xff\r\n")
	f.Fuzz(func(t *testing.T, s string) {
		out := Escape(s)
		if !utf8.ValidString(out) {
			t.Fatalf("Escape(%q) = %q is not valid UTF-8", s, out)
		}
		for _, r := range out {
			if r < ' ' || r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == 0x202e {
				t.Fatalf("Escape(%q) = %q holds %U", s, out, r)
			}
		}
		if isPlain := !strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r >= 0x7f }); isPlain && out != s {
			t.Fatalf("Escape changed printable ASCII %q to %q", s, out)
		}
	})
}
