// Package difftest checks generated JSON decoders against encoding/json:
// for the tests of package api and of the generator's fixture, which both
// decode into types internal/apigen wrote decoders for.
package difftest

import (
	"bytes"
	"encoding"
	"encoding/json"
	"reflect"
	"testing"
)

var (
	unmarshaler     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// Checker compares the generated decoders of a package's types with
// encoding/json's reflection.
type Checker struct {
	generated map[reflect.Type]bool
}

// New returns a Checker for the types that have a generated decoder.
func New(generated []reflect.Type) *Checker {
	c := &Checker{generated: map[reflect.Type]bool{}}
	for _, t := range generated {
		c.generated[t] = true
	}
	return c
}

// Same decodes in into a typ with its generated UnmarshalJSON and with
// encoding/json's reflection into a mirror of typ without the generated
// decoders, and fails unless both give the same value (compared by
// encoding it again) or both an error.
func (c *Checker) Same(t testing.TB, typ reflect.Type, in []byte) {
	t.Helper()
	fast := reflect.New(typ)
	fastErr := fast.Interface().(json.Unmarshaler).UnmarshalJSON(in)
	ref := reflect.New(c.plain(typ))
	refErr := json.Unmarshal(in, ref.Interface())
	if (fastErr == nil) != (refErr == nil) {
		t.Fatalf("%s, input %.200q: generated decoder error %v, encoding/json error %v", typ, in, fastErr, refErr)
	}
	if fastErr != nil {
		return
	}
	got, err1 := json.Marshal(fast.Interface())
	want, err2 := json.Marshal(ref.Interface())
	if err1 != nil || err2 != nil {
		t.Fatalf("%s, input %.200q: encoding again: %v, %v", typ, in, err1, err2)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s, input %.200q:\ngenerated decoder %s\nencoding/json     %s", typ, in, got, want)
	}
}

// plain returns a type with t's fields and JSON tags but none of the
// generated decoders, so that encoding/json decodes it by reflection: the
// reference the generated decoders must match. Types that decode
// themselves (time.Time, a Date, an x-go-type with UnmarshalJSON, a union)
// keep their own methods, which encoding/json calls too.
func (c *Checker) plain(t reflect.Type) reflect.Type {
	if !c.generated[t] && (reflect.PointerTo(t).Implements(unmarshaler) || reflect.PointerTo(t).Implements(textUnmarshaler)) {
		return t
	}
	switch t.Kind() {
	case reflect.Pointer:
		return reflect.PointerTo(c.plain(t.Elem()))
	case reflect.Slice:
		return reflect.SliceOf(c.plain(t.Elem()))
	case reflect.Map:
		return reflect.MapOf(t.Key(), c.plain(t.Elem()))
	case reflect.Struct:
		fields := make([]reflect.StructField, t.NumField())
		for i := range fields {
			f := t.Field(i)
			fields[i] = reflect.StructField{Name: f.Name, Type: c.plain(f.Type), Tag: f.Tag}
		}
		return reflect.StructOf(fields)
	}
	return t
}
