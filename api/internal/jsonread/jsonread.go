// Package jsonread is the JSON reader behind the generated decoders of
// package api (decode.gen.go): a single pass over a document that fills Go
// values directly, in the manner of go-faster/jx under ogen's decoders.
//
// It reads exactly as encoding/json does, to the same value or to an error
// where encoding/json returns one: keys match exactly, then without regard
// to case (strings.EqualFold); unknown keys are skipped; null leaves a
// value unchanged and sets a pointer, slice or map to nil; a repeated key
// decodes again into what the first one filled; invalid UTF-8 and lone
// surrogates become U+FFFD; nesting deeper than 10000 is an error. Types
// with an UnmarshalJSON or UnmarshalText method are handed their value, as
// encoding/json hands it.
//
// Every value it returns owns its memory: a string is a copy of its bytes
// alone, a pointer's target an allocation of its own, and the input is
// never retained, so keeping one field of a decoded document keeps nothing
// else alive. It uses no unsafe code.
package jsonread

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/bits"
	"reflect"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// maxDepth is encoding/json's limit on nesting.
const maxDepth = 10000

// Decoder reads one JSON document. The generated decoders call its methods;
// a Decoder is used by one goroutine at a time.
type Decoder struct {
	b     []byte // the input, never retained
	i     int    // read position
	depth int
	// seen holds strings already made from this document, so that a value
	// repeated within it (a name, a placeholder) is allocated once and
	// shared: strings are immutable, and keeping one keeps only itself.
	seen [internSlots]string
}

// internSlots is the size of Decoder.seen; a string longer than
// internMaxLen is not looked up there, as repeats of long text are rare.
const (
	internSlots  = 32
	internMaxLen = 64
)

// str returns raw, bytes of the input, as a string of its own: the one
// made earlier in this document when the same bytes came before.
func (d *Decoder) str(raw []byte) string {
	n := len(raw)
	if n == 0 {
		return ""
	}
	if n > internMaxLen {
		return string(raw)
	}
	h := (uint(n)*31 + uint(raw[0])*7 + uint(raw[n-1])*3 + uint(raw[n/2])) % internSlots
	if s := d.seen[h]; s == string(raw) {
		return s
	}
	s := string(raw)
	d.seen[h] = s
	return s
}

// Reset makes d read the document b from its start. With Finish, it lets
// generated code call a decoder directly rather than through Decode, so
// that a Tracker it passes can stay on the caller's stack.
func (d *Decoder) Reset(b []byte) {
	*d = Decoder{b: b}
	d.ws()
}

// Finish reports an error if anything but white space follows the value
// just decoded.
func (d *Decoder) Finish() error { return d.end() }

// Valid reports whether b is one valid JSON document, as json.Valid does.
func Valid(b []byte) bool {
	d := Decoder{b: b}
	d.ws()
	return d.Skip() == nil && d.end() == nil
}

func (d *Decoder) end() error {
	d.ws()
	if d.i < len(d.b) {
		return d.syntaxError("after top-level value")
	}
	return nil
}

// SyntaxError is JSON that is not well formed.
type SyntaxError struct {
	msg    string
	Offset int // the byte where the problem was found
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("body is not valid JSON: %s (at byte %d)", e.msg, e.Offset)
}

func (d *Decoder) syntaxError(context string) error {
	if d.i >= len(d.b) {
		return &SyntaxError{msg: "unexpected end of JSON input", Offset: d.i}
	}
	return &SyntaxError{msg: fmt.Sprintf("invalid character %s %s", quoteChar(d.b[d.i]), context), Offset: d.i}
}

func quoteChar(c byte) string {
	if c == '\'' {
		return `'\''`
	}
	if c == '"' {
		return `'"'`
	}
	s := strconv.Quote(string(rune(c)))
	return "'" + s[1:len(s)-1] + "'"
}

// typeError is a well-formed JSON value of the wrong kind for t, such as a
// string where a number belongs; InField adds the field.
func (d *Decoder) typeError(t reflect.Type, start int) error {
	kind := "number"
	switch d.b[start] {
	case '"':
		kind = "string"
	case '{':
		kind = "object"
	case '[':
		kind = "array"
	case 't', 'f':
		kind = "bool"
	}
	return &json.UnmarshalTypeError{Value: kind, Type: t, Offset: int64(start)}
}

// numberError is a number, just read from start, that does not fit t: a
// fraction for an integer, or too large. Like encoding/json, it quotes it.
func (d *Decoder) numberError(t reflect.Type, start int) error {
	return &json.UnmarshalTypeError{Value: "number " + string(d.b[start:d.i]), Type: t, Offset: int64(start)}
}

// wrongKind skips the value at the read position, which is well formed or
// a syntax error, and returns the type error for it.
func (d *Decoder) wrongKind(t reflect.Type) error {
	start := d.i
	if err := d.Skip(); err != nil {
		return err
	}
	return d.typeError(t, start)
}

// InField adds the field to a type or value error from inside it, the
// way encoding/json names it: Struct is the innermost struct, Field the
// path.
func InField(err error, structName, key string) error {
	switch e := err.(type) {
	case *json.UnmarshalTypeError:
		e.Struct, e.Field = inField(e.Struct, e.Field, structName, key)
	case *ValueError:
		e.Struct, e.Field = inField(e.Struct, e.Field, structName, key)
	}
	return err
}

func inField(innerStruct, field, structName, key string) (string, string) {
	if innerStruct == "" {
		return structName, key
	}
	return innerStruct, key + "." + field
}

// ValueError is a well-formed JSON value that its type's own decoder
// refused: a time or date that does not parse, a malformed UUID, a value a
// model's UnmarshalJSON rejects. Err is that decoder's error, whose text
// may quote the value; Offset, Struct and Field say where it was without
// quoting it.
type ValueError struct {
	Type   reflect.Type // the Go type that refused the value
	Struct string       // the innermost struct holding it, when known
	Field  string       // the path to it from Struct, when known
	Offset int          // the byte where the value starts
	Err    error
}

// Error reads as encoding/json would word it, with the cause's text.
func (e *ValueError) Error() string {
	if e.Struct != "" {
		return fmt.Sprintf("json: cannot unmarshal into Go struct field %s.%s of type %v: %v", e.Struct, e.Field, e.Type, e.Err)
	}
	return fmt.Sprintf("json: cannot unmarshal into Go value of type %v: %v", e.Type, e.Err)
}

// Unwrap returns the type's own error.
func (e *ValueError) Unwrap() error { return e.Err }

// valueError wraps err, from t's own decoder of the value at start, unless
// it already says where it is (a type or value error from inside).
func valueError(err error, t reflect.Type, start int) error {
	switch err.(type) {
	case nil, *json.UnmarshalTypeError, *ValueError, *SyntaxError, *json.SyntaxError:
		return err
	}
	return &ValueError{Type: t, Offset: start, Err: err}
}

// AsType makes a type error name t, a named type over the kind that was
// decoded (such as an enum type over string), as encoding/json would.
func AsType(err error, t reflect.Type) error {
	if te, ok := err.(*json.UnmarshalTypeError); ok && te.Struct == "" {
		te.Type = t
	}
	return err
}

func (d *Decoder) ws() {
	b, i := d.b, d.i
	if i < len(b) && b[i] > ' ' {
		return // the common case: no white space at all
	}
	for i < len(b) && space[b[i]] {
		i++
		// Pretty-printed JSON indents with a newline and then a run of
		// spaces: measure the run eight bytes at a time, the first byte
		// that is no space being the lowest non-zero byte after the XOR.
		for i+8 <= len(b) {
			x := binary.LittleEndian.Uint64(b[i:]) ^ 0x2020202020202020
			if x != 0 {
				i += bits.TrailingZeros64(x) >> 3
				break
			}
			i += 8
		}
	}
	d.i = i
}

// space tells JSON's white space bytes.
var space = [256]bool{' ': true, '\t': true, '\n': true, '\r': true}

// peek returns the byte at the read position after white space, or 0.
func (d *Decoder) peek() byte {
	d.ws()
	if d.i < len(d.b) {
		return d.b[d.i]
	}
	return 0
}

// Null reports whether the next value is null, without reading it.
func (d *Decoder) Null() bool { return d.peek() == 'n' }

func (d *Decoder) literal(lit string) error {
	for k := 0; k < len(lit); k++ {
		if d.i >= len(d.b) || d.b[d.i] != lit[k] {
			return d.syntaxError("in literal " + lit)
		}
		d.i++
	}
	return nil
}

func (d *Decoder) enter() error {
	d.depth++
	if d.depth > maxDepth {
		return &SyntaxError{msg: "exceeded max depth", Offset: d.i}
	}
	return nil
}

// OpenObject starts an object: it returns null=true after a null, which
// leaves the target as it is, and a type error naming t for any other kind
// of value.
func (d *Decoder) OpenObject(t reflect.Type) (null bool, err error) {
	switch d.peek() {
	case 'n':
		return true, d.literal("null")
	case '{':
		d.i++
		return false, d.enter()
	default:
		return false, d.wrongKind(t)
	}
}

// Member reads the n-th key of an object and its colon; ok is false at the
// object's end. The key is valid until the next call of the Decoder: match
// it, do not keep it.
func (d *Decoder) Member(n int) (key []byte, ok bool, err error) {
	c := d.peek()
	if c == '}' {
		d.i++
		d.depth--
		return nil, false, nil
	}
	if n > 0 {
		if c != ',' {
			return nil, false, d.syntaxError("after object key:value pair")
		}
		d.i++
		c = d.peek()
	}
	if c != '"' {
		return nil, false, d.syntaxError("looking for beginning of object key string")
	}
	if key, err = d.stringBytes(); err != nil {
		return nil, false, err
	}
	if d.peek() != ':' {
		return nil, false, d.syntaxError("after object key")
	}
	d.i++
	return key, true, nil
}

// FoldedIndex finds key among a struct's JSON names when no name is equal
// to it (the generated decoders try those first, in a switch): the first
// that is equal under Unicode case folding, strings.EqualFold, which is what
// encoding/json's folded names amount to ("ſtatus" matches "status").
func FoldedIndex(key []byte, names []string) int {
	for k, name := range names {
		if strings.EqualFold(string(key), name) {
			return k
		}
	}
	return -1
}

// OpenArray starts an array, like OpenObject.
func (d *Decoder) OpenArray(t reflect.Type) (null bool, err error) {
	switch d.peek() {
	case 'n':
		return true, d.literal("null")
	case '[':
		d.i++
		return false, d.enter()
	default:
		return false, d.wrongKind(t)
	}
}

// Element moves to the n-th element of an array; ok is false at its end.
func (d *Decoder) Element(n int) (ok bool, err error) {
	c := d.peek()
	if c == ']' {
		d.i++
		d.depth--
		return false, nil
	}
	if n > 0 {
		if c != ',' {
			return false, d.syntaxError("after array element")
		}
		d.i++
		d.ws()
	}
	return true, nil
}

// Skip reads past one value of any kind, checking that it is well formed.
func (d *Decoder) Skip() error {
	switch c := d.peek(); {
	case c == '{':
		d.i++
		if err := d.enter(); err != nil {
			return err
		}
		for n := 0; ; n++ {
			_, ok, err := d.Member(n)
			if err != nil || !ok {
				return err
			}
			if err := d.Skip(); err != nil {
				return err
			}
		}
	case c == '[':
		d.i++
		if err := d.enter(); err != nil {
			return err
		}
		for n := 0; ; n++ {
			ok, err := d.Element(n)
			if err != nil || !ok {
				return err
			}
			if err := d.Skip(); err != nil {
				return err
			}
		}
	case c == '"':
		_, err := d.scanString()
		return err
	case c == '-' || c >= '0' && c <= '9':
		_, err := d.number()
		return err
	case c == 't':
		return d.literal("true")
	case c == 'f':
		return d.literal("false")
	case c == 'n':
		return d.literal("null")
	default:
		return d.syntaxError("looking for beginning of value")
	}
}

// raw skips one value and returns its bytes, for a method that decodes
// them itself. They are the input's: valid until the next call.
func (d *Decoder) raw() ([]byte, error) {
	d.ws()
	start := d.i
	if err := d.Skip(); err != nil {
		return nil, err
	}
	return d.b[start:d.i], nil
}

// number reads a number, checking its grammar, and reports whether it is
// an integer (no fraction, no exponent).
func (d *Decoder) number() (integer bool, err error) {
	b := d.b
	i := d.i
	if b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	default:
		d.i = i
		return false, d.syntaxError("in numeric literal")
	}
	integer = true
	if i < len(b) && b[i] == '.' {
		integer = false
		i++
		if i >= len(b) || b[i] < '0' || b[i] > '9' {
			d.i = i
			return false, d.syntaxError("after decimal point in numeric literal")
		}
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		integer = false
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || b[i] < '0' || b[i] > '9' {
			d.i = i
			return false, d.syntaxError("in exponent of numeric literal")
		}
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	}
	d.i = i
	return integer, nil
}

// stringBytes reads a string at the read position and returns its value:
// the input's bytes when it has no escape (valid until the next call), or a
// new slice when it has.
func (d *Decoder) stringBytes() ([]byte, error) {
	start := d.i
	plain, err := d.scanString()
	if err != nil {
		return nil, err
	}
	if plain {
		return d.b[start+1 : d.i-1], nil
	}
	return unquote(d.b[start+1 : d.i-1]), nil
}

// scanString reads past a string, checking it, and reports whether it is
// plain: no escapes and valid UTF-8, so that its bytes are its value.
func (d *Decoder) scanString() (plain bool, err error) {
	b := d.b
	i := d.i + 1
	plain = true
	for i < len(b) {
		// The common case first: printable ASCII other than " and \.
		// Eight bytes at a time, jumping to the first that is anything
		// else; byte by byte in the last seven bytes of the input.
		if i+8 <= len(b) {
			m := specials(binary.LittleEndian.Uint64(b[i:]))
			if m == 0 {
				i += 8
				continue
			}
			i += bits.TrailingZeros64(m) >> 3
		} else {
			for i < len(b) && plainByte[b[i]] {
				i++
			}
			if i >= len(b) {
				break
			}
		}
		c := b[i]
		switch {
		case c == '"':
			d.i = i + 1
			return plain, nil
		case c == '\\':
			plain = false
			i++
			if i >= len(b) {
				d.i = i
				return false, d.syntaxError("in string escape code")
			}
			switch b[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i++
			case 'u':
				i++
				for k := 0; k < 4; k++ {
					if i >= len(b) || !isHex(b[i]) {
						d.i = i
						return false, d.syntaxError("in \\u hexadecimal character escape")
					}
					i++
				}
			default:
				d.i = i
				return false, d.syntaxError("in string escape code")
			}
		case c < 0x20:
			d.i = i
			return false, d.syntaxError("in string literal")
		case c < utf8.RuneSelf:
			i++
		default:
			r, size := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && size == 1 {
				plain = false
			}
			i += size
		}
	}
	d.i = i
	return false, d.syntaxError("in string literal")
}

// specials marks, in the high bit of each byte, the bytes of v (eight
// bytes of a string, little-endian) that are not printable ASCII other
// than " and \: a quote or a backslash (a zero byte after the XOR), a byte
// below 0x20, or one above 0x7f. Bits above the lowest may be false alarms
// (a borrow runs upward), but the lowest always marks the first such byte.
func specials(v uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	quote := v ^ (ones * '"')
	backslash := v ^ (ones * '\\')
	control := v - ones*0x20 // borrows into the high bit of a byte below 0x20
	return ((quote-ones)&^quote | (backslash-ones)&^backslash | control | v) & highs
}

// plainByte tells the bytes that stand for themselves in a JSON string.
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// unquote decodes the inside of a well-formed string with escapes or
// invalid UTF-8, exactly as encoding/json does, into a new slice.
func unquote(s []byte) []byte {
	b := make([]byte, 0, len(s)+2*utf8.UTFMax)
	for r := 0; r < len(s); {
		c := s[r]
		switch {
		case c == '\\':
			r++
			switch s[r] {
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				rr := getu4(s[r-1:])
				r += 5
				if utf16.IsSurrogate(rr) {
					rr1 := getu4(s[r:])
					if dec := utf16.DecodeRune(rr, rr1); dec != unicode.ReplacementChar {
						r += 6
						b = utf8.AppendRune(b, dec)
						continue
					}
					rr = unicode.ReplacementChar
				}
				b = utf8.AppendRune(b, rr)
				continue
			default: // '"', '\\', '/'
				b = append(b, s[r])
			}
			r++
		case c < utf8.RuneSelf:
			b = append(b, c)
			r++
		default:
			rr, size := utf8.DecodeRune(s[r:])
			r += size
			b = utf8.AppendRune(b, rr) // RuneError for an invalid byte
		}
	}
	return b
}

// getu4 decodes \uXXXX from the start of s, or returns -1.
func getu4(s []byte) rune {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range s[2:6] {
		switch {
		case '0' <= c && c <= '9':
			c = c - '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}
