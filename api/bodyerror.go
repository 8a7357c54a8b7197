package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/healvi-chat/healvi-go/api/internal/jsonread"
)

// A success body holds the API's customers' personal data (names, phone
// numbers, e-mail addresses, dates of birth), so an error about one says
// where it is wrong and what was wanted there, and quotes none of it: not
// in its text, and not in any error it wraps.

// bodyError is what is wrong with a 2xx body, described without its
// content. It wraps ErrInvalidResponse and nothing else.
type bodyError struct{ msg string }

func (e *bodyError) Error() string { return "invalid response: " + e.msg }
func (e *bodyError) Unwrap() error { return ErrInvalidResponse }

// describeBodyError turns err, a decoder's or a check's error about a 2xx
// body, into a bodyError: the byte offset, the field and the Go type
// wanted, and the JSON kind that came. Errors that the checks of this
// package wrote (a missing property, a status or content type that does
// not fit) name only the spec's terms and keep their text; any other
// error, whose text could quote the value, is reduced to its kind.
func describeBodyError(err error) error {
	var (
		typeErr   *json.UnmarshalTypeError
		valueErr  *jsonread.ValueError
		syntaxErr *jsonread.SyntaxError
		stdSyntax *json.SyntaxError
		own       *specError
	)
	switch {
	case errors.As(err, &own):
		return &bodyError{msg: own.msg}
	case errors.As(err, &typeErr):
		kind, _, _ := strings.Cut(typeErr.Value, " ") // "number 1e999": the kind only
		return &bodyError{msg: fmt.Sprintf("%s: a JSON %s where %v is wanted", where(typeErr.Offset, typeErr.Field), kind, typeErr.Type)}
	case errors.As(err, &valueErr):
		return &bodyError{msg: fmt.Sprintf("%s: a value that %v does not accept", where(int64(valueErr.Offset), valueErr.Field), valueErr.Type)}
	case errors.As(err, &syntaxErr):
		return &bodyError{msg: fmt.Sprintf("body is not valid JSON (at byte %d)", syntaxErr.Offset)}
	case errors.As(err, &stdSyntax):
		return &bodyError{msg: fmt.Sprintf("body is not valid JSON (at byte %d)", stdSyntax.Offset)}
	}
	return &bodyError{msg: fmt.Sprintf("body does not decode (%T)", err)}
}

// where names a place in a body for an error text: the JSON pointer of
// the field, from encoding/json's dotted path, and the byte offset, such
// as "at /data/agent/id (byte 52)".
func where(offset int64, field string) string {
	if field == "" {
		return fmt.Sprintf("at byte %d", offset)
	}
	return fmt.Sprintf("at /%s (byte %d)", strings.ReplaceAll(field, ".", "/"), offset)
}

// specError is what a check of this package found wrong with a 2xx
// response, in the spec's terms only (a property's name, a status, a
// content type), never a value of the body.
type specError struct{ msg string }

func (e *specError) Error() string { return e.msg }

// specErrorf formats a specError; its arguments must come from the spec or
// the response's status line and headers, never from its body.
func specErrorf(format string, args ...any) error {
	return &specError{msg: fmt.Sprintf(format, args...)}
}
