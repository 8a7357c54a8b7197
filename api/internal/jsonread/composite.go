package jsonread

import (
	"encoding"
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
)

var typeMapAny = reflect.TypeFor[map[string]any]()

// Slice decodes an array into *p element by element, exactly as
// encoding/json does: into the elements already there, growing the slice by
// one when full, and cutting it to the array's length at the end; null sets
// it to nil, and [] to an empty slice.
func Slice[T any](d *Decoder, p *[]T, elem func(*Decoder, *T) error) error {
	if null, err := d.OpenArray(reflect.TypeFor[[]T]()); null || err != nil {
		if null {
			*p = nil
		}
		return err
	}
	s := *p
	i := 0
	for ; ; i++ {
		ok, err := d.Element(i)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		s = Grow(s, i)
		if err := elem(d, &s[i]); err != nil {
			*p = s
			return err
		}
	}
	*p = Cut(s, i)
	return nil
}

// Map decodes an object into *p as encoding/json does: into the map
// already there (a new one if nil), each value decoded into a zero T, so
// that a repeated key replaces the value; null sets it to nil. t, when not
// nil, follows each value as the member of its key.
func Map[T any](d *Decoder, p *map[string]T, t *Tracker, elem func(*Decoder, *T) error) error {
	if null, err := d.OpenObject(reflect.TypeFor[map[string]T]()); null || err != nil {
		if null {
			*p = nil
		}
		return err
	}
	if *p == nil {
		*p = map[string]T{}
	}
	for n := 0; ; n++ {
		key, ok, err := d.Member(n)
		if err != nil || !ok {
			return err
		}
		k := d.str(key) // before elem reads on: key is the decoder's
		var v T
		t.Member(k)
		if err := elem(d, &v); err != nil {
			return err
		}
		t.Leave()
		(*p)[k] = v
	}
}

// MapAny decodes an object into a map[string]any, as Map with Any does,
// without a function value, which would make the Decoder escape.
func (d *Decoder) MapAny(p *map[string]any) error {
	if null, err := d.OpenObject(typeMapAny); null || err != nil {
		if null {
			*p = nil
		}
		return err
	}
	if *p == nil {
		*p = map[string]any{}
	}
	for n := 0; ; n++ {
		key, ok, err := d.Member(n)
		if err != nil || !ok {
			return err
		}
		k := d.str(key)
		v, err := d.anyValue()
		if err != nil {
			return err
		}
		(*p)[k] = v
	}
}

// Grow makes s long enough to hold element i, the next of an array being
// decoded: the elements already there are decoded into, as encoding/json
// does, and the slice grows by one when full. Generated code calls it in
// its own loops, which call the element decoder directly.
func Grow[T any](s []T, i int) []T {
	if i >= cap(s) {
		s = slices.Grow(s, 1)
	}
	if i >= len(s) {
		s = s[:i+1]
	}
	return s
}

// Cut ends an array of n elements decoded into s, as encoding/json does:
// the slice cut to n, and an empty array an empty slice, not nil.
func Cut[T any](s []T, n int) []T {
	if n == 0 {
		return make([]T, 0)
	}
	return s[:n]
}

// Any decodes any value as encoding/json does into an interface{}: objects
// as map[string]any, arrays as []any, numbers as float64, null as nil.
func (d *Decoder) Any(p *any) error {
	v, err := d.anyValue()
	if err == nil || v != nil {
		*p = v
	}
	return err
}

func (d *Decoder) anyValue() (any, error) {
	switch c := d.peek(); {
	case c == '{':
		var m map[string]any
		err := d.MapAny(&m)
		return m, err
	case c == '[':
		d.i++
		if err := d.enter(); err != nil {
			return nil, err
		}
		a := make([]any, 0)
		for n := 0; ; n++ {
			ok, err := d.Element(n)
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
		b, err := d.stringBytes()
		if err != nil {
			return nil, err
		}
		return d.str(b), nil
	case c == '-' || c >= '0' && c <= '9':
		start := d.i
		if _, err := d.number(); err != nil {
			return nil, err
		}
		f, err := strconv.ParseFloat(string(d.b[start:d.i]), 64)
		if err != nil {
			return nil, d.numberError(typeFloat64, start)
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

// JSON hands the next value, whatever its kind, null included, to the
// type's own UnmarshalJSON, as encoding/json does for a value of a type
// that has one (such as openapi_types.Email, or a union of oneOf).
func (d *Decoder) JSON(p json.Unmarshaler) error {
	raw, err := d.raw()
	if err != nil {
		return err
	}
	return valueError(p.UnmarshalJSON(raw), reflect.TypeOf(p), d.i-len(raw))
}

// Text hands a string's value to the type's own UnmarshalText, as
// encoding/json does for a value of a type that has one but no
// UnmarshalJSON (such as a UUID). null leaves the value as it is; any other
// kind is a type error naming t.
func (d *Decoder) Text(p encoding.TextUnmarshaler, t reflect.Type) error {
	switch d.peek() {
	case 'n':
		return d.literal("null")
	case '"':
		start := d.i
		s, err := d.stringBytes()
		if err != nil {
			return err
		}
		return valueError(p.UnmarshalText(s), t, start)
	default:
		return d.wrongKind(t)
	}
}

// Fallback decodes the next value with encoding/json itself, for a type
// the generator has no decoder for: correct, only slower. The generator
// lists each use, and a test fails while there is one.
func (d *Decoder) Fallback(p any) error {
	raw, err := d.raw()
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, p)
}
