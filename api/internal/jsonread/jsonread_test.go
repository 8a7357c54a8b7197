package jsonread

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/bits"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	openapi_types "github.com/oapi-codegen/runtime/types"
)

// values are inputs where a reader could easily part from encoding/json.
var values = []string{
	`0`, `-0`, `1`, `-1`, `127`, `128`, `-128`, `-129`, `255`, `256`, `32767`, `32768`, `65535`, `65536`,
	`2147483647`, `2147483648`, `-2147483649`, `4294967295`, `4294967296`,
	`9223372036854775807`, `9223372036854775808`, `-9223372036854775808`, `-9223372036854775809`,
	`18446744073709551615`, `18446744073709551616`, `123456789012345678`, `1234567890123456789`,
	`1.0`, `1e2`, `1E+2`, `-1.5e-3`, `1e400`, `-1e400`, `3.4e38`, `3.5e38`, `1e-400`, `01`, `1.`, `-`, `.5`, `1e`, `+1`,
	`""`, `"x"`, `"\u00e9\ud83d\ude00\ud83d"`, "\"bad \xff utf8\"", `"\x"`, "\"tab\tinside\"", `"unterminated`,
	`"2023-01-01T12:00:00Z"`, `"2023-02-29T12:00:00Z"`, `"2023-01-01T12:00:00+01:00"`, `"1970-01-01"`, `"1970-1-1"`,
	`"aGVsbG8="`, `"aGVsbG8"`, `"a GVsbG8="`, `"!!"`,
	`"123e4567-e89b-12d3-a456-426614174000"`, `"not-a-uuid"`,
	`true`, `false`, `tru`, `null`, `nul`, `{}`, `[]`, `[1, 2]`, `[1,]`, `{"a": 1}`, `{"a": [null, {"b": "c"}]}`, `{"a":}`, ``, ` `,
}

// decoders are jsonread's decoders of single values, each beside the Go
// type encoding/json decodes the same JSON into.
var decoders = []struct {
	typ    reflect.Type
	decode func(d *Decoder, p any) error
}{
	{reflect.TypeFor[string](), func(d *Decoder, p any) error { return d.String(p.(*string)) }},
	{reflect.TypeFor[string](), func(d *Decoder, p any) error { return d.StringOf(p.(*string), []string{"x", ""}) }},
	{reflect.TypeFor[*string](), func(d *Decoder, p any) error { return d.StringPtr(p.(**string)) }},
	{reflect.TypeFor[bool](), func(d *Decoder, p any) error { return d.Bool(p.(*bool)) }},
	{reflect.TypeFor[*bool](), func(d *Decoder, p any) error { return Ptr(d, p.(**bool), (*Decoder).Bool) }},
	{reflect.TypeFor[int](), func(d *Decoder, p any) error { return d.Int(p.(*int)) }},
	{reflect.TypeFor[int8](), func(d *Decoder, p any) error { return d.Int8(p.(*int8)) }},
	{reflect.TypeFor[int16](), func(d *Decoder, p any) error { return d.Int16(p.(*int16)) }},
	{reflect.TypeFor[int32](), func(d *Decoder, p any) error { return d.Int32(p.(*int32)) }},
	{reflect.TypeFor[int64](), func(d *Decoder, p any) error { return d.Int64(p.(*int64)) }},
	{reflect.TypeFor[*int64](), func(d *Decoder, p any) error { return d.Int64Ptr(p.(**int64)) }},
	{reflect.TypeFor[uint](), func(d *Decoder, p any) error { return d.Uint(p.(*uint)) }},
	{reflect.TypeFor[uint8](), func(d *Decoder, p any) error { return d.Uint8(p.(*uint8)) }},
	{reflect.TypeFor[uint16](), func(d *Decoder, p any) error { return d.Uint16(p.(*uint16)) }},
	{reflect.TypeFor[uint32](), func(d *Decoder, p any) error { return d.Uint32(p.(*uint32)) }},
	{reflect.TypeFor[uint64](), func(d *Decoder, p any) error { return d.Uint64(p.(*uint64)) }},
	{reflect.TypeFor[float32](), func(d *Decoder, p any) error { return d.Float32(p.(*float32)) }},
	{reflect.TypeFor[float64](), func(d *Decoder, p any) error { return d.Float64(p.(*float64)) }},
	{reflect.TypeFor[[]byte](), func(d *Decoder, p any) error { return d.Bytes(p.(*[]byte)) }},
	{reflect.TypeFor[any](), func(d *Decoder, p any) error { return d.Any(p.(*any)) }},
	{reflect.TypeFor[map[string]any](), func(d *Decoder, p any) error { return d.MapAny(p.(*map[string]any)) }},
	{reflect.TypeFor[[]int32](), func(d *Decoder, p any) error { return Slice(d, p.(*[]int32), (*Decoder).Int32) }},
	{reflect.TypeFor[[]*string](), func(d *Decoder, p any) error { return Slice(d, p.(*[]*string), (*Decoder).StringPtr) }},
	{reflect.TypeFor[map[string]float64](), func(d *Decoder, p any) error { return Map(d, p.(*map[string]float64), nil, (*Decoder).Float64) }},
	{reflect.TypeFor[time.Time](), func(d *Decoder, p any) error { return d.Time(p.(*time.Time)) }},
	{reflect.TypeFor[*time.Time](), func(d *Decoder, p any) error { return d.TimePtr(p.(**time.Time)) }},
	{reflect.TypeFor[openapi_types.Date](), func(d *Decoder, p any) error { return d.Date(p.(*openapi_types.Date)) }},
	{reflect.TypeFor[*openapi_types.Date](), func(d *Decoder, p any) error { return d.DatePtr(p.(**openapi_types.Date)) }},
	{reflect.TypeFor[openapi_types.Email](), func(d *Decoder, p any) error { return d.JSON(p.(*openapi_types.Email)) }},
	{reflect.TypeFor[uuid.UUID](), func(d *Decoder, p any) error {
		return d.Text(p.(*uuid.UUID), reflect.TypeFor[uuid.UUID]())
	}},
	{reflect.TypeFor[json.RawMessage](), func(d *Decoder, p any) error { return d.JSON(p.(*json.RawMessage)) }},
	{reflect.TypeFor[float64](), func(d *Decoder, p any) error { return d.Fallback(p) }},
}

// Each decoder gives encoding/json's value, or an error where it gives
// one, for every value, as the whole document and inside an object.
func TestDecodersMatchEncodingJSON(t *testing.T) {
	for _, dec := range decoders {
		for _, in := range values {
			checkSame(t, dec.typ, dec.decode, in)
		}
	}
}

func checkSame(t *testing.T, typ reflect.Type, decode func(*Decoder, any) error, in string) {
	t.Helper()
	got, want := reflect.New(typ), reflect.New(typ)
	d := Decoder{}
	d.Reset([]byte(in))
	err := decode(&d, got.Interface())
	if err == nil {
		err = d.Finish()
	}
	wantErr := json.Unmarshal([]byte(in), want.Interface())
	if (err == nil) != (wantErr == nil) {
		t.Fatalf("%s from %q: error %v, encoding/json %v", typ, in, err, wantErr)
	}
	if err == nil && !reflect.DeepEqual(got.Elem().Interface(), want.Elem().Interface()) {
		t.Fatalf("%s from %q: %#v, encoding/json %#v", typ, in, got.Elem().Interface(), want.Elem().Interface())
	}
	if te, ok := err.(*json.UnmarshalTypeError); ok {
		if wte, ok := wantErr.(*json.UnmarshalTypeError); ok && te.Value != wte.Value {
			t.Errorf("%s from %q: type error says %q, encoding/json %q", typ, in, te.Value, wte.Value)
		}
	}
}

// FuzzDecodersMatchEncodingJSON: the same on any input.
func FuzzDecodersMatchEncodingJSON(f *testing.F) {
	for i := range decoders {
		for _, in := range values {
			f.Add(uint8(i), in)
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, in string) {
		dec := decoders[int(which)%len(decoders)]
		checkSame(t, dec.typ, dec.decode, in)
	})
}

// FuzzValidMatchesJSONValid: the transport's check is json.Valid's.
func FuzzValidMatchesJSONValid(f *testing.F) {
	for _, in := range values {
		f.Add([]byte(in))
		f.Add([]byte(`{"a": [` + in + `], "b": {"c": ` + in + `}}`))
	}
	f.Add([]byte(strings.Repeat("[", 10001) + strings.Repeat("]", 10001)))
	f.Fuzz(func(t *testing.T, in []byte) {
		if got, want := Valid(in), json.Valid(in); got != want {
			t.Fatalf("Valid(%q) = %v, json.Valid = %v", in, got, want)
		}
	})
}

func TestValidAtTheDepthLimit(t *testing.T) {
	for _, depth := range []int{9999, 10000, 10001} {
		in := []byte(strings.Repeat("[", depth) + strings.Repeat("]", depth))
		if got, want := Valid(in), json.Valid(in); got != want {
			t.Errorf("depth %d: Valid %v, json.Valid %v", depth, got, want)
		}
	}
}

// The fast path for the common time form gives what time.Time's own
// UnmarshalJSON gives, or steps aside.
func TestSimpleUTCTimeAgreesWithTime(t *testing.T) {
	for _, in := range []string{
		`"2023-01-01T12:00:00Z"`, `"0000-01-01T00:00:00Z"`, `"9999-12-28T23:59:59Z"`,
		`"2023-02-29T12:00:00Z"`, `"2023-02-28T24:00:00Z"`, `"2023-13-01T12:00:00Z"`, `"2023-00-01T12:00:00Z"`,
		`"2023-01-00T12:00:00Z"`, `"2023-01-01T12:60:00Z"`, `"2023-01-01T12:00:60Z"`, `"2023-01-01t12:00:00Z"`,
		`"2023-01-01T12:00:00z"`, `"2023-01-01T12:00:00+01:00"`, `"2023-01-01T12:00:00.5Z"`, `"+023-01-01T12:00:00Z"`,
		`"2023-01-31T12:00:00Z"`, `"2023-1-01T12:00:00Z"`, `2023`, `null`,
	} {
		var want time.Time
		wantErr := want.UnmarshalJSON([]byte(in))
		got, ok := simpleUTCTime([]byte(in))
		if !ok {
			continue
		}
		if wantErr != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: fast path %v, time.Time %v (%v)", in, got, want, wantErr)
		}
	}
	if _, ok := simpleUTCTime([]byte(`"2023-01-01T12:00:00Z"`)); !ok {
		t.Error("the fast path never runs")
	}
}

// A string from the known values is the known string itself; any other is
// a copy of its own, which keeps none of the input alive.
func TestStringOfTakesKnownValues(t *testing.T) {
	known := []string{"to-do", "bridge"}
	in := []byte(`["to-do", "closed", "to\u002ddo"]`)
	var got []string
	d := Decoder{}
	d.Reset(in)
	if err := Slice(&d, &got, func(d *Decoder, p *string) error { return d.StringOf(p, known) }); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != "[to-do closed to-do]" {
		t.Fatalf("decoded %q", got)
	}
	bridge := []byte(`"bridge"`)
	if allocs := testing.AllocsPerRun(100, func() {
		d.Reset(bridge)
		var s string
		_ = d.StringOf(&s, known)
	}); allocs != 0 {
		t.Errorf("a known value cost %v allocations", allocs)
	}
}

// The lowest byte specials marks is the first that plainByte refuses, for
// every byte in every position, after plain bytes or after another special.
func TestSpecialsFindsTheFirstSpecialByte(t *testing.T) {
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 8; pos++ {
			for _, fill := range []byte{'a', 0x00, 0xff, '"'} {
				b := []byte("abcdefgh")
				b[pos] = byte(c)
				for k := pos + 1; k < 8; k++ {
					b[k] = fill // what follows must not matter
				}
				want := 8
				for k := range b {
					if !plainByte[b[k]] {
						want = k
						break
					}
				}
				got := 8
				if m := specials(binary.LittleEndian.Uint64(b)); m != 0 {
					got = bits.TrailingZeros64(m) >> 3
				}
				if got != want {
					t.Fatalf("%q: specials points at byte %d, want %d", b, got, want)
				}
			}
		}
	}
}
