package jsonread

import (
	"encoding/base64"
	"reflect"
	"strconv"
)

// The decoders of single values below share a contract with the generated
// ones: decode the next value into *p as encoding/json would decode it
// into a value of that Go type; null leaves *p as it is (a pointer, slice
// or map: nil); a value of another kind is a *json.UnmarshalTypeError.

var (
	typeString  = reflect.TypeFor[string]()
	typeBool    = reflect.TypeFor[bool]()
	typeBytes   = reflect.TypeFor[[]byte]()
	typeInt     = reflect.TypeFor[int]()
	typeInt8    = reflect.TypeFor[int8]()
	typeInt16   = reflect.TypeFor[int16]()
	typeInt32   = reflect.TypeFor[int32]()
	typeInt64   = reflect.TypeFor[int64]()
	typeUint    = reflect.TypeFor[uint]()
	typeUint8   = reflect.TypeFor[uint8]()
	typeUint16  = reflect.TypeFor[uint16]()
	typeUint32  = reflect.TypeFor[uint32]()
	typeUint64  = reflect.TypeFor[uint64]()
	typeFloat32 = reflect.TypeFor[float32]()
	typeFloat64 = reflect.TypeFor[float64]()
)

// String decodes a string.
func (d *Decoder) String(p *string) error {
	return d.StringOf(p, nil)
}

// StringOf decodes a string, taking its value from known when one is
// equal to it: values the spec names for a field (its enum, its example)
// then cost no allocation.
func (d *Decoder) StringOf(p *string, known []string) error {
	switch d.peek() {
	case 'n':
		return d.literal("null")
	case '"':
		start := d.i
		plain, err := d.scanString()
		if err != nil {
			return err
		}
		if !plain {
			*p = d.str(unquote(d.b[start+1 : d.i-1]))
			return nil
		}
		raw := d.b[start+1 : d.i-1]
		for _, k := range known {
			if string(raw) == k {
				*p = k
				return nil
			}
		}
		*p = d.str(raw)
		return nil
	default:
		return d.wrongKind(typeString)
	}
}

// The pointer decoders below repeat one shape on purpose: direct calls,
// which the compiler can inline, for the most common pointer fields, where
// Ptr would make an indirect call through a function value for each.

// StringPtr decodes a nullable string.
func (d *Decoder) StringPtr(p **string) error {
	return d.StringPtrOf(p, nil)
}

// StringPtrOf decodes a nullable string, with known values as StringOf.
func (d *Decoder) StringPtrOf(p **string, known []string) error {
	if nullPtr(d, p) {
		return d.literal("null")
	}
	if *p == nil {
		*p = new(string)
	}
	return d.StringOf(*p, known)
}

// nullPtr reports whether the next value is null and, if so, sets *p to
// nil; the caller then reads the literal.
func nullPtr[T any](d *Decoder, p **T) bool {
	if d.peek() != 'n' {
		return false
	}
	*p = nil
	return true
}

// Ptr decodes a nullable value with elem: null sets *p to nil; any other
// value is decoded into *p, allocated when nil.
func Ptr[T any](d *Decoder, p **T, elem func(*Decoder, *T) error) error {
	if nullPtr(d, p) {
		return d.literal("null")
	}
	if *p == nil {
		*p = new(T)
	}
	return elem(d, *p)
}

// Bool decodes a boolean.
func (d *Decoder) Bool(p *bool) error {
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

// Int64 decodes an integer that fits in an int64.
func (d *Decoder) Int64(p *int64) error {
	n, set, err := d.signed(64, typeInt64)
	if set {
		*p = n
	}
	return err
}

// Int64Ptr decodes a nullable int64.
func (d *Decoder) Int64Ptr(p **int64) error {
	if nullPtr(d, p) {
		return d.literal("null")
	}
	if *p == nil {
		*p = new(int64)
	}
	return d.Int64(*p)
}

// Int decodes an integer that fits in an int.
func (d *Decoder) Int(p *int) error {
	n, set, err := d.signed(strconv.IntSize, typeInt)
	if set {
		*p = int(n)
	}
	return err
}

// Int32 decodes an integer that fits in an int32.
func (d *Decoder) Int32(p *int32) error {
	n, set, err := d.signed(32, typeInt32)
	if set {
		*p = int32(n)
	}
	return err
}

// Int16 decodes an integer that fits in an int16.
func (d *Decoder) Int16(p *int16) error {
	n, set, err := d.signed(16, typeInt16)
	if set {
		*p = int16(n)
	}
	return err
}

// Int8 decodes an integer that fits in an int8.
func (d *Decoder) Int8(p *int8) error {
	n, set, err := d.signed(8, typeInt8)
	if set {
		*p = int8(n)
	}
	return err
}

// Uint64 decodes an integer that fits in a uint64.
func (d *Decoder) Uint64(p *uint64) error {
	n, set, err := d.unsigned(64, typeUint64)
	if set {
		*p = n
	}
	return err
}

// Uint decodes an integer that fits in a uint.
func (d *Decoder) Uint(p *uint) error {
	n, set, err := d.unsigned(strconv.IntSize, typeUint)
	if set {
		*p = uint(n)
	}
	return err
}

// Uint32 decodes an integer that fits in a uint32.
func (d *Decoder) Uint32(p *uint32) error {
	n, set, err := d.unsigned(32, typeUint32)
	if set {
		*p = uint32(n)
	}
	return err
}

// Uint16 decodes an integer that fits in a uint16.
func (d *Decoder) Uint16(p *uint16) error {
	n, set, err := d.unsigned(16, typeUint16)
	if set {
		*p = uint16(n)
	}
	return err
}

// Uint8 decodes an integer that fits in a uint8.
func (d *Decoder) Uint8(p *uint8) error {
	n, set, err := d.unsigned(8, typeUint8)
	if set {
		*p = uint8(n)
	}
	return err
}

// Float64 decodes a number into a float64.
func (d *Decoder) Float64(p *float64) error {
	f, set, err := d.float(64, typeFloat64)
	if set {
		*p = f
	}
	return err
}

// Float32 decodes a number into a float32.
func (d *Decoder) Float32(p *float32) error {
	f, set, err := d.float(32, typeFloat32)
	if set {
		*p = float32(f)
	}
	return err
}

// signed reads an integer that fits in bits; set is false after null.
// Like encoding/json, it refuses a fraction or an exponent (1.0, 1e2).
func (d *Decoder) signed(bits int, t reflect.Type) (n int64, set bool, err error) {
	start, ok, err := d.integer(t)
	if !ok {
		return 0, false, err
	}
	digits := d.b[start:d.i]
	// Up to 18 digits cannot overflow an int64: add them up here, and
	// leave longer numbers, with their overflow checks, to strconv.
	if len(digits) <= 18 && digits[0] != '-' {
		for _, c := range digits {
			n = n*10 + int64(c-'0')
		}
		if bits == 64 || n < 1<<(bits-1) {
			return n, true, nil
		}
		return 0, false, d.numberError(t, start)
	}
	n, err = strconv.ParseInt(string(digits), 10, bits)
	if err != nil {
		return 0, false, d.numberError(t, start)
	}
	return n, true, nil
}

// unsigned reads an integer that fits in bits, refusing a sign.
func (d *Decoder) unsigned(bits int, t reflect.Type) (n uint64, set bool, err error) {
	start, ok, err := d.integer(t)
	if !ok {
		return 0, false, err
	}
	n, err = strconv.ParseUint(string(d.b[start:d.i]), 10, bits)
	if err != nil {
		return 0, false, d.numberError(t, start)
	}
	return n, true, nil
}

// integer reads a number and returns where it starts; ok is false after
// null, for a value of another kind, and for a number with a fraction or
// an exponent (then with a type error).
func (d *Decoder) integer(t reflect.Type) (start int, ok bool, err error) {
	c := d.peek()
	switch {
	case c == 'n':
		return 0, false, d.literal("null")
	case c == '-' || c >= '0' && c <= '9':
		start = d.i
		integer, err := d.number()
		if err != nil {
			return 0, false, err
		}
		if !integer {
			return 0, false, d.numberError(t, start)
		}
		return start, true, nil
	default:
		return 0, false, d.wrongKind(t)
	}
}

// float reads a number that fits in a float of bits.
func (d *Decoder) float(bits int, t reflect.Type) (f float64, set bool, err error) {
	c := d.peek()
	switch {
	case c == 'n':
		return 0, false, d.literal("null")
	case c == '-' || c >= '0' && c <= '9':
		start := d.i
		if _, err := d.number(); err != nil {
			return 0, false, err
		}
		f, err := strconv.ParseFloat(string(d.b[start:d.i]), bits)
		if err != nil {
			return 0, false, d.numberError(t, start)
		}
		return f, true, nil
	default:
		return 0, false, d.wrongKind(t)
	}
}

// Bytes decodes a base64 string (standard encoding, padded) into bytes,
// as encoding/json does for a []byte, or, as it also does, an array of
// numbers that fit a byte each.
func (d *Decoder) Bytes(p *[]byte) error {
	switch d.peek() {
	case 'n':
		*p = nil
		return d.literal("null")
	case '[':
		return Slice(d, p, (*Decoder).Uint8)
	case '"':
		s, err := d.stringBytes()
		if err != nil {
			return err
		}
		b := make([]byte, base64.StdEncoding.DecodedLen(len(s)))
		n, err := base64.StdEncoding.Decode(b, s)
		if err != nil {
			return err
		}
		*p = b[:n]
		return nil
	default:
		return d.wrongKind(typeBytes)
	}
}
