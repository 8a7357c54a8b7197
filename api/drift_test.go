package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/healvi-chat/healvi-go/api"
)

// drifted returns the documentation's conversation with edit applied to
// its data.
func drifted(t *testing.T, edit func(data map[string]any)) []byte {
	t.Helper()
	doc := decodeMap(t, docExample)
	edit(doc["data"].(map[string]any))
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// collect is a drift handler that keeps what it is given.
type collect struct {
	mu    sync.Mutex
	drift []api.Drift
}

func (c *collect) handle(_ context.Context, d []api.Drift) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.drift = append(c.drift, d...)
}

func (c *collect) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, d := range c.drift {
		out = append(out, d.Pointer+" "+d.Kind.String())
	}
	c.drift = nil
	slices.Sort(out)
	return out
}

// A real server omits, nulls and adds properties. Each such body decodes,
// through the typed and the generated method, and its drift is reported:
// exactly the deviations, by JSON pointer and kind, never a value. Strict
// mode turns each into ErrInvalidResponse.
func TestDriftIsToleratedAndNamed(t *testing.T) {
	nine := []string{"agent", "channel", "created_at", "customer", "status", "reply_possible",
		"customer_interaction_required", "unread_customer_messages_count", "id"}
	type drift struct {
		body []byte
		want []string
	}
	cases := map[string]drift{
		"only an id": {[]byte(`{"data":{"id":1}}`), nil},
		"nested property missing": {drifted(t, func(d map[string]any) {
			delete(d["agent"].(map[string]any), "id")
		}), []string{"/data/agent/id missing"}},
		"undocumented property": {drifted(t, func(d map[string]any) {
			d["colour"] = "teal"
			d["customer"].(map[string]any)["profile"].(map[string]any)["shoe_size"] = 44
		}), []string{"/data/colour undocumented", "/data/customer/profile/shoe_size undocumented"}},
	}
	for _, name := range nine {
		cases[name+" null"] = drift{drifted(t, func(d map[string]any) { d[name] = nil }), []string{"/data/" + name + " null"}}
		cases[name+" missing"] = drift{drifted(t, func(d map[string]any) { delete(d, name) }), []string{"/data/" + name + " missing"}}
	}
	// {"data":{"id":1}} lacks every required property but id.
	only := cases["only an id"]
	for _, p := range []string{"agent", "channel", "created_at", "customer", "customer_interaction_required", "last_customer_reply_from",
		"latest_customer_message", "latest_message", "latest_note", "reply_possible", "reply_until", "snooze_until", "status",
		"unread_customer_messages_count", "user"} {
		only.want = append(only.want, "/data/"+p+" missing")
	}
	cases["only an id"] = only

	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			srv := serve(t, func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, 200, tc.body) })
			var got collect
			c := newClient(t, srv.URL, api.WithDriftHandler(got.handle))
			conv, err := c.Conversation(context.Background(), 123)
			if err != nil || conv == nil {
				t.Fatalf("Conversation = %v, %v; want the conversation", conv, err)
			}
			slices.Sort(tc.want)
			if d := got.take(); !slices.Equal(d, tc.want) {
				t.Errorf("Conversation: drift %q, want %q", d, tc.want)
			}
			r, err := c.GetConversationWithResponse(context.Background(), 123)
			if err != nil || r.JSON200 == nil {
				t.Fatalf("GetConversationWithResponse = %v, %v", r, err)
			}
			if d := got.take(); !slices.Equal(d, tc.want) {
				t.Errorf("GetConversationWithResponse: drift %q, want %q", d, tc.want)
			}
			strict := newClient(t, srv.URL, api.WithStrictResponses())
			for method, call := range callers {
				v, err := call(strict, 123)
				if len(tc.want) == 0 {
					continue
				}
				if v != nil || !errors.Is(err, api.ErrInvalidResponse) || !strings.Contains(err.Error(), "strict: 200 "+tc.want[0][:strings.IndexByte(tc.want[0], ' ')]) {
					t.Errorf("strict %s = %v, %v; want ErrInvalidResponse naming %s", method, v, err, tc.want[0])
				}
			}
		})
	}
}

// The documentation's own example has no drift at all.
func TestTheDocumentedExampleHasNoDrift(t *testing.T) {
	srv := serve(t, docExampleHandler)
	var got collect
	if _, err := newClient(t, srv.URL, api.WithDriftHandler(got.handle), api.WithStrictResponses()).Conversation(context.Background(), 123); err != nil {
		t.Fatal(err)
	}
	if d := got.take(); len(d) != 0 {
		t.Errorf("drift %q in the documentation's example", d)
	}
}

// With WithLogger, each distinct finding is logged once per client, at
// warn level, with its place and kind and never a value.
func TestDriftIsLoggedOncePerClient(t *testing.T) {
	body := drifted(t, func(d map[string]any) { d["agent"] = nil; d["nickname"] = "Erika Mustermann" })
	srv := serve(t, func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, 200, body) })
	var logs bytes.Buffer
	c := newClient(t, srv.URL, api.WithLogger(slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))))
	for range 3 {
		if _, err := c.Conversation(context.Background(), 123); err != nil {
			t.Fatal(err)
		}
	}
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d log lines, want 2 (one per finding):\n%s", len(lines), logs.String())
	}
	for _, want := range []string{`"pointer":"/data/agent","kind":"null"`, `"pointer":"/data/nickname","kind":"undocumented"`} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("the log does not say %s:\n%s", want, logs.String())
		}
	}
	if strings.Contains(logs.String(), "Erika") {
		t.Errorf("the log holds a value of the body:\n%s", logs.String())
	}
	if !strings.Contains(lines[0], `"level":"WARN"`) || !strings.Contains(lines[0], `"operation":"getConversation"`) {
		t.Errorf("want a warning naming the operation: %s", lines[0])
	}
}

// CheckBody gives the same verdict as the methods, for a body a tool
// fetched or kept itself.
func TestCheckBody(t *testing.T) {
	drift, err := api.CheckBody("getConversation", 200, []byte(`{"data":{"id":1,"agent":null,"extra":1}}`))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range drift {
		got = append(got, d.String())
	}
	for _, want := range []string{"getConversation 200 /data/agent: null, which Conversation does not allow",
		"getConversation 200 /data/extra: not described by Conversation",
		"getConversation 200 /data/status: missing, which Conversation requires"} {
		if !slices.Contains(got, want) {
			t.Errorf("CheckBody drift %q lacks %q", got, want)
		}
	}
	for body, want := range map[string]string{`{}`: "required property data is missing", `{"data":null}`: "required property data is null", `{"data":5}`: "a JSON number", ``: "empty body"} {
		if _, err := api.CheckBody("getConversation", 200, []byte(body)); !errors.Is(err, api.ErrInvalidResponse) || !strings.Contains(err.Error(), want) {
			t.Errorf("CheckBody(%q) = %v, want ErrInvalidResponse saying %q", body, err, want)
		}
	}
	if _, err := api.CheckBody("getConversation", 201, docExample); !errors.Is(err, api.ErrInvalidResponse) {
		t.Errorf("an undocumented 201: %v", err)
	}
	if _, err := api.CheckBody("noSuchOperation", 200, docExample); err == nil {
		t.Error("an unknown operation: no error")
	}
}

// The drift handler runs with the call's context still live, carrying the
// caller's values, so that it can do its own I/O with it; the try's
// context is released once the method returns. So is that of a raw
// method's response, when its body is closed.
func TestDriftHandlerGetsALiveContext(t *testing.T) {
	type key struct{}
	body := drifted(t, func(d map[string]any) { d["agent"] = nil })
	srv := serve(t, func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, 200, body) })
	var (
		inHandler error
		value     any
		handled   context.Context
	)
	c := newClient(t, srv.URL, api.WithDriftHandler(func(ctx context.Context, _ []api.Drift) {
		inHandler, value, handled = ctx.Err(), ctx.Value(key{}), ctx
	}))
	ctx := context.WithValue(context.Background(), key{}, "mine")
	if _, err := c.Conversation(ctx, 123); err != nil {
		t.Fatal(err)
	}
	if handled == nil {
		t.Fatal("the handler was not called")
	}
	if inHandler != nil || value != "mine" {
		t.Errorf("in the handler: ctx.Err() = %v and its value %v, want a live context with the caller's value", inHandler, value)
	}
	if handled.Err() == nil {
		t.Error("the try's context is still live after the method returned")
	}

	rsp, err := c.ClientInterface.GetConversation(ctx, 123)
	if err != nil {
		t.Fatal(err)
	}
	if err := rsp.Request.Context().Err(); err != nil {
		t.Errorf("a raw method's response: its context is %v before its body is closed", err)
	}
	rsp.Body.Close()
	if rsp.Request.Context().Err() == nil {
		t.Error("a raw method's response: its context is live after its body is closed")
	}
}
