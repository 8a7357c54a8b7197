// Package redact takes a secret out of text that a server wrote, in every
// form a server or a proxy echoes it: as is, JSON-escaped (\/ and \uXXXX,
// hex digits in either case), percent-encoded (%2F or %2f), or as an HTML
// character reference (&#47;, &#x2F;). Each form may be mixed within one
// echo, as encoders escape some characters and not others.
package redact

import (
	"slices"
	"strings"
)

// Mask replaces each echo of a secret.
const Mask = "[REDACTED]"

// String returns text with every echo of secret replaced by Mask. An empty
// secret matches nothing.
func String(text, secret string) string {
	if !mayHold(text, secret) {
		return text
	}
	return string(replace([]byte(text), secret))
}

// Bytes is String for a byte slice. It returns b itself when b holds no
// echo, and a new slice otherwise.
func Bytes(b []byte, secret string) []byte {
	if !mayHold(string(b), secret) {
		return b
	}
	return replace(b, secret)
}

// mayHold is a quick test: an echo in any form starts with the secret's
// first byte, or with the first byte of an escape.
func mayHold(text, secret string) bool {
	return secret != "" && len(text) >= len(secret) &&
		(strings.IndexByte(text, secret[0]) >= 0 || strings.ContainsAny(text, `\%&`))
}

func replace(b []byte, secret string) []byte {
	var out []byte
	var m matcher
	last := 0
	for i := 0; i < len(b); {
		n := 0
		if c := b[i]; c == secret[0] || c == '\\' || c == '%' || c == '&' {
			n = m.match(b[i:], secret)
		}
		if n == 0 {
			i++
			continue
		}
		out = append(out, b[last:i]...)
		out = append(out, Mask...)
		i += n
		last = i
	}
	if out == nil {
		return b
	}
	return append(out, b[last:]...)
}

// matcher keeps the scratch space of match from one call to the next.
type matcher struct{ at, next, units []int }

// match returns the length of the echo of secret at the start of b, or 0.
// A byte of the secret may have several encodings that start alike (a
// secret's own backslash: raw, \\, or \\\\ when quoted again), so it
// follows every one, keeping the set of offsets reached: no backtracking,
// whatever the text.
func (m *matcher) match(b []byte, secret string) int {
	at, next := append(m.at[:0], 0), m.next[:0]
	defer func() { m.at, m.next = at, next }()
	for k := 0; k < len(secret) && len(at) > 0; k++ {
		next = next[:0]
		for _, j := range at {
			m.units = units(m.units[:0], b[j:], secret[k])
			for _, n := range m.units {
				if !slices.Contains(next, j+n) {
					next = append(next, j+n)
				}
			}
		}
		at, next = next, at
	}
	if len(at) == 0 {
		return 0
	}
	return slices.Max(at) // the longest echo, so that none of it is left
}

// units appends to out the lengths of the encodings of the byte c at the
// start of b: as itself, and as each escape that fits.
func units(out []int, b []byte, c byte) []int {
	if len(b) == 0 {
		return out
	}
	if b[0] == c {
		out = append(out, 1)
	}
	switch b[0] {
	case '\\':
		// JSON: \/ (PHP's default), \" and \\, or \uXXXX; quoted once
		// more (Go's %q around a JSON echo), the backslash is doubled.
		run := 1
		for run < len(b) && b[run] == '\\' {
			run++
		}
		if c == '\\' {
			for n := 2; n <= run; n++ { // \\ or more, where the run is shared
				out = append(out, n)
			}
		}
		if run < len(b) && b[run] == c && (c == '/' || c == '"') {
			out = append(out, run+1)
		}
		if run+5 <= len(b) && b[run] == 'u' {
			if v, ok := hex(b[run+1 : run+5]); ok && v == int(c) {
				out = append(out, run+5)
			}
		}
	case '%':
		// Percent-encoding, as in a URL echoed back; %25 is itself the
		// escape of %, so a URL encoded twice reads %252F: try each layer.
		for i := 1; i+2 <= len(b); i += 2 {
			if v, ok := hex(b[i : i+2]); ok && v == int(c) {
				out = append(out, i+2)
			}
			if b[i] != '2' || b[i+1] != '5' {
				break
			}
		}
	case '&': // an HTML character reference: &#47; or &#x2F;
		if n := charRef(b, c); n > 0 {
			out = append(out, n)
		}
	}
	return out
}

// charRef matches &#DDD; or &#xHH; (leading zeros allowed) for c.
func charRef(b []byte, c byte) int {
	if len(b) < 4 || b[1] != '#' {
		return 0
	}
	i, base := 2, 10
	if b[2] == 'x' || b[2] == 'X' {
		i, base = 3, 16
	}
	v, start := 0, i
	for ; i < len(b) && i-start < 8; i++ {
		d := digit(b[i])
		if d < 0 || d >= base {
			break
		}
		v = v*base + d
	}
	if i == start || i >= len(b) || b[i] != ';' || v != int(c) {
		return 0
	}
	return i + 1
}

func hex(b []byte) (int, bool) {
	v := 0
	for _, x := range b {
		d := digit(x)
		if d < 0 || d >= 16 {
			return 0, false
		}
		v = v*16 + d
	}
	return v, true
}

func digit(x byte) int {
	switch {
	case x >= '0' && x <= '9':
		return int(x - '0')
	case x >= 'a' && x <= 'f':
		return int(x-'a') + 10
	case x >= 'A' && x <= 'F':
		return int(x-'A') + 10
	}
	return -1
}
