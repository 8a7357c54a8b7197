// Package api is a Go client for the Healvi chat third-party REST API.
//
// Its models ([Conversation], [Customer], [Message], ...), [Client] and
// [ClientWithResponses] are generated from the module's openapi.yaml by
// oapi-codegen (client.gen.go), and the models' decoders, the typed methods
// and the checks of every response by internal/apigen (decode.gen.go,
// operations.gen.go); none of them is edited by hand. The files beside
// them add what a caller needs on top: [New] with bearer-token
// authentication, typed errors, retries, time limits and a response size
// limit. A new operation in openapi.yaml gets all of it by regeneration.
//
// # Getting started
//
// [New] takes the tenant's base URL ([TenantURL] builds it from its parts)
// and the API token:
//
//	c, err := api.New("https://1-some-client.some-server.healvi-chat/third-party/v1", token)
//	if err != nil {
//		return err
//	}
//	conv, err := c.Conversation(ctx, 123)
//
// Every GET operation has a typed method named for what it returns, the
// operation's name without its verb: getConversation is
// [ClientWithResponses.Conversation]. It returns the resource, or an error:
// never both, and never neither. The generated methods
// ([ClientWithResponses.GetConversationWithResponse] and the one that
// returns the *http.Response) work on the same client and fail the same
// way.
//
// Every method takes a context; its deadline or cancellation ends the call,
// retries included. One client is safe for use by many goroutines, and
// keeps its connections for reuse: make one and share it.
//
// # Errors
//
// A response other than 2xx, or a 2xx that the client cannot use, is an
// [*APIError] with the status, the server's message, the request id and,
// for 429, when to come back ([APIError.RetryAfter]). Match kinds with
// [errors.Is]: [ErrUnauthorized] (401), [ErrForbidden] (403), [ErrNotFound]
// (404), [ErrRateLimited] (429), [ErrServer] (5xx), [ErrInvalidResponse] (a
// 2xx whose status the operation does not document, that is not JSON, or
// that lacks a property openapi.yaml requires) and [ErrResponseTooLarge].
// A typed method's argument that the spec rules out is
// [ErrInvalidParameter], and a plain-http URL that would send the token in
// clear text [ErrInsecureURL]; neither sends anything. A network failure or
// a timeout is an error that wraps the cause (errors.Is(err,
// context.DeadlineExceeded), a *net.OpError, ...). Every error text starts
// with "healvi: ", holds no token in any form, and shows what a server sent
// with its control characters escaped.
//
// # Retries, time limits and size
//
// A network error that may pass, a connection closed mid-body, and 429,
// 502, 503 and 504 are retried ([WithRetries], default 3) with exponential
// backoff and jitter ([WithRetryWait]), honouring Retry-After up to one
// minute; a certificate the system does not trust, a host that does not
// exist or a refused redirect is not. A whole call, tries and waits, ends
// after 2 minutes ([WithTimeout]) and each try after 30 seconds
// ([WithTryTimeout]); a body is read up to 16 MiB ([WithMaxResponseBytes]).
// [WithLogger] logs each try, the token redacted. [WithHTTPClient]
// replaces only what sends one request: the layer above it stays in front.
//
// These options belong to [New]. The generated [NewClientWithResponses]
// has none of that layer: with it, they fail, and only [WithBearerToken]
// and [CheckResponse] apply. Use [New].
//
// # Testing
//
// Package healvitest (github.com/healvi-chat/healvi-go/api/healvitest) runs
// a fake Healvi server on loopback for your tests: every operation of
// openapi.yaml, checked against it, with scripted answers and faults
// (429s, 5xx, slow or cut responses, malformed JSON).
package api
