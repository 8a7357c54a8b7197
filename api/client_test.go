package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/healvi-chat/healvi-go/api"
)

func TestDocExampleDecodesAndReencodesEveryField(t *testing.T) {
	srv := serve(t, docExampleHandler)
	c := newClient(t, srv.URL+"/third-party/v1")

	r, err := c.GetConversationWithResponse(context.Background(), 123)
	if err != nil {
		t.Fatal(err)
	}
	if r.JSON200 == nil {
		t.Fatalf("JSON200 is nil; status %d", r.StatusCode())
	}
	d := r.JSON200.Data
	if d.ID != 123 || d.Agent.DisplayID != 4915223567929 || d.Status != "to-do" || d.User == nil || d.User.Email != "123" {
		t.Errorf("decoded %+v", d)
	}
	if dob := d.Customer.Profile.DateOfBirth; dob == nil || dob.String() != "1970-01-01" {
		t.Errorf("date_of_birth = %v", dob)
	}

	got, err := json.Marshal(r.JSON200)
	if err != nil {
		t.Fatal(err)
	}
	want := decodeMap(t, docExample)
	// The one change: the documentation's numeric email comes back as a string.
	want["data"].(map[string]any)["user"].(map[string]any)["email"] = "123"
	if gotMap := decodeMap(t, got); !reflect.DeepEqual(gotMap, want) {
		t.Errorf("re-encoded JSON200 differs from the documentation's example:\n got %s", got)
	}
}

func TestRequestIsGetWithBearerToken(t *testing.T) {
	for _, base := range []string{"/third-party/v1", "/third-party/v1/"} {
		t.Run(base, func(t *testing.T) {
			var got *http.Request
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
				got = r.Clone(context.Background())
				docExampleHandler(w, r)
			})
			c := newClient(t, srv.URL+base)
			if _, err := c.Conversation(context.Background(), 123); err != nil {
				t.Fatal(err)
			}
			if got.Method != http.MethodGet || got.URL.String() != "/third-party/v1/conversations/123" {
				t.Errorf("request %s %s, want GET /third-party/v1/conversations/123", got.Method, got.URL)
			}
			if a := got.Header.Get("Authorization"); a != "Bearer "+testToken {
				t.Errorf("Authorization %q", a)
			}
			if a := got.Header.Get("Accept"); a != "application/json" {
				t.Errorf("Accept %q", a)
			}
			if ua := got.Header.Get("User-Agent"); !strings.Contains(ua, "healvi-go/") {
				t.Errorf("User-Agent %q does not name the module", ua)
			}
		})
	}
}

func TestLargeIDIsExactInPathAndBody(t *testing.T) {
	const id = 9007199254740993 // 2^53+1: a float64 would make it ...992
	var path string
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		path = r.URL.Path
		body := strings.Replace(string(docExample), `"id": 123,`, fmt.Sprintf(`"id": %d,`, id), 1)
		writeJSON(w, http.StatusOK, []byte(body))
	})
	conv, err := newClient(t, srv.URL).Conversation(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("/conversations/%d", id); path != want {
		t.Errorf("path %s, want %s", path, want)
	}
	if conv.ID != id {
		t.Errorf("id %d, want %d", conv.ID, id)
	}
}

// nullableFields are the fields the spec marks nullable, as paths into the
// documentation's example.
var nullableFields = [][]string{
	{"snooze_until"}, {"user"}, {"latest_message"}, {"latest_customer_message"},
	{"last_customer_reply_from"}, {"latest_note"}, {"reply_until"},
	{"customer", "profile", "salutation"}, {"customer", "profile", "name"},
	{"customer", "profile", "gender"}, {"customer", "profile", "date_of_birth"},
	{"customer", "profile", "phone_number"}, {"customer", "profile", "email"},
	{"customer", "profile", "address"}, {"customer", "profile", "custom_1"},
	{"customer", "profile", "custom_5"},
	{"latest_message", "user_id"}, {"latest_message", "agent_reaction"},
	{"latest_message", "customer_reaction"}, {"latest_message", "sent_at"},
	{"latest_message", "reference"}, {"latest_message", "latest_error"},
	{"latest_message", "whatsapp_campaign"},
	{"latest_customer_message", "latest_error", "original_message"},
}

func TestNullInEveryNullableFieldDecodes(t *testing.T) {
	for _, path := range nullableFields {
		t.Run(strings.Join(path, "."), func(t *testing.T) {
			doc := decodeMap(t, docExample)
			parent := field(doc["data"], path[:len(path)-1]...).(map[string]any)
			parent[path[len(path)-1]] = nil
			body, _ := json.Marshal(doc)
			srv := serve(t, func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, 200, body) })

			conv, err := newClient(t, srv.URL).Conversation(context.Background(), 123)
			if err != nil {
				t.Fatal(err)
			}
			out, _ := json.Marshal(conv)
			if v, present := field(decodeMap(t, out), path[:len(path)-1]...).(map[string]any)[path[len(path)-1]]; !present || v != nil {
				t.Errorf("re-encoded %v = %v (present %v), want null", path, v, present)
			}
		})
	}
}

func TestUnknownFieldsAndEnumValuesDecodeAndSurvive(t *testing.T) {
	doc := decodeMap(t, docExample)
	data := doc["data"].(map[string]any)
	data["brand_new_field"] = map[string]any{"x": 1}
	data["status"] = "archived-by-robot"
	data["channel"] = "carrier-pigeon"
	data["agent"].(map[string]any)["mood"] = "sunny"
	msg := data["latest_message"].(map[string]any)
	msg["from"], msg["source"], msg["status"] = "martian", "telepathy", "teleported"
	msg["contents"].([]any)[0].(map[string]any)["type"] = "hologram"
	data["customer"].(map[string]any)["profile"].(map[string]any)["gender"] = "nonbinary"
	body, _ := json.Marshal(doc)
	srv := serve(t, func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, 200, body) })

	conv, err := newClient(t, srv.URL).Conversation(context.Background(), 123)
	if err != nil {
		t.Fatal(err)
	}
	if conv.Status != "archived-by-robot" || conv.Channel != "carrier-pigeon" || conv.LatestMessage.Contents[0].Type != "hologram" {
		t.Errorf("unknown values not kept: %q %q %q", conv.Status, conv.Channel, conv.LatestMessage.Contents[0].Type)
	}
	out, _ := json.Marshal(conv)
	again := decodeMap(t, out)
	for path, want := range map[string]string{
		"status": "archived-by-robot", "latest_message.from": "martian",
		"latest_message.source": "telepathy", "latest_message.status": "teleported",
		"customer.profile.gender": "nonbinary",
	} {
		if got := field(again, strings.Split(path, ".")...); got != want {
			t.Errorf("re-encoded %s = %v, want %q", path, got, want)
		}
	}
}

func TestConcurrentCallsShareOneClient(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		// Each conversation's id is its own, so a mixed-up response shows.
		body := strings.Replace(string(docExample), `"id": 123,`, `"id": `+r.PathValue("id")+`,`, 1)
		writeJSON(w, http.StatusOK, []byte(body))
	})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /conversations/{id}", srv.Config.Handler.(http.HandlerFunc))
	srv.Config.Handler = mux
	c := newClient(t, srv.URL)

	const n = 200
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 1; i <= n; i++ {
		wg.Add(1)
		go func(id int64) {
			defer wg.Done()
			conv, err := c.Conversation(context.Background(), id)
			switch {
			case err != nil:
				errs <- err
			case conv.ID != id || conv.Agent.Name != "John Doe":
				errs <- fmt.Errorf("asked for %d, got %d", id, conv.ID)
			}
		}(int64(i))
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestNewRejectsBadArguments(t *testing.T) {
	for _, tc := range []struct {
		name, server, token, want string
	}{
		{"empty token", "https://a.b.healvi-chat/third-party/v1", "", "empty API token"},
		{"token with newline", "https://a.b.healvi-chat/third-party/v1", testToken + "\n", "control"},
		{"relative URL", "/third-party/v1", testToken, "absolute http(s) URL"},
		{"no scheme", "a.b.healvi-chat/third-party/v1", testToken, "absolute http(s) URL"},
		{"ftp", "ftp://a.b.healvi-chat/third-party/v1", testToken, "absolute http(s) URL"},
		{"empty", "", testToken, "absolute http(s) URL"},
		{"user info", "https://user:pw@a.b.healvi-chat/v1", testToken, "user info"},
		{"plain http to a remote host", "http://a.b.healvi-chat/third-party/v1", testToken, "clear text"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := api.New(tc.server, tc.token)
			if err == nil || c != nil {
				t.Fatalf("New(%q) = %v, %v; want an error", tc.server, c, err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not say %q", err, tc.want)
			}
			if strings.Contains(err.Error(), testToken) || strings.Contains(err.Error(), "pw") {
				t.Errorf("error %q leaks a secret", err)
			}
		})
	}
}

func TestNewReportsBadOptions(t *testing.T) {
	for _, opt := range []api.ClientOption{api.WithRetries(-1), api.WithRetryWait(time.Second, time.Millisecond), api.WithTimeout(-1), api.WithMaxResponseBytes(-5)} {
		_, err := api.New("https://a.b.healvi-chat/third-party/v1", testToken, opt)
		if err == nil || !strings.HasPrefix(err.Error(), "healvi: ") || strings.Count(err.Error(), "healvi:") != 1 {
			t.Errorf("New with a bad option: %v", err)
		}
	}
}

func TestNewAcceptsHTTPSAndLoopbackHTTP(t *testing.T) {
	for _, server := range []string{
		"https://1-some-client.some-server.healvi-chat/third-party/v1",
		"http://127.0.0.1:8080/third-party/v1/",
		"http://localhost/third-party/v1",
		"http://[::1]:9/x",
	} {
		if _, err := api.New(server, testToken); err != nil {
			t.Errorf("New(%q): %v", server, err)
		}
	}
	if _, err := api.New("http://a.b.healvi-chat/third-party/v1", testToken, api.WithInsecureHTTP()); err != nil {
		t.Errorf("New with WithInsecureHTTP: %v", err)
	}
}

func TestWithBearerTokenWorksWithGeneratedConstructor(t *testing.T) {
	var auth string
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		auth = r.Header.Get("Authorization")
		docExampleHandler(w, r)
	})
	c, err := api.NewClientWithResponses(srv.URL, api.WithBearerToken(testToken))
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.GetConversationWithResponse(context.Background(), 123)
	if err != nil {
		t.Fatal(err)
	}
	if err := api.CheckResponse(r.HTTPResponse, r.Body); err != nil || r.JSON200 == nil {
		t.Fatalf("CheckResponse: %v (JSON200 %v)", err, r.JSON200)
	}
	if auth != "Bearer "+testToken {
		t.Errorf("Authorization %q", auth)
	}
	if _, err := api.NewClientWithResponses(srv.URL, api.WithBearerToken("")); err == nil {
		t.Error("WithBearerToken(\"\") gave no error")
	}
}

func TestTenantURL(t *testing.T) {
	got, err := api.TenantURL("1-some-client", "some-server")
	if want := "https://1-some-client.some-server.healvi-chat/third-party/v1"; err != nil || got != want {
		t.Errorf("TenantURL = %q, %v; want %q", got, err, want)
	}
	for _, parts := range [][2]string{{"", "s"}, {"c", ""}, {"a.b", "s"}, {"c", "s/x"}, {"c", "s:80"}, {"-c", "s"}, {"c", "{x}"}} {
		if u, err := api.TenantURL(parts[0], parts[1]); err == nil {
			t.Errorf("TenantURL(%q, %q) = %q, want an error", parts[0], parts[1], u)
		}
	}
}

func TestLenientStringDecodesStringsAndNumbers(t *testing.T) {
	for in, want := range map[string]string{
		`"a@b.c"`: "a@b.c", `123`: "123", `-1.5e3`: "-1.5e3", `""`: "", `"\u00e9"`: "é",
	} {
		var s api.LenientString
		if err := json.Unmarshal([]byte(in), &s); err != nil || string(s) != want {
			t.Errorf("decode %s = %q, %v; want %q", in, s, err, want)
		}
		out, _ := json.Marshal(s)
		var back string
		if err := json.Unmarshal(out, &back); err != nil || back != want {
			t.Errorf("re-encode %s = %s, want the string %q", in, out, want)
		}
	}
	for _, in := range []string{`true`, `{}`, `[1]`} {
		var s api.LenientString
		if err := json.Unmarshal([]byte(in), &s); err == nil {
			t.Errorf("decode %s = %q, want an error", in, s)
		}
	}
	// json.Unmarshal refuses 12a before LenientString sees it: call the
	// method itself, as a decoder that trusts its input would.
	var bad api.LenientString
	if err := bad.UnmarshalJSON([]byte(`12a`)); err == nil {
		t.Errorf("UnmarshalJSON(12a) = %q, want an error", bad)
	}
	s := api.LenientString("kept")
	if err := json.Unmarshal([]byte(`null`), &s); err != nil || s != "kept" {
		t.Errorf("null: %q, %v", s, err)
	}
}
