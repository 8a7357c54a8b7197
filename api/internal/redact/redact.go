// Package redact takes a secret out of text that a server wrote, in every
// form a server or a proxy echoes it: as is, JSON-escaped (\/ and \uXXXX,
// hex digits in either case), percent-encoded (%2F or %2f), or as an HTML
// character reference, by number (&#47;, &#x2F;, or without the ; as
// browsers read them, &#47) or by name (&sol;, &plus;, &equals;: each name
// HTML has for an ASCII character, case-sensitive as in HTML, &amp and the
// other legacy names also without the ;, and &hyphen;, &dash; and &tilde;,
// look-alikes of - and ~); and quoted once or twice
// more (\\/ from Go's %q around a JSON echo, %252F from a URL encoded
// twice, &amp;#47; and &amp;sol; from HTML escaped twice). A JSON escape
// may be percent-encoded (%5C%2F, %5Cu002F), and a percent-encoding
// JSON-escaped (\u00252F). Each form may be mixed within one echo, as
// encoders escape some characters and not others.
//
// Redaction takes time linear in the length of the text, whatever the text
// holds: an encoding of one byte of the secret is at most maxUnit bytes
// long (an escape nested deeper is not recognised), and the scanner keeps
// at most one partial echo per offset and byte of the secret, so the work
// is bounded by a constant times len(text) * len(secret).
package redact

import (
	"bytes"
	"math"
	"strings"
)

// Mask replaces each echo of a secret.
const Mask = "[REDACTED]"

// Bounds on the encoding of one byte of the secret. Each allows a few
// layers of quoting and no more, so that the text looked at from an offset
// is bounded: following a run of backslashes to its end from each of its
// bytes made redaction quadratic in the run's length.
const (
	// maxBackslashes is the longest run of backslashes in one unit: \/ in
	// JSON, \\/ quoted once more by %q, \\\/ or \\\\/ twice; a backslash
	// itself is \\ or, quoted again, \\\\.
	maxBackslashes = 4
	// maxPercentLayers counts the layers of percent-encoding tried: %2F,
	// %252F (a URL encoded twice) and %25252F.
	maxPercentLayers = 3
	// maxRefDigits bounds the digits of an HTML character reference,
	// leading zeros included.
	maxRefDigits = 8
	// maxRefName is the longest name of an HTML reference recognised,
	// DiacriticalGrave (`).
	maxRefName = len("DiacriticalGrave")
	// maxUnit is the longest unit, a long name quoted twice
	// (&amp;DiacriticalGrave;). The others are shorter: &amp;#x0000002F; is
	// 16 bytes, \\\\u002525252F 15, %25255C%25252F 14, \\\\u002F 9.
	maxUnit = len(ampSemi) + maxRefName + len(";")
)

// String returns text with every echo of secret replaced by Mask. An empty
// secret matches nothing.
func String(text, secret string) string {
	if !mayHold(text, secret) {
		return text
	}
	return string(newScanner(secret).mask([]byte(text), math.MaxInt))
}

// Bytes is String for a byte slice. It returns b itself when b holds no
// echo, and a new slice otherwise.
func Bytes(b []byte, secret string) []byte {
	if !mayHoldBytes(b, secret) {
		return b
	}
	return newScanner(secret).mask(b, math.MaxInt)
}

// Prefix returns the first keep bytes of Bytes(b, secret), or all of it
// when it is shorter, without redacting the rest of b: a caller that keeps
// only the start of a large body need not scan all of it.
//
// Prefix reads b only as far as those bytes come from, and past that at
// most as far as an echo begun before can reach (maxUnit bytes for each
// byte of the secret). An echo that straddles the cut is masked whole
// before the cut is made, so no part of the secret is left at the end of
// the result; the cut may fall inside Mask. Like Bytes, it returns a slice
// of b itself when it masks nothing. A keep below 0 counts as 0.
func Prefix(b []byte, secret string, keep int) []byte {
	keep = max(keep, 0)
	if secret == "" {
		return b[:min(keep, len(b))]
	}
	return newScanner(secret).mask(b, keep)
}

// mayHold is a quick test: an echo in any form is at least as long as the
// secret, and starts with the secret's first byte or with the first byte
// of an escape.
func mayHold(text, secret string) bool {
	return secret != "" && len(text) >= len(secret) &&
		(strings.IndexByte(text, secret[0]) >= 0 || strings.ContainsAny(text, escapes))
}

// mayHoldBytes is mayHold for a byte slice, which it does not copy.
func mayHoldBytes(b []byte, secret string) bool {
	return secret != "" && len(b) >= len(secret) &&
		(bytes.IndexByte(b, secret[0]) >= 0 || bytes.ContainsAny(b, escapes))
}

// escapes holds the first bytes of the escapes recognised.
const escapes = `\%&`

// replaceCounting is Bytes without the quick test, cut after keep bytes;
// it also returns the steps the scanner took, for the test that the work
// is linear in the length of b.
func replaceCounting(b []byte, secret string, keep int) ([]byte, int) {
	s := newScanner(secret)
	out := s.mask(b, keep)
	return out, s.steps
}

// ring is the number of offsets at which states may be pending at once:
// a state is at most maxUnit bytes ahead of the one it grew from.
const ring = maxUnit + 1

// scanner finds the echoes of one secret in one pass over the text, left
// to right, following every way the text may encode the secret at once.
// A state (p, k) says that the text from some start to the offset p
// encodes the first k bytes of the secret. States with the same p and k
// are merged, keeping the least start: what follows p cannot tell them
// apart, and the leftmost echo is the one masked. So no more than
// len(secret)+1 states are pending at an offset, and each costs one look
// of at most maxUnit bytes at the text.
type scanner struct {
	secret string
	// first marks the bytes an echo may start with.
	first [256]bool
	// least[(p%ring)*(len(secret)+1)+k] is the start of the state (p, k),
	// or -1 when there is none.
	least []int
	// ks lists the k of the states pending at each offset, by p%ring.
	ks [ring][]int
	// pending counts the states not yet grown.
	pending int
	// units is scratch space for unitsOf.
	units []int
	// steps counts the work done: a state grown, a byte looked at.
	steps int
}

func newScanner(secret string) *scanner {
	s := &scanner{secret: secret, least: make([]int, ring*(len(secret)+1))}
	for i := range s.least {
		s.least[i] = -1
	}
	s.first[secret[0]] = true
	for i := range len(escapes) {
		s.first[escapes[i]] = true
	}
	return s
}

// mask returns b with every echo replaced by Mask, cut after keep bytes.
// It returns b itself, cut, when it masks nothing.
func (s *scanner) mask(b []byte, keep int) []byte {
	var out []byte
	last := 0
	for {
		// Past stop, b's bytes would land after the cut, unless an echo
		// that starts before it takes them.
		stop := len(b)
		if room := keep - len(out); room < stop-last {
			stop = last + room
		}
		start, end, ok := s.next(b, last, stop)
		if !ok {
			if out == nil {
				return b[:stop]
			}
			return append(out, b[last:stop]...)
		}
		out = append(out, b[last:start]...)
		out = append(out, Mask...)
		last = end
		if len(out) >= keep {
			return out[:keep]
		}
	}
}

// next returns the first echo that starts at or after from and before
// stop: the leftmost, and of those that start there the longest, so that
// none of it is left. It reads b past stop only as far as an echo started
// before stop can reach, and leaves no state pending.
//
// The echo is known only when no state that starts as early is left, at
// most maxUnit bytes per byte of the secret past its start; the next call
// reads again from its end. An echo is at least len(secret) bytes long,
// so each byte is read at most about maxUnit+1 times: still linear.
func (s *scanner) next(b []byte, from, stop int) (start, end int, ok bool) {
	start, end = -1, -1
	for p := from; p <= len(b); p++ {
		s.steps++
		if s.pending == 0 {
			if start >= 0 {
				return start, end, true // no longer or more leftmost echo is under way
			}
			if p = s.skip(b, p, stop); p >= stop {
				return -1, -1, false
			}
		}
		start, end = s.grow(b, p, start, end)
		if start < 0 && p < stop {
			s.extend(b, p, 0, p) // an echo may start here
		}
	}
	return start, end, start >= 0
}

// skip returns the first offset from p on, and before stop, where an echo
// may start, or stop: while no state is pending nothing else can match.
func (s *scanner) skip(b []byte, p, stop int) int {
	for p < stop && !s.first[b[p]] {
		p++
		s.steps++
	}
	return p
}

// grow takes the states pending at p: one that spans the whole secret is
// an echo, and is the best so far when it starts at or before the best's
// start (being found later, it is longer); the others are extended by the
// encodings of the secret's next byte at p. A state that starts after the
// best echo's start is dropped, as it cannot be the leftmost.
func (s *scanner) grow(b []byte, p, start, end int) (int, int) {
	slot := p % ring
	ks := s.ks[slot]
	for _, k := range ks {
		i := slot*(len(s.secret)+1) + k
		from := s.least[i]
		s.least[i] = -1
		s.pending--
		s.steps++
		switch {
		case k == len(s.secret):
			if start < 0 || from <= start {
				start, end = from, p
			}
		case start < 0 || from <= start:
			s.extend(b, p, k, from)
		}
	}
	// extend adds states only ahead of p, never to this slot.
	s.ks[slot] = ks[:0]
	return start, end
}

// extend adds a state (p+n, k+1) for each encoding, n bytes long, of the
// secret's byte k at p, for text that starts at from.
func (s *scanner) extend(b []byte, p, k, from int) {
	for _, n := range s.unitsOf(b[p:], s.secret[k]) {
		s.add(p+n, k+1, from)
	}
}

// add records the state (p, k) for text that starts at from, merging it
// with one already there.
func (s *scanner) add(p, k, from int) {
	slot := p % ring
	i := slot*(len(s.secret)+1) + k
	switch least := s.least[i]; {
	case least < 0:
		s.least[i] = from
		s.ks[slot] = append(s.ks[slot], k)
		s.pending++
	case from < least:
		s.least[i] = from
	}
}

// unitsOf returns the lengths of the encodings of the byte c at the start
// of b: as itself, and as each escape that fits. Each is at most maxUnit
// long, and no more than maxUnit bytes of b are looked at: an escape that
// ends without a terminator (&#47) looks at the byte after it, which is
// within the bound as the terminator would be. The slice is valid until
// the next call.
func (s *scanner) unitsOf(b []byte, c byte) []int {
	out := s.units[:0]
	if len(b) == 0 {
		return out
	}
	s.steps++
	if b[0] == c {
		out = append(out, 1)
	}
	switch b[0] {
	case '\\':
		out = s.jsonEscape(out, b, c)
	case '%':
		out = s.percentEscape(out, b, 1, c, true)
	case '&':
		if len(b) > 2 && (b[1] == '#' || isLetter(b[1])) { // the least is &lt
			out = s.charRefs(out, b, c)
		}
	}
	s.units = out
	return out
}

// jsonEscape appends the JSON escapes of c at b, which starts with a
// backslash: \/, \" and \\, or \uXXXX. Quoted once more (Go's %q around a
// JSON echo) the backslash is doubled, so up to maxBackslashes of them are
// taken; a longer run is not followed, as looking at it to its end from
// each of its bytes is quadratic. An echo inside such a run is still found
// where its last maxBackslashes start.
//
// \u0025 is a %: a percent-encoding JSON-escaped (\u00252F) is followed
// through its layers, but not on into a JSON escape again.
func (s *scanner) jsonEscape(out []int, b []byte, c byte) []int {
	run := 1
	for run < len(b) && run < maxBackslashes && b[run] == '\\' {
		run++
		s.steps++
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
		if v, ok := s.hex(b[run+1 : run+5]); ok {
			if v == int(c) {
				out = append(out, run+5)
			}
			if v == '%' {
				out = s.percentEscape(out, b, run+5, c, false)
			}
		}
	}
	return out
}

// percentEscape appends the percent-encodings of c at b, whose first %
// (written as % or as \u0025) ends at i, as in a URL echoed back; %25 is
// itself the escape of %, so a URL encoded twice reads %252F: each of
// maxPercentLayers layers is tried. With json set, a backslash so encoded
// (%5C, %255C) may start a JSON escape whose other bytes are as they are
// or percent-encoded: %5C%2F, %5C/, %5Cu002F.
func (s *scanner) percentEscape(out []int, b []byte, i int, c byte, json bool) []int {
	for layer := 0; layer < maxPercentLayers && i+2 <= len(b); layer, i = layer+1, i+2 {
		v, ok := s.hex(b[i : i+2])
		if ok && v == int(c) {
			out = append(out, i+2)
		}
		if ok && v == '\\' && json {
			out = s.afterBackslash(out, b, i+2, c)
		}
		if b[i] != '2' || b[i+1] != '5' {
			break
		}
	}
	return out
}

// afterBackslash appends the JSON escapes of c whose backslash, encoded,
// ends at q in b: the escaped byte of \/, \" or \\ as it is or
// percent-encoded, or uXXXX.
func (s *scanner) afterBackslash(out []int, b []byte, q int, c byte) []int {
	if q >= len(b) {
		return out
	}
	s.steps++
	switch {
	case c != '/' && c != '"' && c != '\\': // no other byte escapes as itself
	case b[q] == c:
		out = append(out, q+1)
	case b[q] == '%':
		out = s.percentEscape(out, b, q+1, c, false)
	}
	if q+5 <= len(b) && b[q] == 'u' {
		if v, ok := s.hex(b[q+1 : q+5]); ok && v == int(c) {
			out = append(out, q+5)
		}
	}
	return out
}

// charRefs appends the HTML character references to c at b, which starts
// with &: &#47; or &#x2F;, &sol;, and any of them quoted as HTML once more,
// the & written as &amp; (&amp;#47;, &amp;sol;).
func (s *scanner) charRefs(out []int, b []byte, c byte) []int {
	if n := s.charRef(b[1:], c); n > 0 {
		out = append(out, 1+n)
	}
	if len(b) > len(ampSemi) && b[1] == 'a' && string(b[1:len(ampSemi)]) == ampSemi[1:] {
		s.steps += len(ampSemi)
		if n := s.charRef(b[len(ampSemi):], c); n > 0 {
			out = append(out, len(ampSemi)+n)
		}
	}
	return out
}

const ampSemi = "&amp;"

// charRef returns the length of the reference to c that b starts with,
// after its &, or 0. It decodes as HTML does, and as browsers do:
//
//   - #DDD or #xHH, leading zeros allowed, maxRefDigits digits at most: the
//     digits run to the first byte that is not one, and a ; there is taken.
//     Without the ;, &#471 is ǧ, not / and a 1; a run longer than
//     maxRefDigits is not followed.
//   - a name of namedRefs followed by ;, case and all: sol; is /, Sol; is
//     nothing.
//   - a legacy name (amp, lt, gt, quot, in both cases) without its ;.
//     HTML takes the longest name of its whole table, so &ltimes; is ⋉,
//     but this takes the &lt of it as <: a little more than a browser
//     decodes may be masked, never less.
func (s *scanner) charRef(b []byte, c byte) int {
	if len(b) == 0 {
		return 0
	}
	if b[0] != '#' {
		return s.namedRef(b, c)
	}
	i, base := 1, 10
	if len(b) > 1 && (b[1] == 'x' || b[1] == 'X') {
		i, base = 2, 16
	}
	v, start := 0, i
	for ; i < len(b) && i-start < maxRefDigits; i++ {
		s.steps++
		d := digit(b[i])
		if d < 0 || d >= base {
			break
		}
		v = v*base + d
	}
	if i == start || v != int(c) {
		return 0
	}
	if i < len(b) {
		if d := digit(b[i]); d >= 0 && d < base {
			return 0 // more digits than maxRefDigits
		}
		if b[i] == ';' {
			return i + 1
		}
	}
	return i
}

// namedRef is charRef for a reference by name: b starts after the &.
func (s *scanner) namedRef(b []byte, c byte) int {
	j := 0
	for j < len(b) && j < maxRefName && isLetter(b[j]) {
		j++
		s.steps++
	}
	if j < 2 {
		return 0 // no name is shorter
	}
	if j < len(b) && b[j] == ';' {
		if x, ok := namedRefs[string(b[:j])]; ok && x == c {
			return j + 1
		}
	}
	for _, name := range legacyRefs {
		if len(name) <= j && string(b[:len(name)]) == name && namedRefs[name] == c {
			return len(name)
		}
	}
	return 0
}

func isLetter(x byte) bool {
	return x >= 'a' && x <= 'z' || x >= 'A' && x <= 'Z'
}

// namedRefs holds every name HTML has for an ASCII character (the list of
// Go's html package), without its & and ;, and three look-alikes.
var namedRefs = map[string]byte{
	"Tab": '\t', "NewLine": '\n',
	"excl": '!', "quot": '"', "QUOT": '"', "num": '#', "dollar": '$', "percnt": '%',
	"amp": '&', "AMP": '&', "apos": '\'', "lpar": '(', "rpar": ')',
	"ast": '*', "midast": '*', "plus": '+', "comma": ',', "period": '.', "sol": '/',
	"colon": ':', "semi": ';', "lt": '<', "LT": '<', "equals": '=', "gt": '>', "GT": '>',
	"quest": '?', "commat": '@', "lsqb": '[', "lbrack": '[', "bsol": '\\',
	"rsqb": ']', "rbrack": ']', "Hat": '^', "lowbar": '_', "UnderBar": '_',
	"grave": '`', "DiacriticalGrave": '`', "lcub": '{', "lbrace": '{',
	"verbar": '|', "vert": '|', "VerticalLine": '|', "rcub": '}', "rbrace": '}',
	// HTML has no name for - or ~: these are U+2010 HYPHEN and U+02DC
	// SMALL TILDE, which a reader takes for them.
	"hyphen": '-', "dash": '-', "tilde": '~',
}

// legacyRefs are the names of namedRefs that HTML decodes without their ;.
var legacyRefs = []string{"amp", "AMP", "lt", "LT", "gt", "GT", "quot", "QUOT"}

func (s *scanner) hex(b []byte) (int, bool) {
	v := 0
	for _, x := range b {
		s.steps++
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
