// Package healvitest runs a fake Healvi chat server for tests, like
// net/http/httptest does for any handler: your code under test talks to it
// over real HTTP on loopback, through api.New or any other client.
//
//	srv := healvitest.NewServer(t)
//	c, err := api.New(srv.URL, srv.Token)
//	conv, err := c.Conversation(ctx, healvitest.DocExampleID) // the documentation's example
//
// The [Server] serves every operation of openapi.yaml, embedded in this
// module, reads and writes alike: by default with the operation's
// documented example (the documentation's conversation as [DocExampleID],
// and a JSON 404 for any other id; no body for a documented 204), and
// with what a test scripts: [Server.Respond] for any operation or path,
// [Server.AddConversation] and [Server.AddConversationJSON] for
// conversations. A wrong or missing token gets a JSON 401.
// [Server.FailNext] scripts faults for the next requests ([Status] with
// Retry-After or X-Request-Id, [Slow], [MalformedJSON], [TruncatedJSON],
// [CutConnection], [HTMLPage]), and [Server.Requests] tells what the
// server received, credentials redacted.
//
// It does not drift from the contract unless a test says so: every
// request it receives and every response it sends outside a scripted
// fault is validated against openapi.yaml with kin-openapi's
// openapi3filter (by [github.com/healvi-chat/healvi-go/api/contract]),
// request bodies and formats such as uuid included. A violation fails the
// test with a message naming the field: a request off the contract gets a
// 400 that says so, a response off it a 500. [Server.RespondDrifted]
// scripts a JSON answer off the contract on purpose (a null where the
// spec says not nullable, a missing or undocumented property), sent as
// scripted, to test how code handles a real server's drift;
// [Request.Drifted] marks the requests it answered. A request outside
// [BasePath] gets a JSON 404 that says where the API is served.
//
// `healvi serve` runs the same server outside tests, for manual
// exploration and for clients in other languages.
package healvitest
