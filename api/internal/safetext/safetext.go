// Package safetext makes text that a server or a client sent safe to print
// on a terminal or in a line-based log: it escapes every character that is
// not printable, the way %q does, so that no escape sequence, carriage
// return or newline from the other side ever reaches the reader raw.
package safetext

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Escape returns s with each rune that strconv.IsPrint rejects written as
// a Go escape: C0 controls including CR, LF and TAB (\r, \n, \t, \x1b),
// DEL (\x7f), C1 controls (\u009b), other invisible format characters
// such as bidirectional overrides (\u202e), and each byte of invalid UTF-8
// (\xff). Quotes and backslashes stay as they are: the text stays readable,
// and nothing in it can move the cursor or start a new line.
func Escape(s string) string {
	i := 0
	for i < len(s) && s[i] >= ' ' && s[i] < utf8.RuneSelf && s[i] != 0x7f {
		i++ // the common case: printable ASCII, returned as is
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x`)
			b.WriteByte("0123456789abcdef"[s[i]>>4])
			b.WriteByte("0123456789abcdef"[s[i]&0xf])
		case strconv.IsPrint(r):
			b.WriteString(s[i : i+size])
		default:
			q := strconv.QuoteRune(r) // such as '\x1b'
			b.WriteString(q[1 : len(q)-1])
		}
		i += size
	}
	return b.String()
}
