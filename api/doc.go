// Package api is a Go client for the Healvi chat third-party REST API.
//
// Today it covers GET /conversations/{id} ("Show conversation by ID"). The
// models (Conversation, Customer, Message, ...), Client and
// ClientWithResponses are generated from the module's openapi.yaml by
// oapi-codegen (client.gen.go, never edited by hand); the files beside it
// add what a caller needs on top: New with bearer-token authentication,
// typed errors, retries, timeouts and a response size limit.
//
// # Getting started
//
// New takes the tenant's base URL (TenantURL builds it from its parts) and
// the API token:
//
//	c, err := api.New("https://1-some-client.some-server.healvi-chat/third-party/v1", token)
//	if err != nil {
//		return err
//	}
//	conv, err := c.Conversation(ctx, 123)
//
// Every method takes a context; its deadline or cancellation ends the call,
// retries included. One client is safe for use by many goroutines, and
// keeps its connections for reuse: make one and share it.
//
// # Errors
//
// Conversation returns a conversation or an error, never both and never
// neither. A response other than 2xx, or a 2xx that holds no usable
// conversation, is an *APIError with the status, the server's message, the
// request id and, for 429, when to come back (RetryAfter). Match kinds with
// errors.Is: ErrUnauthorized (401), ErrForbidden (403), ErrNotFound (404),
// ErrRateLimited (429), ErrServer (5xx), ErrInvalidResponse (a 2xx that is
// not the expected JSON) and ErrResponseTooLarge. A network failure or a
// timeout is an error that wraps the cause (errors.Is(err,
// context.DeadlineExceeded), a *net.OpError, ...). Every error text starts
// with "healvi: ", and none holds the token.
//
// # Retries, timeouts and limits
//
// A network error, a connection closed mid-body, and 429, 502, 503 and 504
// are retried (WithRetries, default 3) with exponential backoff and jitter
// (WithRetryWait), honouring Retry-After up to one minute. Each try is
// limited to 30 s, body included (WithTimeout), and a body to 16 MiB
// (WithMaxResponseBytes). WithLogger logs each try, the token redacted.
// WithHTTPClient replaces only what sends one request: the layer above it
// stays in front.
//
// # The generated client
//
// The generated GetConversationWithResponse works on New's client and fails
// the same way. With the plain generated constructor, add the token with
// WithBearerToken and check responses with CheckResponse.
//
// # Testing
//
// Package healvitest (github.com/healvi-chat/healvi-go/api/healvitest) runs
// a fake Healvi server on loopback for your tests, checked against
// openapi.yaml, with scripted faults: 429s, 5xx, slow or cut responses,
// malformed JSON.
package api
