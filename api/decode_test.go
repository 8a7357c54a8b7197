package api

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"
)

// plainType returns a type with t's fields and JSON tags but none of its
// methods, so that encoding/json decodes it by reflection: the reference
// the generated decoders must match. time.Time, Date and LenientString
// keep their own UnmarshalJSON, which encoding/json calls too.
func plainType(t reflect.Type) reflect.Type {
	switch t {
	case reflect.TypeFor[time.Time](), reflect.TypeFor[openapi_types.Date](), reflect.TypeFor[LenientString]():
		return t
	}
	switch t.Kind() {
	case reflect.Pointer:
		return reflect.PointerTo(plainType(t.Elem()))
	case reflect.Slice:
		return reflect.SliceOf(plainType(t.Elem()))
	case reflect.Map:
		return reflect.MapOf(t.Key(), plainType(t.Elem()))
	case reflect.Struct:
		fields := make([]reflect.StructField, t.NumField())
		for i := range fields {
			f := t.Field(i)
			fields[i] = reflect.StructField{Name: f.Name, Type: plainType(f.Type), Tag: f.Tag}
		}
		return reflect.StructOf(fields)
	}
	return t
}

var plainConversationResponse = plainType(reflect.TypeFor[ConversationResponse]())

// checkSameAsEncodingJSON decodes in with the generated decoder and with
// encoding/json's reflection, and fails unless both give the same value
// (compared by encoding it again) or both an error.
func checkSameAsEncodingJSON(t *testing.T, in []byte) {
	t.Helper()
	var fast ConversationResponse
	fastErr := fast.UnmarshalJSON(in)
	ref := reflect.New(plainConversationResponse)
	refErr := json.Unmarshal(in, ref.Interface())
	if (fastErr == nil) != (refErr == nil) {
		t.Fatalf("input %.200q: generated decoder error %v, encoding/json error %v", in, fastErr, refErr)
	}
	if fastErr != nil {
		return
	}
	got, err1 := json.Marshal(fast)
	want, err2 := json.Marshal(ref.Interface())
	if err1 != nil || err2 != nil {
		t.Fatalf("input %.200q: encoding again: %v, %v", in, err1, err2)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("input %.200q:\ngenerated decoder %s\nencoding/json     %s", in, got, want)
	}
	if valid := validJSON(in); !valid {
		t.Fatalf("input %.200q decoded but validJSON says it is not JSON", in)
	}
}

func docExampleForTest(t testing.TB) string {
	b, err := os.ReadFile("healvitest/docexample.json")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// decoderCases are inputs where a decoder could easily part from
// encoding/json; they seed the fuzzer as well.
func decoderCases(doc string) []string {
	r := func(old, new string) string {
		if !strings.Contains(doc, old) {
			panic("decoderCases: " + old + " is not in the doc example")
		}
		return strings.Replace(doc, old, new, 1)
	}
	return []string{
		doc,
		r(`"email": 123`, `"email": "a@b.c"`),
		r(`"email": 123`, `"email": -1.5e3`),
		r(`"email": 123`, `"email": true`),
		r(`"email": 123`, `"email": null`),
		r(`"user": {`, `"user": null, "x": {`),
		r(`"snooze_until": "2023-01-01T12:00:00Z"`, `"snooze_until": null`),
		r(`"created_at": "2023-01-01T12:00:00Z"`, `"created_at": null`),
		r(`"created_at": "2023-01-01T12:00:00Z"`, `"created_at": "2023-13-01T12:00:00Z"`),
		r(`"created_at": "2023-01-01T12:00:00Z"`, `"created_at": 5`),
		r(`"date_of_birth": "1970-01-01"`, `"date_of_birth": "1970-1-1"`),
		r(`"date_of_birth": "1970-01-01"`, `"date_of_birth": "\u0031970-01-01"`),
		r(`"date_of_birth": "1970-01-01"`, `"date_of_birth": 19700101`),
		r(`"id": 123,`, `"id": 9223372036854775807,`),
		r(`"id": 123,`, `"id": 9223372036854775808,`),
		r(`"id": 123,`, `"id": 1.0,`),
		r(`"id": 123,`, `"id": 1e2,`),
		r(`"id": 123,`, `"id": -0,`),
		r(`"id": 123,`, `"id": "123",`),
		r(`"id": 123,`, `"ID": 7, "Id": 8,`),
		r(`"id": 123,`, `"id": 1, "id": 2,`),
		r(`"channel": "bridge"`, `"CHANNEL": "x", "channel": "y", "Channel": "z"`),
		r(`"channel": "bridge"`, `"ſtatus": "long s"`),
		r(`"channel": "bridge"`, `"İd": 5, "ıd": 6`),
		r(`"channel": "bridge"`, `"channel": "\ud83d\ude00 \ud83d \u00e9\n\t\"\\\/"`),
		r(`"channel": "bridge"`, "\"channel\": \"bad \xff\xfe utf8 \xed\xa0\x80\""),
		r(`"channel": "bridge"`, "\"chan\xffnel\": \"x\""),
		r(`"channel": "bridge"`, `"channel": "\x"`),
		r(`"channel": "bridge"`, "\"channel\": \"tab\tinside\""),
		r(`"reference": {}`, `"reference": {"a": [1, 2.5, -3e2, "s", null, true, {"b": {}}], "a": 1}`),
		r(`"reference": {}`, `"reference": {"n": 1e400}`),
		r(`"reference": {}`, `"reference": []`),
		r(`"roles": [`, `"roles": null, "permissions": [1], "x": [`),
		r(`"roles": [`, `"roles": [], "permissions": [null, "p"], "x": [`),
		r(`"contents": [`, `"contents": [{"type": "a", "content": "1"}, {"type": "b"}], "contents": [{"content": "2"}], "contents": [{}, {}], "x": [`),
		r(`"latest_note": {`, `"latest_note": {"id": 1, "text": "t"}, "latest_note": {"id": 2}, "x": {`),
		r(`"agent": {`, `"agent": null, "agent2": {`),
		r(`"agent": {`, `"agent": [], "agent2": {`),
		r(`"in_sync": true`, `"in_sync": "true"`),
		r(`"in_sync": true`, `"in_sync": null`),
		r(`"in_sync": true`, `"in_sync": tru`),
		r(`"unread_customer_messages_count": 123`, `"unread_customer_messages_count": 0123`),
		r(`"unread_customer_messages_count": 123`, `"unread_customer_messages_count": 1.`),
		r(`"unread_customer_messages_count": 123`, `"unread_customer_messages_count": -`),
		doc + " ",
		doc + "x",
		doc + "{}",
		" \t\r\n" + doc,
		doc[:len(doc)/2],
		`{"data": {"id": 1}, "data": null}`,
		`{"data": {"id": 1}, "data": {"status": "s"}}`,
		`{"data": {"id": 1,}}`,
		`{"data": {"id": 1} "x": 2}`,
		`{"data": {"x": [1,]}}`,
		`{"data" 1}`,
		`{,}`,
		`{}`,
		`null`,
		`[]`,
		`"data"`,
		``,
		` `,
		`{"data": {"x": ` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}}`,
		`{"data": {"x": ` + strings.Repeat("[", 9997) + strings.Repeat("]", 9997) + `}}`,
		`{"data": {"x": ` + strings.Repeat("[", 9998) + strings.Repeat("]", 9998) + `}}`,
		`{"data": {"reference": ` + strings.Repeat(`{"a":`, 9997) + `1` + strings.Repeat("}", 9997) + `}}`,
		`{"data": {"reference": ` + strings.Repeat(`{"a":`, 9998) + `1` + strings.Repeat("}", 9998) + `}}`,
		`{"data": {"latest_message": {"contents": [{"type": "t", "content": "c", "x": {"y": [true, false, null]}}]}}}`,
		`{"d\u0061ta": {"\u0069d": 5}}`,
		`{"data": {"user": {"email": "\u00e9"}, "latest_message": {"user_id": null, "sent_at": null, "latest_error": null, "reference": null}}}`,
	}
}

func TestDecoderMatchesEncodingJSON(t *testing.T) {
	for _, in := range decoderCases(docExampleForTest(t)) {
		checkSameAsEncodingJSON(t, []byte(in))
		if got, want := validJSON([]byte(in)), json.Valid([]byte(in)); got != want {
			t.Errorf("validJSON(%.100q) = %v, json.Valid = %v", in, got, want)
		}
	}
}

// FuzzDecoderMatchesEncodingJSON proves, on any input, that the generated
// decoder and encoding/json agree: the same value, or both an error.
func FuzzDecoderMatchesEncodingJSON(f *testing.F) {
	for _, in := range decoderCases(docExampleForTest(f)) {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		checkSameAsEncodingJSON(t, in)
	})
}

// FuzzValidJSONMatchesJSONValid: the transport's check is json.Valid's.
func FuzzValidJSONMatchesJSONValid(f *testing.F) {
	for _, in := range decoderCases(docExampleForTest(f)) {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if got, want := validJSON(in), json.Valid(in); got != want {
			t.Fatalf("validJSON(%q) = %v, json.Valid = %v", in, got, want)
		}
	})
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
		if wantErr != nil || !got.Equal(want) || got.Location() != want.Location() || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: fast path %v, time.Time %v (%v)", in, got, want, wantErr)
		}
	}
	if _, ok := simpleUTCTime([]byte(`"2023-01-01T12:00:00Z"`)); !ok {
		t.Error("the fast path never runs")
	}
}

// Runtime pieces that today's models do not use, for the models that a
// changed spec would bring: a *bool, and a type with no fast decoder, which
// falls back to encoding/json.
func TestDecoderPiecesForOtherModels(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want *bool
		err  bool
	}{{`true`, ptr(true), false}, {` false`, ptr(false), false}, {`null`, nil, false}, {`1`, nil, true}} {
		d := decoder{b: []byte(tc.in)}
		var got *bool
		err := d.decodeBoolPtr(&got)
		if (err != nil) != tc.err || !tc.err && !reflect.DeepEqual(got, tc.want) {
			t.Errorf("decodeBoolPtr(%s) = %v, %v", tc.in, got, err)
		}
	}
	for _, in := range []string{`1.5e3`, ` -2`, `"x"`, `null`, `[1]`, `1.`} {
		d := decoder{b: []byte(in)}
		var got, want float64
		err := d.fallback(&got)
		wantErr := json.Unmarshal([]byte(in), &want)
		if (err != nil) != (wantErr != nil) || got != want {
			t.Errorf("fallback(%s) = %v, %v; encoding/json %v, %v", in, got, err, want, wantErr)
		}
	}
}

func ptr[T any](v T) *T { return &v }
