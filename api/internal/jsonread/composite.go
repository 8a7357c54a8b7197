package jsonread

import (
	"encoding"
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
)

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

// Map decodes an object into *p as encoding/json does: into the map
// already there (a new one if nil), each value decoded into a zero T, so
// that a repeated key replaces the value; null sets it to nil.
func Map[T any](d *Decoder, p *map[string]T, elem func(*Decoder, *T) error) error {
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
		k := string(key) // before elem reads on: key is the decoder's
		var v T
		if err := elem(d, &v); err != nil {
			return err
		}
		(*p)[k] = v
	}
}

// MapAny decodes an object into a map[string]any, as Map with Any.
func (d *Decoder) MapAny(p *map[string]any) error {
	return Map(d, p, (*Decoder).Any)
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
		return string(b), err
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
	return p.UnmarshalJSON(raw)
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
		s, err := d.stringBytes()
		if err != nil {
			return err
		}
		return p.UnmarshalText(s)
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
