package api

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/healvi-chat/healvi-go/api/internal/redact"
	"github.com/healvi-chat/healvi-go/api/internal/safetext"
)

// What the generated Parse<Op>Response functions (client.gen.go, from the
// templates in internal/templates) and the generated methods call, so that
// every path through the generated client fails as New's client does:
// with an error, never a panic, and never a response without the body
// that its status documents.

// errNilContext is a call with a nil context, as net/http words it.
var errNilContext = errors.New("healvi: nil Context")

// readResponse reads and closes rsp's body for a Parse function. A 1xx
// answer (only a 101 reaches a caller, as net/http reads past the others)
// is an error and its body, the raw connection, is closed unread. New's
// transport has read the body already; from any other doer it is read
// here within the default limit. The media type of Content-Type is put in
// lower case, as RFC 9110 makes its case meaningless and the generated
// code compares it as written.
func readResponse(rsp *http.Response) ([]byte, error) {
	if rsp == nil {
		return nil, errors.New("healvi: no response to parse")
	}
	if rsp.StatusCode < 200 {
		rsp.Body.Close()
		return nil, fmt.Errorf("healvi: %s: %w: %s to a request that asked for no upgrade", requestLine(rsp), errInformational,
			safetext.Escape(redact.String(rsp.Status, responseSecret(rsp))))
	}
	lowerMediaType(rsp.Header)
	if b, ok := rsp.Body.(*bufferedBody); ok {
		return b.data, nil
	}
	body, err := readBody(rsp, defaultMaxBytes)
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("healvi: %s: reading response body: %w", requestLine(rsp), err)
	}
	return body, nil
}

// lowerMediaType puts the media type of h's Content-Type in lower case,
// leaving its parameters as they are.
func lowerMediaType(h http.Header) {
	v := h.Get("Content-Type")
	mt, params, hasParams := strings.Cut(v, ";")
	lower := strings.ToLower(mt)
	if lower == mt {
		return
	}
	if hasParams {
		lower += ";" + params
	}
	h.Set("Content-Type", lower)
}

// undecodableResponse is the error of a Parse function whose body or
// headers do not decode: an *APIError wrapping ErrInvalidResponse.
func undecodableResponse(rsp *http.Response, body []byte, err error) error {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return err
	}
	if len(bytes.TrimSpace(body)) == 0 && rsp.StatusCode/100 == 2 {
		err = specErrorf("empty body")
	}
	return newAPIError(rsp, body, invalid(err))
}

// undocumentedContentType is a documented 2xx whose body came in another
// content type than the JSON documented, so that nothing was decoded.
func undocumentedContentType() error {
	return specErrorf("content type is not JSON, as the operation documents")
}

// invalidHeader is a documented response header whose value does not parse
// as its documented type. The parser's error quotes the value, so only the
// header's name is kept.
func invalidHeader(name string, _ error) error {
	return specErrorf("header %s does not parse as its documented type", name)
}
