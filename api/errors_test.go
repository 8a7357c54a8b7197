package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/healvi-chat/healvi-go/api"
)

func TestStatusErrorsAreTypedAndNotRetried(t *testing.T) {
	for _, tc := range []struct {
		status      int
		contentType string
		body        string
		sentinel    error
		wantText    []string
	}{
		{401, "application/json", `{"message":"Unauthenticated."}`, api.ErrUnauthorized, []string{"401 Unauthorized", "Unauthenticated."}},
		{403, "application/json", `{"message":"This action is unauthorized."}`, api.ErrForbidden, []string{"403 Forbidden", "This action is unauthorized."}},
		{404, "application/json", `{"message":"conversation not found"}`, api.ErrNotFound, []string{"404 Not Found", "conversation not found"}},
		{500, "text/html; charset=utf-8", "<html><body><h1>Whoops, looks like something went wrong.</h1></body></html>", api.ErrServer, []string{"500 Internal Server Error", "text/html", "Whoops"}},
		{400, "application/json", `{"error":{"message":"bad id"}}`, nil, []string{"400 Bad Request", "bad id"}},
	} {
		t.Run(fmt.Sprint(tc.status), func(t *testing.T) {
			var requests atomic.Int32
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
				requests.Add(1)
				w.Header().Set("Content-Type", tc.contentType)
				w.Header().Set("X-Request-Id", "req-42")
				w.WriteHeader(tc.status)
				fmt.Fprint(w, tc.body)
			})
			c := newClient(t, srv.URL+"/third-party/v1")

			conv, err := c.Conversation(context.Background(), 123)
			_, genErr := c.GetConversationWithResponse(context.Background(), 123)
			for name, err := range map[string]error{"Conversation": err, "GetConversationWithResponse": genErr} {
				if err == nil {
					t.Fatalf("%s: no error", name)
				}
				if tc.sentinel != nil && !errors.Is(err, tc.sentinel) {
					t.Errorf("%s: %v is not %v", name, err, tc.sentinel)
				}
				var apiErr *api.APIError
				if !errors.As(err, &apiErr) {
					t.Fatalf("%s: %T is not an *APIError", name, err)
				}
				if apiErr.StatusCode != tc.status || apiErr.RequestID != "req-42" || apiErr.Method != "GET" || apiErr.Path != "/third-party/v1/conversations/123" {
					t.Errorf("%s: %+v", name, apiErr)
				}
				for _, want := range append(tc.wantText, "GET /third-party/v1/conversations/123", "req-42") {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("%s: %q does not say %q", name, err, want)
					}
				}
			}
			if conv != nil {
				t.Error("Conversation returned a conversation with its error")
			}
			if n := requests.Load(); n != 2 {
				t.Errorf("%d requests for 2 calls: a %d was retried", n, tc.status)
			}
		})
	}
}

func TestUnusableSuccessResponsesAreClearErrors(t *testing.T) {
	for _, tc := range []struct {
		name, contentType, body string
		want                    []string
	}{
		{"html", "text/html", "<!doctype html><title>Login</title>", []string{"200 OK", "not JSON", "text/html"}},
		{"truncated JSON", "application/json", `{"data": {"id": 123, "chan`, []string{"200 OK", "not valid JSON (at byte 26)"}},
		{"empty body", "application/json", "", []string{"200 OK", "empty body"}},
		{"no content type", "", `{"data":{}}`, []string{"200 OK", "not JSON"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header()["Content-Type"] = []string{tc.contentType}
				fmt.Fprint(w, tc.body)
			})
			c := newClient(t, srv.URL)
			conv, err := c.Conversation(context.Background(), 123)
			resp, genErr := c.GetConversationWithResponse(context.Background(), 123)
			if conv != nil || resp != nil {
				t.Fatalf("got a value with the error: %v %v", conv, resp)
			}
			for _, err := range []error{err, genErr} {
				if !errors.Is(err, api.ErrInvalidResponse) {
					t.Fatalf("%v is not ErrInvalidResponse", err)
				}
				for _, want := range tc.want {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("%q does not say %q", err, want)
					}
				}
				// A 2xx body is the API's customers' data: never quoted.
				if tc.body != "" && strings.Contains(err.Error(), tc.body[:9]) {
					t.Errorf("%q quotes the body", err)
				}
			}
		})
	}
}

// callers are the ways New's client decodes GET /conversations/{id}: the
// typed method and the generated method with a typed body. Each returns a
// value or an error, and fails alike. (The generated method with the
// *http.Response hands over the body undecoded: see
// TestRawMethodHandsOverTheBody.)
var callers = map[string]func(*api.ClientWithResponses, int64) (any, error){
	"Conversation": func(c *api.ClientWithResponses, id int64) (any, error) {
		return nilIfZero(c.Conversation(context.Background(), id))
	},
	"GetConversationWithResponse": func(c *api.ClientWithResponses, id int64) (any, error) {
		return nilIfZero(c.GetConversationWithResponse(context.Background(), id))
	},
}

func nilIfZero[T any](v *T, err error) (any, error) {
	if v == nil {
		return nil, err
	}
	return v, err
}

func TestWrongTypesInASuccessResponse(t *testing.T) {
	for _, body := range []string{`{"data":{"id":"one hundred","agent":null}}`, `{"data":{"id":"one"}}`} {
		srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, []byte(body))
		})
		for name, call := range callers {
			v, err := call(newClient(t, srv.URL), 123)
			var apiErr *api.APIError
			if v != nil || !errors.As(err, &apiErr) || !errors.Is(err, api.ErrInvalidResponse) || apiErr.StatusCode != 200 {
				t.Fatalf("%s: %v, %v; want an *APIError matching ErrInvalidResponse", name, v, err)
			}
			for _, want := range []string{"healvi: GET /conversations/123: 200 OK: invalid response: ", "at /data/id (byte 14): a JSON string where int64 is wanted", "application/json"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("%s: %q does not say %q", name, err, want)
				}
			}
			if strings.Contains(err.Error(), `"one`) || len(apiErr.Body) != 0 {
				t.Errorf("%s: %q (body %q) keeps the value", name, err, apiErr.Body)
			}
		}
	}
}

// A 2xx JSON body without a conversation in it is an error, never a zero
// Conversation and a nil error, from every method of New's client.
func TestSuccessWithoutAConversationIsInvalid(t *testing.T) {
	for body, want := range map[string]string{
		`{}`:                          "required property data is missing",
		`{"data":null}`:               "required property data is null",
		`{"data":5}`:                  "at /data (byte 8): a JSON number where api.Conversation is wanted",
		`{"data":"conversation"}`:     "at /data (byte 8): a JSON string where api.Conversation is wanted",
		`{"data":[]}`:                 "at /data (byte 8): a JSON array where api.Conversation is wanted",
		`{"conversation":{"id":123}}`: "required property data is missing",
		`[]`:                          "at byte 0: a JSON array where api.ConversationResponse is wanted",
		`null`:                        "required property data is missing",
	} {
		t.Run(body, func(t *testing.T) {
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, 200, []byte(body))
			})
			for name, call := range callers {
				v, err := call(newClient(t, srv.URL), 123)
				var apiErr *api.APIError
				if v != nil || !errors.Is(err, api.ErrInvalidResponse) || !errors.As(err, &apiErr) || apiErr.StatusCode != 200 || !strings.Contains(err.Error(), want) {
					t.Errorf("%s = %v, %v; want nil and an *APIError matching ErrInvalidResponse saying %q", name, v, err, want)
				}
			}
		})
	}
}

// A required property that may be null may also be left out: a server
// that drops null keys still works.
func TestNullablePropertiesMayBeLeftOut(t *testing.T) {
	doc := decodeMap(t, docExample)
	data := doc["data"].(map[string]any)
	for _, key := range []string{"user", "latest_message", "latest_customer_message", "latest_note", "snooze_until", "reply_until", "last_customer_reply_from"} {
		delete(data, key)
	}
	body, _ := json.Marshal(doc)
	srv := serve(t, func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, 200, body) })
	for name, call := range callers {
		if _, err := call(newClient(t, srv.URL), 123); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// A 2xx status the operation does not document is no answer to rely on.
func TestUndocumentedSuccessStatusIsInvalid(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, http.StatusCreated, docExample) })
	for name, call := range callers {
		v, err := call(newClient(t, srv.URL), 123)
		if v != nil || !errors.Is(err, api.ErrInvalidResponse) || !strings.Contains(err.Error(), "status 201 is not one the operation documents") {
			t.Errorf("%s = %v, %v", name, v, err)
		}
	}
}

func TestCheckResponseWithTheGeneratedClient(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 404, []byte(`{"message":"No query results for model [Conversation] 9"}`))
	})
	c, err := api.NewClientWithResponses(srv.URL, api.WithBearerToken(testToken))
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.GetConversationWithResponse(context.Background(), 9)
	if err != nil {
		t.Fatal(err) // the plain generated client reports no error for a 404
	}
	err = api.CheckResponse(r.HTTPResponse, r.Body)
	if !errors.Is(err, api.ErrNotFound) || !strings.Contains(err.Error(), "No query results") {
		t.Errorf("CheckResponse = %v", err)
	}
	if err := api.CheckResponse(nil, nil); err == nil {
		t.Error("CheckResponse(nil) = nil")
	}
}

// Every error of the package says where it comes from the same way.
func TestEveryErrorStartsWithHealvi(t *testing.T) {
	const base = "https://a.b.healvi-chat/third-party/v1"
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 404, []byte(`{"message":"Conversation not found."}`))
	})
	closed := serve(t, docExampleHandler)
	closed.Close()
	errs := map[string]error{}
	_, errs["TenantURL"] = api.TenantURL("bad.part", "x")
	_, errs["New without token"] = api.New(base, "")
	_, errs["New with bad URL"] = api.New("ftp://x", testToken)
	_, errs["New with bad option"] = api.New(base, testToken, api.WithRetries(-1))
	_, errs["Conversation id 0"] = newClient(t, srv.URL).Conversation(context.Background(), 0)
	if !errors.Is(errs["Conversation id 0"], api.ErrInvalidParameter) {
		t.Errorf("Conversation(0): %v is not ErrInvalidParameter", errs["Conversation id 0"])
	}
	_, errs["Conversation 404"] = newClient(t, srv.URL).Conversation(context.Background(), 7)
	_, errs["Conversation unreachable"] = newClient(t, closed.URL, api.WithRetries(0)).Conversation(context.Background(), 7)
	var s api.LenientString
	errs["LenientString"] = json.Unmarshal([]byte(`true`), &s)
	for name, err := range errs {
		if err == nil || !strings.HasPrefix(err.Error(), "healvi: ") {
			t.Errorf("%s: error %v does not start with \"healvi: \"", name, err)
		}
	}
}

// What a server sends never drives the reader's terminal: control
// characters in the status text, message, request id, content type and
// body are escaped in the error text, and kept as sent in the fields.
func TestErrorTextEscapesControlCharacters(t *testing.T) {
	const hostile = "\x1b]52;c;aGk=\x07\x1b[2J\u009b1A\r\nSTATUS resolved\x7f\xff"
	const escaped = `\x1b]52;c;aGk=\a\x1b[2J\u009b1A\r\nSTATUS resolved\x7f\xff`
	for _, tc := range []struct {
		name    string
		handler http.HandlerFunc
		want    string
		field   func(*api.APIError) string
	}{
		{"message", func(w http.ResponseWriter, r *http.Request) {
			body, _ := json.Marshal(map[string]string{"message": hostile})
			writeJSON(w, 404, body)
			// A JSON string cannot keep invalid UTF-8: \xff decodes to U+FFFD.
		}, "healvi: GET /conversations/5: 404 Not Found: " + strings.TrimSuffix(escaped, `\xff`) + "\uFFFD", func(e *api.APIError) string { return e.Message }},
		{"request id", func(w http.ResponseWriter, r *http.Request) {
			// net/http refuses C0 controls and DEL in a header; C1 controls,
			// bidi overrides and invalid UTF-8 get through.
			w.Header()["X-Request-Id"] = []string{"\u009b2J\u202eid\xff"}
			writeJSON(w, 404, []byte(`{"message":"gone"}`))
		}, `healvi: GET /conversations/5: 404 Not Found: gone [request id \u009b2J\u202eid\xff]`, func(e *api.APIError) string { return e.RequestID }},
		{"content type and body", func(w http.ResponseWriter, r *http.Request) {
			w.Header()["Content-Type"] = []string{"text/html\u009b2J"}
			w.WriteHeader(500)
			fmt.Fprint(w, "<h1>\x1b[1A\u009b</h1>")
		}, `healvi: GET /conversations/5: 500 Internal Server Error (content type "text/html\u009b2J", body "<h1>\x1b[1A\u009b</h1>")`, func(e *api.APIError) string { return e.ContentType + string(e.Body) }},
		{"status text", func(w http.ResponseWriter, r *http.Request) {
			conn, buf, _ := http.NewResponseController(w).Hijack()
			buf.WriteString("HTTP/1.1 404 Gone\x1b[2J\u009b\r\nContent-Length: 0\r\n\r\n")
			buf.Flush()
			conn.Close()
		}, `healvi: GET /conversations/5: 404 Gone\x1b[2J\u009b`, func(e *api.APIError) string { return e.Status }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := serve(t, tc.handler)
			_, err := newClient(t, srv.URL, api.WithRetries(0)).Conversation(context.Background(), 5)
			var apiErr *api.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v, want an *APIError", err)
			}
			if err.Error() != tc.want {
				t.Errorf("Error() =\n%q\nwant\n%q", err.Error(), tc.want)
			}
			if f := tc.field(apiErr); !strings.Contains(f, "\u009b") {
				t.Errorf("the field lost the bytes as sent: %q", f)
			}
		})
	}
}

// The generated method that returns the *http.Response is the raw way in:
// New's client sends, retries and bounds it, and makes a non-2xx an
// *APIError, but hands a 2xx over with its body as sent, undecoded.
func TestRawMethodHandsOverTheBody(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/conversations/404" {
			writeJSON(w, http.StatusNotFound, []byte(`{"message":"Conversation not found."}`))
			return
		}
		writeJSON(w, 200, []byte(`{}`))
	})
	c := newClient(t, srv.URL)
	resp, err := c.GetConversation(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil || string(body) != "{}" {
		t.Errorf("body %q, %v; want {} as sent", body, err)
	}
	if _, err := c.GetConversation(context.Background(), 404); !errors.Is(err, api.ErrNotFound) {
		t.Errorf("404: %v, want ErrNotFound", err)
	}
}
