package genfixture

import (
	"reflect"
	"testing"

	"github.com/healvi-chat/healvi-go/api/internal/difftest"
)

var checker = difftest.New(decodedTypes)

// inputs hold a value of each kind for each field of Kinds, and the
// values of the wrong kind, nulls and edge cases around them.
var inputs = []string{
	`{"s": "x", "i": 1, "nested": {"id": 1, "name": "a-thing"}}`,
	`{"s": "x", "s_nullable": null, "s_optional": "y", "s_enum": "open", "s_enum_list": ["open", "closed", "other"],
	  "i": -3, "i32": 2147483647, "i64": -9223372036854775808, "i32_nullable": null,
	  "f": 1.5, "f32": 3.4e38, "f64": 1e308, "f_nullable": null, "b": true, "b_nullable": null,
	  "t": "2023-01-01T12:00:00Z", "t_nullable": "2023-01-31T12:00:00+02:00", "d": "1970-01-01", "d_nullable": null,
	  "uuid": "123e4567-e89b-12d3-a456-426614174000", "uuid_nullable": null, "email": "a@b.example",
	  "bytes": "aGVsbG8=", "binary": "aGk=", "anything": {"a": [1, "b", null]}, "object": {"k": true},
	  "map_int": {"a": 1, "b": 2, "a": 3}, "map_thing": {"t": {"id": 1}}, "map_list": {"l": ["x", null]},
	  "list": [{"id": 1}, {"id": 2, "name": "b"}], "list_nullable": null, "list_of_nullable": [null, {"id": 3}],
	  "matrix": [[1, 2], [], [3]], "nested": {"id": 9}, "nested_nullable": null,
	  "inline": {"deep": {"x": 7}}, "extra": {"known": 1, "other": "o"}, "union": "u", "skip_pointer": "s"}`,
	`{"i32": 2147483648}`, `{"f32": 3.5e38}`, `{"i": 1.5}`, `{"s_enum": 1}`, `{"uuid": "nope"}`, `{"uuid": 5}`,
	`{"email": "not an address"}`, `{"bytes": "!!"}`, `{"bytes": [1, 2]}`, `{"d": "1970-1-1"}`, `{"d": null}`,
	`{"matrix": [[1], null, [null]]}`, `{"map_int": null}`, `{"map_int": {"a": "b"}}`, `{"list": [null]}`,
	`{"inline": {"deep": null}}`, `{"inline": {"Deep": {"X": 1}}}`, `{"union": {"id": 1}}`, `{"extra": []}`,
	`{"NESTED": {"ID": 2}}`, `{"nested": []}`, `{"list_of_nullable": [{"id": 1}, null]}`, `null`, `[]`, `{}`, `{"s":}`,
}

func TestDecodersMatchEncodingJSON(t *testing.T) {
	for _, typ := range decodedTypes {
		for _, in := range inputs {
			checker.Same(t, typ, []byte(in))
		}
	}
}

func FuzzDecodersMatchEncodingJSON(f *testing.F) {
	for i := range decodedTypes {
		for _, in := range inputs {
			f.Add(byte(i), []byte(in))
		}
	}
	f.Fuzz(func(t *testing.T, which byte, in []byte) {
		checker.Same(t, decodedTypes[int(which)%len(decodedTypes)], in)
	})
}

// Every kind of the fixture has a generated decoder, and every root type
// of its operations: none falls back to encoding/json.
func TestEveryKindHasADecoder(t *testing.T) {
	if len(decodeFallbacks) > 0 {
		t.Errorf("fields without a generated decoder: %q", decodeFallbacks)
	}
	for _, want := range []reflect.Type{reflect.TypeFor[Kinds](), reflect.TypeFor[Thing](), reflect.TypeFor[MaybeThing]()} {
		found := false
		for _, typ := range decodedTypes {
			found = found || typ == want
		}
		if !found {
			t.Errorf("%s has no generated decoder", want)
		}
	}
}
