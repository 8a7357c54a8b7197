package api

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	openapi_types "github.com/oapi-codegen/runtime/types"
)

// This file is the runtime of the generated decoders in decode.gen.go: a
// single-pass JSON reader that fills the models directly, about five times
// faster than encoding/json's reflection with a fifth of the allocations.
//
// It decodes exactly as encoding/json does, to the same value or to an
// error where encoding/json returns one (FuzzDecoderMatchesEncodingJSON
// proves it): keys match exactly, then case-insensitively; unknown keys
// are skipped; null leaves a value unchanged and sets a pointer, slice or
// map to nil; a repeated key decodes again into what the first one filled;
// invalid UTF-8 and lone surrogates become U+FFFD; nesting deeper than
// 10000 is an error.
//
// Two things make it cheap. The decoded strings share a few arenas of
// bytes, written once each and never changed after (see keep), instead of
// an allocation each. And the targets of nullable scalars (*string, *int64,
// *time.Time) come from small slabs, one allocation for many pointers.

// maxDepth is encoding/json's limit on nesting.
const maxDepth = 10000

// decoder reads one JSON document.
type decoder struct {
	b     []byte // the input, never retained: what is kept is copied to arena
	i     int    // read position
	depth int

	arena []byte // the bytes of decoded strings; see keep

	strs  []string // slabs for the targets of pointers
	ints  []int64
	times []time.Time
}

// decodeJSON decodes the JSON document b into v with dec, as encoding/json
// would: one value, surrounded by nothing but white space.
func decodeJSON[T any](b []byte, v *T, dec func(*decoder, *T) error) error {
	d := decoder{b: b}
	d.ws()
	if err := dec(&d, v); err != nil {
		return err
	}
	return d.end()
}

// validJSON reports whether b is one valid JSON document, as json.Valid
// does, in one pass.
func validJSON(b []byte) bool {
	d := decoder{b: b}
	d.ws()
	return d.skip() == nil && d.end() == nil
}

func (d *decoder) end() error {
	d.ws()
	if d.i < len(d.b) {
		return d.syntaxError("after top-level value")
	}
	return nil
}

// syntaxError is JSON that is not well formed.
type syntaxError struct {
	msg    string
	offset int
}

func (e *syntaxError) Error() string {
	return fmt.Sprintf("body is not valid JSON: %s (at byte %d)", e.msg, e.offset)
}

func (d *decoder) syntaxError(context string) error {
	if d.i >= len(d.b) {
		return &syntaxError{msg: "unexpected end of JSON input", offset: d.i}
	}
	return &syntaxError{msg: fmt.Sprintf("invalid character %s %s", quoteChar(d.b[d.i]), context), offset: d.i}
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
// string where a number belongs; the generated decoders add the field.
func (d *decoder) typeError(t reflect.Type, start int) error {
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
	if kind == "number" && d.i > start {
		kind = "number " + string(d.b[start:d.i])
	}
	return &json.UnmarshalTypeError{Value: kind, Type: t, Offset: int64(start)}
}

// wrongKind skips the value at the read position, which is well formed or
// a syntax error, and returns the type error for it.
func (d *decoder) wrongKind(t reflect.Type) error {
	start := d.i
	if err := d.skip(); err != nil {
		return err
	}
	return d.typeError(t, start)
}

// inField adds the field to a type error from inside it, the way
// encoding/json names it: Struct is the innermost struct, Field the path.
func inField(err error, structName, key string) error {
	if te, ok := err.(*json.UnmarshalTypeError); ok {
		if te.Struct == "" {
			te.Struct, te.Field = structName, key
		} else {
			te.Field = key + "." + te.Field
		}
	}
	return err
}

func (d *decoder) ws() {
	b, i := d.b, d.i
	if i < len(b) && b[i] > ' ' {
		return // the common case: no white space at all
	}
	// Pretty-printed JSON indents with runs of spaces: eight at a time.
	for i+8 <= len(b) && binary.LittleEndian.Uint64(b[i:]) == 0x2020202020202020 {
		i += 8
	}
	for i < len(b) && space[b[i]] {
		i++
	}
	d.i = i
}

// space tells JSON's white space bytes.
var space = [256]bool{' ': true, '\t': true, '\n': true, '\r': true}

// peek returns the byte at the read position after white space, or 0.
func (d *decoder) peek() byte {
	d.ws()
	if d.i < len(d.b) {
		return d.b[d.i]
	}
	return 0
}

func (d *decoder) literal(lit string) error {
	for k := 0; k < len(lit); k++ {
		if d.i >= len(d.b) || d.b[d.i] != lit[k] {
			return d.syntaxError("in literal " + lit)
		}
		d.i++
	}
	return nil
}

func (d *decoder) enter() error {
	d.depth++
	if d.depth > maxDepth {
		return &syntaxError{msg: "exceeded max depth", offset: d.i}
	}
	return nil
}

// openObject starts an object: it returns null=true after a null, which
// leaves the target as it is, and a type error for any other kind of value.
func (d *decoder) openObject(t reflect.Type) (null bool, err error) {
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

// member reads the n-th key of an object and its colon; ok is false at the
// object's end. The key is for the call only (see view).
func (d *decoder) member(n int) (key string, ok bool, err error) {
	c := d.peek()
	if c == '}' {
		d.i++
		d.depth--
		return "", false, nil
	}
	if n > 0 {
		if c != ',' {
			return "", false, d.syntaxError("after object key:value pair")
		}
		d.i++
		c = d.peek()
	}
	if c != '"' {
		return "", false, d.syntaxError("looking for beginning of object key string")
	}
	if key, err = d.key(); err != nil {
		return "", false, err
	}
	if d.peek() != ':' {
		return "", false, d.syntaxError("after object key")
	}
	d.i++
	return key, true, nil
}

// foldedIndex finds key among a struct's JSON names when no name is equal
// to it (the generated decoders try those first, in a switch): the first
// that is equal under Unicode case folding, strings.EqualFold, which is what
// encoding/json's folded names amount to ("ſtatus" matches "status").
func foldedIndex(key string, names []string) int {
	for k, name := range names {
		if strings.EqualFold(key, name) {
			return k
		}
	}
	return -1
}

// openArray starts an array, like openObject.
func (d *decoder) openArray(t reflect.Type) (null bool, err error) {
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

// element moves to the n-th element of an array; ok is false at its end.
func (d *decoder) element(n int) (ok bool, err error) {
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

// decodeSlice decodes an array into *p element by element, exactly as
// encoding/json does: into the elements already there, growing the slice by
// one when full, and cutting it to the array's length at the end.
func decodeSlice[T any](d *decoder, p *[]T, elem func(*decoder, *T) error) error {
	if null, err := d.openArray(reflect.TypeFor[[]T]()); null || err != nil {
		if null {
			*p = nil
		}
		return err
	}
	s := *p
	i := 0
	for ; ; i++ {
		ok, err := d.element(i)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if i >= cap(s) {
			s = slices.Grow(s, 1)
		}
		if i >= len(s) {
			s = s[:i+1]
		}
		if err := elem(d, &s[i]); err != nil {
			*p = s
			return err
		}
	}
	if i < len(s) {
		s = s[:i]
	}
	if i == 0 {
		s = make([]T, 0)
	}
	*p = s
	return nil
}

// nullPtr sets *p to nil when the value is null, and reports whether it
// was. Otherwise the caller decodes into *p, allocating it when nil.
func nullPtr[T any](d *decoder, p **T) (bool, error) {
	if d.peek() != 'n' {
		return false, nil
	}
	*p = nil
	return true, d.literal("null")
}

// fromSlab returns a new zero T from the slab, allocating chunk of them at
// a time: one allocation serves many of a document's pointers.
func fromSlab[T any](slab *[]T, chunk int) *T {
	if len(*slab) == cap(*slab) {
		*slab = make([]T, 0, chunk)
	}
	*slab = (*slab)[:len(*slab)+1]
	return &(*slab)[len(*slab)-1]
}

var (
	typeString = reflect.TypeFor[string]()
	typeInt64  = reflect.TypeFor[int64]()
	typeBool   = reflect.TypeFor[bool]()
	typeDate   = reflect.TypeFor[openapi_types.Date]()
	typeMap    = reflect.TypeFor[map[string]any]()
)

func (d *decoder) decodeString(p *string) error {
	switch d.peek() {
	case 'n':
		return d.literal("null")
	case '"':
		s, err := d.string()
		if err == nil {
			*p = s
		}
		return err
	default:
		return d.wrongKind(typeString)
	}
}

// The pointer decoders below repeat one shape on purpose: direct calls,
// which the compiler can inline, in place of a generic helper taking the
// element decoder as a function value, an indirect call for every field,
// which the Decode benchmark showed slower.

func (d *decoder) decodeStringPtr(p **string) error {
	if null, err := nullPtr(d, p); null || err != nil {
		return err
	}
	if *p == nil {
		*p = fromSlab(&d.strs, 32)
	}
	return d.decodeString(*p)
}

func (d *decoder) decodeInt64(p *int64) error {
	c := d.peek()
	switch {
	case c == 'n':
		return d.literal("null")
	case c == '-' || c >= '0' && c <= '9':
		start := d.i
		integer, err := d.number()
		if err != nil {
			return err
		}
		if !integer {
			return d.typeError(typeInt64, start)
		}
		// Up to 18 digits cannot overflow: add them up here, and leave
		// longer numbers, with their overflow checks, to strconv.
		if digits := d.b[start:d.i]; len(digits) <= 18 && digits[0] != '-' {
			var n int64
			for _, c := range digits {
				n = n*10 + int64(c-'0')
			}
			*p = n
			return nil
		}
		n, err := strconv.ParseInt(d.view(start, d.i), 10, 64)
		if err != nil {
			return d.typeError(typeInt64, start)
		}
		*p = n
		return nil
	default:
		return d.wrongKind(typeInt64)
	}
}

func (d *decoder) decodeInt64Ptr(p **int64) error {
	if null, err := nullPtr(d, p); null || err != nil {
		return err
	}
	if *p == nil {
		*p = fromSlab(&d.ints, 8)
	}
	return d.decodeInt64(*p)
}

func (d *decoder) decodeBool(p *bool) error {
	switch d.peek() {
	case 'n':
		return d.literal("null")
	case 't':
		*p = true
		return d.literal("true")
	case 'f':
		*p = false
		return d.literal("false")
	default:
		return d.wrongKind(typeBool)
	}
}

// decodeTime hands the value to time.Time's own UnmarshalJSON, as
// encoding/json does (null included, which leaves the time unchanged),
// except for the most common form, "2023-01-01T12:00:00Z" with a day
// below 29, which it reads itself to the same value, four times faster.
func (d *decoder) decodeTime(p *time.Time) error {
	d.ws()
	start := d.i
	if err := d.skip(); err != nil {
		return err
	}
	raw := d.b[start:d.i]
	if t, ok := simpleUTCTime(raw); ok {
		*p = t
		return nil
	}
	return p.UnmarshalJSON(raw)
}

// simpleUTCTime reads "YYYY-MM-DDTHH:MM:SSZ", quotes included, when each
// part is in a range where time.Date and RFC 3339 parsing agree.
func simpleUTCTime(raw []byte) (time.Time, bool) {
	if len(raw) != 22 || raw[0] != '"' || raw[5] != '-' || raw[8] != '-' || raw[11] != 'T' ||
		raw[14] != ':' || raw[17] != ':' || raw[20] != 'Z' || raw[21] != '"' {
		return time.Time{}, false
	}
	for _, k := range [...]int{1, 2, 3, 4, 6, 7, 9, 10, 12, 13, 15, 16, 18, 19} {
		if raw[k]-'0' > 9 {
			return time.Time{}, false
		}
	}
	two := func(k int) int { return int(raw[k]-'0')*10 + int(raw[k+1]-'0') }
	year := two(1)*100 + two(3)
	month, day, hour, minute, sec := two(6), two(9), two(12), two(15), two(18)
	if month < 1 || month > 12 || day < 1 || day > 28 || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, 0, time.UTC), true
}

func (d *decoder) decodeTimePtr(p **time.Time) error {
	if null, err := nullPtr(d, p); null || err != nil {
		return err
	}
	if *p == nil {
		*p = fromSlab(&d.times, 8)
	}
	return d.decodeTime(*p)
}

// decodeDate does what openapi_types.Date.UnmarshalJSON does, without its
// second decoder: a JSON string holding a 2006-01-02 date.
func (d *decoder) decodeDate(p *openapi_types.Date) error {
	var s string
	switch d.peek() {
	case '"':
		var err error
		if s, err = d.string(); err != nil {
			return err
		}
	case 'n': // "" after null, which time.Parse refuses
		if err := d.literal("null"); err != nil {
			return err
		}
	default:
		return d.wrongKind(typeDate)
	}
	t, err := time.Parse(openapi_types.DateFormat, s)
	if err != nil {
		return err
	}
	p.Time = t
	return nil
}

func (d *decoder) decodeDatePtr(p **openapi_types.Date) error {
	if null, err := nullPtr(d, p); null || err != nil {
		return err
	}
	if *p == nil {
		*p = new(openapi_types.Date)
	}
	return d.decodeDate(*p)
}

func (d *decoder) decodeBoolPtr(p **bool) error {
	if null, err := nullPtr(d, p); null || err != nil {
		return err
	}
	if *p == nil {
		*p = new(bool)
	}
	return d.decodeBool(*p)
}

// decodeLenientString does what LenientString.UnmarshalJSON does: a string,
// or a number's digits as written; null leaves it unchanged.
func (d *decoder) decodeLenientString(p *LenientString) error {
	c := d.peek()
	switch {
	case c == 'n':
		return d.literal("null")
	case c == '"':
		s, err := d.string()
		if err == nil {
			*p = LenientString(s)
		}
		return err
	case c == '-' || c >= '0' && c <= '9':
		start := d.i
		if _, err := d.number(); err != nil {
			return err
		}
		*p = LenientString(d.keep(d.b[start:d.i]))
		return nil
	default:
		start := d.i
		if err := d.skip(); err != nil {
			return err
		}
		return fmt.Errorf("healvi: LenientString: want a JSON string or number, got %s", jsonKind(d.b[start]))
	}
}

func (d *decoder) decodeStrings(p *[]string) error {
	return decodeSlice(d, p, (*decoder).decodeString)
}

// decodeMap decodes an object into a map[string]any as encoding/json does:
// into the map already there, if any, each value decoded afresh.
func (d *decoder) decodeMap(p *map[string]any) error {
	if null, err := d.openObject(typeMap); null || err != nil {
		if null {
			*p = nil
		}
		return err
	}
	if *p == nil {
		*p = map[string]any{}
	}
	for n := 0; ; n++ {
		key, ok, err := d.member(n)
		if err != nil || !ok {
			return err
		}
		v, err := d.anyValue()
		if err != nil {
			return err
		}
		(*p)[d.keep(unsafe.Slice(unsafe.StringData(key), len(key)))] = v
	}
}

// anyValue decodes any value as encoding/json does into an interface{}:
// objects as map[string]any, arrays as []any, numbers as float64.
func (d *decoder) anyValue() (any, error) {
	switch c := d.peek(); {
	case c == '{':
		var m map[string]any
		err := d.decodeMap(&m)
		return m, err
	case c == '[':
		d.i++
		if err := d.enter(); err != nil {
			return nil, err
		}
		a := make([]any, 0)
		for n := 0; ; n++ {
			ok, err := d.element(n)
			if err != nil || !ok {
				return a, err
			}
			v, err := d.anyValue()
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
	case c == '"':
		return d.string()
	case c == '-' || c >= '0' && c <= '9':
		start := d.i
		if _, err := d.number(); err != nil {
			return nil, err
		}
		f, err := strconv.ParseFloat(d.view(start, d.i), 64)
		if err != nil {
			return nil, &json.UnmarshalTypeError{Value: "number " + string(d.b[start:d.i]), Type: reflect.TypeFor[float64](), Offset: int64(start)}
		}
		return f, nil
	case c == 't':
		return true, d.literal("true")
	case c == 'f':
		return false, d.literal("false")
	case c == 'n':
		return nil, d.literal("null")
	default:
		return nil, d.syntaxError("looking for beginning of value")
	}
}

// fallback decodes a value of a type the generator has no decoder for with
// encoding/json itself, so that any model decodes, if not fast.
func (d *decoder) fallback(p any) error {
	d.ws()
	start := d.i
	if err := d.skip(); err != nil {
		return err
	}
	return json.Unmarshal(d.b[start:d.i], p)
}

// skip reads past one value of any kind, checking that it is well formed.
func (d *decoder) skip() error {
	switch c := d.peek(); {
	case c == '{':
		d.i++
		if err := d.enter(); err != nil {
			return err
		}
		for n := 0; ; n++ {
			_, ok, err := d.member(n)
			if err != nil || !ok {
				return err
			}
			if err := d.skip(); err != nil {
				return err
			}
		}
	case c == '[':
		d.i++
		if err := d.enter(); err != nil {
			return err
		}
		for n := 0; ; n++ {
			ok, err := d.element(n)
			if err != nil || !ok {
				return err
			}
			if err := d.skip(); err != nil {
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

// number reads a number, checking its grammar, and reports whether it is
// an integer (no fraction, no exponent).
func (d *decoder) number() (integer bool, err error) {
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

// view returns the input from start to end as a string that shares the
// input's bytes: only for use during the call (a key to match, digits to
// parse), never to keep, as the caller may change the input after.
func (d *decoder) view(start, end int) string {
	if start == end {
		return ""
	}
	return unsafe.String(&d.b[start], end-start)
}

// keep returns b as a string to keep, copied into the arena. The arena is
// a []byte that is only appended to: bytes once written are never written
// again (a full arena is replaced, not grown in place), so a string over
// them is as immutable as any. Strings kept from one document share a few
// allocations instead of one each.
func (d *decoder) keep(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if cap(d.arena)-len(d.arena) < len(b) {
		size := max(len(b), 2*cap(d.arena), min(max(len(d.b)/6, 64), 16<<10))
		d.arena = make([]byte, 0, size)
	}
	start := len(d.arena)
	d.arena = append(d.arena, b...)
	return unsafe.String(&d.arena[start], len(b))
}

// string reads a string at the read position and returns its value to
// keep.
func (d *decoder) string() (string, error) {
	start := d.i
	plain, err := d.scanString()
	if err != nil {
		return "", err
	}
	if plain {
		return d.keep(d.b[start+1 : d.i-1]), nil
	}
	return d.keep(unquote(d.b[start+1 : d.i-1])), nil
}

// key reads an object key at the read position, for the call only (see
// view).
func (d *decoder) key() (string, error) {
	start := d.i
	plain, err := d.scanString()
	if err != nil {
		return "", err
	}
	if plain {
		return d.view(start+1, d.i-1), nil
	}
	b := unquote(d.b[start+1 : d.i-1])
	return unsafe.String(unsafe.SliceData(b), len(b)), nil
}

// scanString reads past a string, checking it, and reports whether it is
// plain: no escapes and valid UTF-8, so that its bytes are its value.
func (d *decoder) scanString() (plain bool, err error) {
	b := d.b
	i := d.i + 1
	plain = true
	for i < len(b) {
		// The common case first: printable ASCII other than " and \,
		// eight bytes at a time while none of them is anything else.
		for i < len(b) && plainByte[b[i]] {
			i++
		}
		if i >= len(b) {
			break
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
