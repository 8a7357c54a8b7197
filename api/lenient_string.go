package api

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// LenientString is a string that also accepts a JSON number when decoding,
// keeping the number's digits as written. It encodes as a JSON string.
//
// The vendor's documentation shows User.Email as the number 123 in its
// example response; the spec says string, and LenientString lets a client
// decode either without failing the whole response.
type LenientString string

// UnmarshalJSON decodes a JSON string or number into s. A JSON null leaves s
// unchanged, as it does for a plain Go string.
func (s *LenientString) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	switch {
	case len(data) == 0:
		return fmt.Errorf("healvi: LenientString: empty JSON value")
	case data[0] == '"' && plainString(data):
		*s = LenientString(data[1 : len(data)-1])
		return nil
	case data[0] == '"':
		var v string
		if err := json.Unmarshal(data, &v); err != nil {
			return err
		}
		*s = LenientString(v)
		return nil
	case bytes.Equal(data, []byte("null")):
		return nil
	case data[0] == '-' || (data[0] >= '0' && data[0] <= '9'):
		var n json.Number
		if err := json.Unmarshal(data, &n); err != nil {
			return err
		}
		*s = LenientString(n.String())
		return nil
	default:
		// The kind only: the value could be anything the server sent.
		return fmt.Errorf("healvi: LenientString: want a JSON string or number, got %s", jsonKind(data[0]))
	}
}

// String returns s as a plain string.
func (s LenientString) String() string { return string(s) }

// jsonKind names the kind of JSON value that starts with c.
func jsonKind(c byte) string {
	switch c {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	}
	return "something else"
}

// plainString reports whether data is a JSON string whose bytes are its
// value: printable ASCII, no escape, nothing after the closing quote. The
// common case needs no second decoder.
func plainString(data []byte) bool {
	if len(data) < 2 || data[len(data)-1] != '"' {
		return false
	}
	for _, c := range data[1 : len(data)-1] {
		if c < ' ' || c > '~' || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}
