// Package healvitest runs a fake Healvi chat server for tests, like
// net/http/httptest does for any handler: your code under test talks to it
// over real HTTP on loopback, through api.New or any other client.
//
//	srv := healvitest.NewServer(t)
//	c, err := api.New(srv.URL, srv.Token)
//	conv, err := c.Conversation(ctx, healvitest.DocExampleID) // the documentation's example
//
// The server serves the documentation's example as conversation
// DocExampleID and the conversations a test adds (AddConversation,
// AddConversationJSON); any other id gets a JSON 404, a wrong or missing
// token a JSON 401. FailNext scripts faults for the next requests (a status
// with Retry-After or X-Request-Id, a delay, malformed or truncated JSON, a
// connection cut mid-body, an HTML page), and Requests tells what the server
// received, the token redacted.
//
// It cannot drift from the contract: every request it receives and every
// response it sends outside a scripted fault is validated against
// openapi.yaml, embedded in this module, with kin-openapi's openapi3filter.
// A violation fails the test with a message naming the field, and the
// client gets a 500 that says so.
//
// `healvi serve` runs the same server outside tests, for manual
// exploration and for clients in other languages.
package healvitest
