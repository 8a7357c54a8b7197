package healvitest_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/healvi-chat/healvi-go/api"
	"github.com/healvi-chat/healvi-go/api/healvitest"
)

// driftedConversation is the documentation's conversation with agent null,
// which openapi.yaml does not allow, wrapped in its envelope.
func driftedConversation(t *testing.T) []byte {
	t.Helper()
	conv := nullField(t, string(mustData(t, healvitest.DocExampleOnContract())), "agent")
	return []byte(`{"data":` + conv + `}`)
}

// A drifted answer scripted with RespondDrifted reaches the client byte for
// byte: no 500, no violation, and the request is marked in Requests.
func TestRespondDriftedSendsTheAnswerAsScripted(t *testing.T) {
	rec := &recorder{TB: t}
	srv := healvitest.NewServer(rec)
	body := driftedConversation(t)
	srv.RespondDrifted("GET /conversations/5", http.StatusOK, body, "X-Request-Id", "req-7")

	resp, got := get(t, srv.URL+"/conversations/5", "Bearer "+srv.Token)
	if resp.StatusCode != http.StatusOK || !bytes.Equal(got, body) {
		t.Fatalf("got %d %s; want 200 and the scripted bytes", resp.StatusCode, got)
	}
	if ct, id := resp.Header.Get("Content-Type"), resp.Header.Get("X-Request-Id"); ct != "application/json" || id != "req-7" {
		t.Errorf("Content-Type %q, X-Request-Id %q", ct, id)
	}
	// Through New's client too, whatever it makes of the body (the
	// library's verdict is its own): the fake sent no 500.
	if _, err := client(t, srv, api.WithRetries(0)).Conversation(context.Background(), 5); errors.Is(err, api.ErrServer) {
		t.Errorf("client got a server error: %v", err)
	}
	if r := rec.reported(); len(r) != 0 {
		t.Errorf("reported %q; a drift scripted on purpose is no violation", r)
	}
	reqs := srv.Requests()
	if len(reqs) != 2 || !reqs[0].Drifted || !reqs[1].Drifted || !strings.Contains(reqs[0].String(), "off the contract") {
		t.Errorf("Requests() = %v; want both marked Drifted", reqs)
	}
}

// What is not scripted with RespondDrifted is checked as before, and a
// drifted answer still needs the token and a request on the contract.
func TestRespondDriftedLeavesTheRestChecked(t *testing.T) {
	rec := &recorder{TB: t}
	srv := healvitest.NewServer(rec)
	body := driftedConversation(t)
	srv.RespondDrifted("getConversation", http.StatusCreated, body) // an undocumented status, too

	if resp, got := get(t, srv.URL+"/conversations/9", "Bearer "+srv.Token); resp.StatusCode != http.StatusCreated || !bytes.Equal(got, body) {
		t.Errorf("by operation: got %d %s", resp.StatusCode, got)
	}
	if resp, _ := get(t, srv.URL+"/conversations/9", "Bearer wrong"); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("wrong token: got %d, want 401", resp.StatusCode)
	}
	if r := rec.reported(); len(r) != 0 {
		t.Fatalf("reported %q", r)
	}
	if reqs := srv.Requests(); reqs[1].Drifted {
		t.Errorf("the 401 is marked Drifted")
	}

	// The same body through AddConversationJSON is caught, as ever.
	srv.AddConversationJSON(6, mustData(t, body))
	if resp, _ := get(t, srv.URL+"/conversations/6", "Bearer "+srv.Token); resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("unscripted drift: got %d, want 500", resp.StatusCode)
	}
	if r := rec.reported(); len(r) != 1 || !strings.Contains(r[0], "agent") {
		t.Errorf("reported %q; want the unscripted drift naming agent", r)
	}
}

// RespondDrifted refuses a route that names no operation, and a body that
// is not JSON, as violations reported at once.
func TestRespondDriftedChecksTheRouteAndJSON(t *testing.T) {
	for _, tc := range []struct {
		name, route string
		body        []byte
		want        string
	}{
		{"no such operation", "getNothing", []byte(`{}`), "no operation with that operationId"},
		{"no such path", "GET /nothing/5", []byte(`{}`), "matches no operation"},
		{"not JSON", "GET /conversations/5", []byte(`<html>`), "not JSON"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{TB: t}
			srv := healvitest.NewServer(rec)
			srv.RespondDrifted(tc.route, http.StatusOK, tc.body)
			if r := rec.reported(); len(r) != 1 || !strings.Contains(r[0], "RespondDrifted(") || !strings.Contains(r[0], tc.want) {
				t.Errorf("reported %q; want one violation saying %q", r, tc.want)
			}
			if resp, _ := get(t, srv.URL+"/conversations/5", "Bearer "+srv.Token); resp.StatusCode != http.StatusNotFound {
				t.Errorf("got %d; want the fake's own 404, nothing scripted", resp.StatusCode)
			}
		})
	}
}
