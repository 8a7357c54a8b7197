// Package api is a Go client for the Healvi chat third-party REST API.
//
// Its models ([Conversation], [Customer], [Message], ...), [Client] and
// [ClientWithResponses] are generated from the module's openapi.yaml by
// oapi-codegen (client.gen.go), and the models' decoders, the typed methods
// and the drift tracking of every response by internal/apigen (decode.gen.go,
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
//	if err != nil {
//		return err
//	}
//	fmt.Println(conv.Status, conv.Customer.Name)
//
// Every method takes a context; its deadline or cancellation ends the call,
// retries included. One client is safe for use by many goroutines, and
// keeps its connections for reuse: make one and share it.
//
// # Three ways to call an operation
//
// Every operation has three methods on the client New returns, all with
// the same retries, limits and errors (one with a JSON body has two more,
// <Op>WithBody and <Op>WithBodyWithResponse, which take the body as an
// io.Reader of any content type):
//
//   - c.Conversation(ctx, id) returns a [*Conversation]: the typed method,
//     the resource or an error, never both and never neither;
//   - c.GetConversationWithResponse(ctx, id) returns a
//     [*GetConversationResponse], the generated method with the decoded
//     body in JSON200; the typed method is built on it, and both decode
//     and check a body alike (see Errors and drift);
//   - c.GetConversation(ctx, id) returns the *http.Response, the generated
//     method with the raw response: a non-2xx is an [*APIError], and a
//     2xx comes with its body in memory, as sent, neither decoded nor
//     checked ([CheckBody] checks one).
//
// A typed method is generated for every operation, named by one rule from
// its operationId. A read whose id starts with get or list and a capital
// letter is named for what it returns, without the verb, as Go names a
// getter: getConversation is [ClientWithResponses.Conversation], and
// listConversations would be Conversations. Any other operation is Do and
// its name (sendMessage would be DoSendMessage, deleteNote DoDeleteNote):
// its bare name is the generated method that returns the *http.Response.
// A typed method returns the one 2xx response's body or, when that is an
// envelope whose only property data is an object, the object in it (never
// nil, though the component be nullable); for an operation whose 2xx has
// no body (a 204), it returns only an error. The spec's lint rules require
// every operation to document one 2xx, with a JSON body or none.
// [TypedClient] is the interface of every method, typed ones included.
//
// Only a typed method checks its arguments against the spec before it
// sends anything (path, query and header parameters: bounds, lengths,
// numbers of items, enums; a request body is the server's to check): Conversation(ctx, 0) is [ErrInvalidParameter]
// (ids start at 1) and sends nothing, while GetConversation(ctx, 0) and
// GetConversationWithResponse(ctx, 0) send the request and return what
// the server answers. For a write whose operation documents an
// Idempotency-Key header, a typed method sends a fresh key unless params
// sets one, the same on every retry of the call. A response header the
// operation documents is parsed on every path (one that does not parse is
// [ErrInvalidResponse]); the generated method's response holds it (such as
// Headers429), and a typed method's caller gets it with
// [WithResponseHeaders].
//
// # Which constructor
//
// Use [New]. The generated [NewClientWithResponses] makes a client with none
// of New's layer: no retries, no time limit, no size limit, no typed errors,
// no checks of the response, and Go's default connection pool. With it, add
// the token with [WithBearerToken] (which still refuses to send it over
// plain http to a host that is not loopback) and check each response
// yourself with [CheckResponse]. New's other options fail there with an
// error that says to use api.New ("healvi: WithRetries works only with
// api.New; ..."), rather than doing nothing or depending on their order.
//
// # Options
//
// New's options apply in any order; each one's doc gives its default:
// [WithTimeout] (2 minutes for a whole call), [WithTryTimeout] (30 seconds
// for each try), [WithRetries] (3), [WithRetryWait] (500ms to 30s),
// [WithMaxResponseBytes] (16 MiB), [WithLogger] (none) and
// [WithInsecureHTTP] (off). With the defaults, one call takes at most two
// minutes, whatever the server does; a deadline on its context applies
// too, and the earlier one wins.
//
// Two options are generated. [WithRequestEditorFn] changes each request
// before it is sent. [WithHTTPClient] replaces only what sends one
// request: your client keeps its transport, proxy, TLS settings, timeout,
// cookie jar and redirect policy (New uses a copy, so yours is not
// changed), and the layer above it still adds the token, retries, time
// limits, the size limit, the checks, the typed errors and the redirect
// guard. It must be an *http.Client: a doer of another kind could follow
// a redirect with the token where no guard can see it, so New refuses it.
// Put middleware (tracing, metrics) in the client's Transport.
//
// The User-Agent header names this module's version, [Version].
//
// # Connections
//
// New's default HTTP client sets no limit on connections, and keeps up to
// 1,024 idle ones to the API host for reuse, where Go's default pool keeps
// 2 and, under load, dials thousands. Throughput grows with your
// goroutines: at 256 goroutines against a server that takes 20 ms, it does
// what a tuned net/http client does, on about one connection per
// goroutine. The connections a burst opened stay idle until Go's 90-second
// idle timeout closes them. To cap them, pass your own client, after which
// goroutines beyond the cap wait for a free connection:
//
//	api.WithHTTPClient(&http.Client{Transport: &http.Transport{MaxConnsPerHost: 64}})
//
// # Models
//
// Fields the documentation always shows (ids, status, channel, names,
// booleans, counts, created_at, ...) are plain values; a field is a pointer
// only where the spec marks it nullable, because real data can lack it
// (SnoozeUntil, User, LatestNote, LatestError, WhatsappCampaign, reactions,
// profile details, ...). Ids are int64. Enum-like strings (status "to-do",
// channel "bridge", ...) are plain strings: the documentation shows one
// value of each and never the full set, so an unknown value decodes and
// survives re-encoding. User.Email is a [LenientString], which also
// accepts a JSON number: the documentation's example shows "email": 123.
//
// Each model's UnmarshalJSON is a generated single-pass decoder that
// decodes exactly as encoding/json does (the same value, or an error where
// it gives one) and owns every byte it returns: no string or pointer of a
// decoded value shares memory with another field, so keeping one field of
// a conversation keeps that field alive and nothing else. The typed and
// the generated methods decode each body once, with these decoders.
// json.Unmarshal into a model of yours scans the whole body before it
// calls the decoder: call the model's UnmarshalJSON directly to decode in
// one pass (measurements in the repository's internal/bench/README.md). As with time.Time, a model
// embedded in a struct of yours promotes its UnmarshalJSON, so
// json.Unmarshal into that struct would fill the model alone: give the
// model a named field instead.
//
// # Errors
//
// Every failure is an error; no method returns a zero value and no error.
// A response other than 2xx, or a 2xx that the client cannot use, is an
// [*APIError] with the status, the server's message (a JSON body's
// "message" or "error"), the request id (X-Request-Id), the content type,
// the start of an error body and, for 429, when to come back
// ([APIError.RetryAfter]). Match kinds with [errors.Is]: [ErrUnauthorized]
// (401), [ErrForbidden] (403), [ErrNotFound] (404), [ErrRateLimited] (429),
// [ErrServer] (5xx), [ErrInvalidResponse] and [ErrResponseTooLarge]. A
// network failure or a timeout is an error that wraps the cause
// (errors.Is(err, context.DeadlineExceeded), a *net.OpError, ...).
//
// # Errors and drift
//
// openapi.yaml is a reading of the vendor's documentation, and a real
// server omits, nulls and adds properties; the client is tolerant of that
// and tells you. A 2xx is an error, [ErrInvalidResponse], only when it
// cannot be used: a status the operation does not document, a body that
// is not JSON, a value of a JSON type its model cannot hold (as
// encoding/json would refuse it), or an envelope whose resource is missing
// or null ({} and {"data": null} never come back as a zero value). Any
// other difference is drift: a property the spec requires that is missing,
// one that is null where the spec allows none (both decode to the zero
// value, or nil), and one the spec does not describe (skipped), at any
// depth. Each is a [Drift], named by its JSON pointer (/data/agent) and
// kind, never by its value. To see it, pass [WithDriftHandler], or
// [WithLogger], which logs each distinct drift once per client at warn
// level; to make it an error, for canaries and CI, pass
// [WithStrictResponses]. With none of these, no drift is looked for, and
// a response decodes as fast as without the check. The healvi CLI's
// `healvi check` validates a
// response in full against the spec and says which edit of openapi.yaml
// would describe it.
//
// Before anything is sent, a typed method's argument that the spec rules
// out is [ErrInvalidParameter], and a plain-http URL that would send the
// token in clear text is [ErrInsecureURL].
//
// Every error text starts with "healvi: ", names the request and says what
// happened. It holds no token in any form, and shows what a server sent
// with its control characters escaped (see [APIError.Error]). An error
// about a 2xx body says where it is wrong (a JSON pointer and a byte
// offset) and what was wanted there, and quotes and keeps none of the
// body: a success body holds the API's customers' personal data, which
// has no place in your logs.
//
// # Retries, time limits and size
//
// For a request that may reach the server twice (GET, HEAD, PUT, DELETE,
// OPTIONS, as RFC 9110 defines them idempotent, and a POST or PATCH with
// an Idempotency-Key header, sent with the same key on every try), a
// network error that may pass (a refused or reset connection, a try that
// ran out of time, a connection closed mid-body) and 429, 502, 503 and 504
// are retried, at most 3 times ([WithRetries]), with exponential
// backoff and jitter between 500ms and 30s ([WithRetryWait]). A
// Retry-After header (seconds or an HTTP date) sets the wait, up to one
// minute; a longer one ends the retries, and the error's
// [APIError.RetryAfter] tells you when to come back. Not retried, because
// the next try would fail the same way: other 4xx and 500, a certificate
// the system does not trust or any other TLS failure, a host that does not
// exist (NXDOMAIN), a scheme no transport speaks, too many redirects, and
// a redirect your CheckRedirect refused. Another POST or PATCH is sent
// again only when its connection could not be made: a write never reaches
// the server twice because the client retried it. The context's cancellation or
// deadline stops a wait at once, and no wait starts that would outlast it
// or the call's limit.
//
// A whole call, tries and waits, ends after 2 minutes ([WithTimeout]) and
// each try after 30 seconds ([WithTryTimeout]); a body is read up to
// 16 MiB ([WithMaxResponseBytes]), and a larger one is
// [ErrResponseTooLarge], read no further than the limit. [WithLogger] logs
// each try at debug level and each retry at warn level, the token
// redacted.
//
// # Token safety
//
// The token is sent only in the Authorization header, only to the base
// URL's origin (a redirect to another scheme, host or port does not carry
// it), and never over plain http to a host that is not loopback. It is in
// no error text, %+v, field or log line, even when a server echoes it back
// as is, JSON-escaped, percent-encoded, as HTML references, or quoted once
// more. See the module's SECURITY.md.
//
// # Troubleshooting
//
// What an error says, what it means, and what to do (the CLI prints the
// same errors, and exits 3 when the API answered, 4 when it could not be
// reached):
//
//   - 401 Unauthorized ([ErrUnauthorized]): the token is missing, wrong or
//     expired. Check HEALVI_TOKEN or the token file for stray quotes (the
//     CLI trims white space around the token file's first line; New
//     rejects a token holding white space).
//   - 403 Forbidden ([ErrForbidden]): the token is valid but may not read
//     this resource; ask the tenant's admin for the token's rights.
//   - 404 Not Found ([ErrNotFound]): no such resource, or a wrong base URL.
//     Check the id, and that the base URL ends in /third-party/v1
//     ([TenantURL] builds it).
//   - 429 Too Many Requests ([ErrRateLimited]): rate limited, after the
//     client's own retries. Wait [APIError.RetryAfter] (set when the server
//     sent Retry-After); the client never waits out one over a minute.
//   - 500 to 599 ([ErrServer]), often with content type "text/html": the
//     server or a proxy in front of it failed. 502, 503 and 504 were
//     retried already; quote the [request id ...] to the vendor.
//   - context deadline exceeded: the call ran out of time ([WithTimeout]),
//     a try did ([WithTryTimeout], then retried), or your context's
//     deadline passed. Raise the limit or the deadline (--timeout in the
//     CLI); the error says how many tries were made.
//   - connection refused, no such host: the base URL's host is wrong or
//     unreachable. Check the base URL and the network; a host that does
//     not exist is not retried.
//   - x509: certificate signed by unknown authority: the system does not
//     trust the server's certificate; not retried. Fix the trust store, or
//     pass a client with your CA ([WithHTTPClient]).
//   - invalid response: content type is not JSON, body is not valid JSON,
//     required property data is missing, status 201 is not one the
//     operation documents ([ErrInvalidResponse]): a 2xx the client cannot
//     use, such as a login page, a truncated body or {"data": null}. The error names the content type and where
//     the body is wrong, never its content; the cause is often a proxy or
//     a wrong base URL.
//   - response too large ([ErrResponseTooLarge]): the body is over
//     [WithMaxResponseBytes]; raise the limit if the response is genuine.
//   - invalid parameter: getConversation: id is 0, want at least 1 ([ErrInvalidParameter]):
//     a typed method's argument the spec rules out; nothing was sent.
//   - insecure URL, server URL uses plain http ([ErrInsecureURL]): an
//     http:// URL to a host that is not loopback would send the token in
//     clear text; nothing was sent. Use https:// ([WithInsecureHTTP], or
//     --insecure-http in the CLI, for a test server).
//   - WithRetries works only with api.New: an option of New given to the
//     generated [NewClientWithResponses]; use New.
//
// # Testing
//
// Package healvitest (github.com/healvi-chat/healvi-go/api/healvitest) runs
// a fake Healvi server on loopback for your tests: every operation of
// openapi.yaml, checked against it, with scripted answers and faults
// (429s, 5xx, slow or cut responses, malformed JSON).
package api
