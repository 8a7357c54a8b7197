package api_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/healvi-chat/healvi-go/api"
)

// FuzzResponseHandling feeds arbitrary responses through New's client, on
// both the convenience and the generated path: whatever the server sends,
// the client returns a conversation or an error, never both, never neither,
// never a panic, and never the token in an error.
func FuzzResponseHandling(f *testing.F) {
	doc := string(docExample)
	f.Add(200, "application/json", "", doc)
	f.Add(200, "application/json; charset=utf-8", "", strings.Replace(doc, `"email": 123`, `"email": "a@b.c"`, 1))
	f.Add(200, "application/json", "", strings.Replace(doc, `"user": {`, `"user": null, "x": {`, 1))
	f.Add(200, "application/json", "", doc[:len(doc)/2])
	f.Add(200, "text/html", "", "<html>login</html>")
	f.Add(200, "application/json", "", "")
	f.Add(200, "application/json", "", `{"data":{"id":"1"}}`)
	f.Add(200, "application/json", "", `{"data":null}`)
	f.Add(200, "application/json", "", `[]`)
	f.Add(404, "application/json", "", `{"message":"not found"}`)
	f.Add(429, "application/json", "1", `{"message":"slow down"}`)
	f.Add(500, "text/html", "", "<h1>Whoops</h1>")
	f.Add(302, "", "", "")
	f.Add(0, "", "", "")
	f.Add(999, "application/vnd.api+json", "Wed, 21 Oct 2015 07:28:00 GMT", `{"error":{"message":7}}`)

	f.Fuzz(func(t *testing.T, status int, contentType, retryAfter, body string) {
		// In memory, so that the fuzzer runs the client's whole response
		// handling many thousand times a second.
		respond := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			h := http.Header{"Content-Type": {contentType}, "Retry-After": {retryAfter}}
			return &http.Response{
				Status: fmt.Sprint(status), StatusCode: status, Header: h, Request: r,
				Body: io.NopCloser(strings.NewReader(body)), ContentLength: -1,
			}, nil
		})}
		c, err := api.New("https://a.b.healvi-chat/third-party/v1", testToken,
			api.WithHTTPClient(respond), api.WithRetries(0), api.WithMaxResponseBytes(1<<16))
		if err != nil {
			t.Fatal(err)
		}
		conv, err := c.Conversation(context.Background(), 123)
		if (conv == nil) == (err == nil) {
			t.Fatalf("Conversation = %v, %v: want exactly one", conv, err)
		}
		r, genErr := c.GetConversationWithResponse(context.Background(), 123)
		if (r == nil) == (genErr == nil) {
			t.Fatalf("GetConversationWithResponse = %v, %v: want exactly one", r, genErr)
		}
		for _, err := range []error{err, genErr} {
			if err == nil {
				continue
			}
			if s := err.Error() + fmt.Sprintf("%+v", err); strings.Contains(s, testToken) {
				t.Fatalf("token in error %q", s)
			}
			var apiErr *api.APIError
			if errors.As(err, &apiErr) && len(apiErr.Body) > 4<<10 {
				t.Fatalf("APIError.Body holds %d bytes", len(apiErr.Body))
			}
		}
		// A conversation came only from a 2xx JSON response.
		if conv != nil && (status < 200 || status > 299 || !bytes.Contains([]byte(strings.ToLower(contentType)), []byte("json"))) {
			t.Fatalf("a conversation from status %d, content type %q", status, contentType)
		}
	})
}
