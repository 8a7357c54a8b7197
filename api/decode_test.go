package api

import (
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/healvi-chat/healvi-go/api/internal/difftest"
)

// checker compares the generated decoders with encoding/json.
var checker = difftest.New(decodedTypes)

func checkSameAsEncodingJSON(t *testing.T, typ reflect.Type, in []byte) {
	t.Helper()
	checker.Same(t, typ, in)
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
	root := reflect.TypeFor[ConversationResponse]()
	for _, in := range decoderCases(docExampleForTest(t)) {
		checkSameAsEncodingJSON(t, root, []byte(in))
	}
	// Every other generated decoder, on values of each kind.
	for _, typ := range decodedTypes {
		for _, in := range []string{`{}`, `null`, `[]`, `"x"`, `1`, `{"id": 1, "ID": 2}`, `{"data": []}`, `{"x": {}}`} {
			checkSameAsEncodingJSON(t, typ, []byte(in))
		}
	}
}

// FuzzDecoderMatchesEncodingJSON proves, on any input, that the generated
// decoders and encoding/json agree: the same value, or both an error. The
// first byte picks the type, so every generated decoder is a root.
func FuzzDecoderMatchesEncodingJSON(f *testing.F) {
	root := slices.Index(decodedTypes, reflect.TypeFor[ConversationResponse]())
	for _, in := range decoderCases(docExampleForTest(f)) {
		f.Add(byte(root), []byte(in))
	}
	f.Fuzz(func(t *testing.T, which byte, in []byte) {
		checkSameAsEncodingJSON(t, decodedTypes[int(which)%len(decodedTypes)], in)
	})
}

// Every model that a response reaches decodes with a generated decoder:
// none falls back to encoding/json's reflection.
func TestNoModelFallsBackToEncodingJSON(t *testing.T) {
	if len(decodeFallbacks) > 0 {
		t.Errorf("fields without a generated decoder (add the kind to internal/apigen and api/internal/jsonread): %q", decodeFallbacks)
	}
}
