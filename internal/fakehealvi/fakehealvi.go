// Package fakehealvi is an in-process stand-in for a Healvi chat instance,
// for the CLI's demo and for tests: it serves the documentation's example
// conversation to requests that carry the expected bearer token.
package fakehealvi

import (
	"crypto/subtle"
	"net/http"
	"net/http/httptest"
	"strconv"

	"github.com/healvi-chat/healvi-go/internal/docexample"
)

// BasePath is where the fake serves the API, as a real instance does.
const BasePath = "/third-party/v1"

// Handler serves GET BasePath/conversations/{id}: the documentation's example
// for its id (123), a JSON 404 for any other id, and a JSON 401 unless the
// request has "Authorization: Bearer <token>".
func Handler(token string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+BasePath+"/conversations/{id}", func(w http.ResponseWriter, r *http.Request) {
		want := "Bearer " + token
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte(want)) != 1 {
			writeJSON(w, http.StatusUnauthorized, []byte(`{"message":"Unauthenticated."}`))
			return
		}
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil || id != docexample.ConversationID {
			writeJSON(w, http.StatusNotFound, []byte(`{"message":"Conversation not found."}`))
			return
		}
		writeJSON(w, http.StatusOK, docexample.Conversation)
	})
	return mux
}

// Start starts the fake on a loopback port and returns it with the base
// URL to give to api.New. Close the server when done.
func Start(token string) (srv *httptest.Server, baseURL string) {
	srv = httptest.NewServer(Handler(token))
	return srv, srv.URL + BasePath
}

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
