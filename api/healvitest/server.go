package healvitest

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/healvi-chat/healvi-go/api"
)

// DefaultToken is the bearer token a Server accepts unless WithToken says
// otherwise. It is no secret.
const DefaultToken = "healvitest-token"

// Server is a fake Healvi chat instance on a loopback port. It serves every
// operation of openapi.yaml (embedded in this module) as the spec
// describes it:
//
//   - with a JSON 401 to a wrong or missing token;
//   - with what a test scripted for a concrete path or, after that, for
//     the operation (Respond and RespondDrifted, and for conversations
//     AddConversation and AddConversationJSON), which goes before
//     anything below;
//   - by default, with the operation's documented answer: the example of
//     its first 2xx response (a read's 200, a write's 201), or no body at
//     all for a 2xx that documents no content (a DELETE's 204); when the
//     example is one resource picked by the path's last parameter (the
//     documentation's conversation 123 for GET /conversations/{id}, and
//     for a PATCH of it), with it for that value only, and with a JSON
//     404 for any other.
//
// Every request it receives and every response it sends, scripted faults
// and RespondDrifted aside, is checked against openapi.yaml with
// kin-openapi (api/contract): parameters with their formats (a uuid, a
// date), and a body against its schema. A violation fails the test (or,
// from Start, is logged and kept in Violations): a request off the
// contract (an unknown path under BasePath, a bad parameter, a body that
// does not fit its schema, a required body missing) gets a 400 naming
// the violation (where a body is wrong and why, never its values), and a
// response off the contract a 500. A request under no path of BasePath's, as from a base
// URL that lacks it, is not the API at all: it gets the JSON 404 the real
// server sends, saying "no such path; the API is served under
// /third-party/v1", and is no violation.
//
// It bounds what a client can make it hold, so that it can run for hours
// (as `healvi serve` does): 10 s to send a request's headers, 64 KiB of
// request line and headers (beyond, a 431), 10 s to send its body (beyond,
// a 408), 1 MiB of body (beyond, a 413), the latest 1,000 requests in
// Requests, and a log line per request whose path and query are cut at
// 1 KiB each.
//
// A Server is safe for use by many goroutines.
type Server struct {
	// URL is the base URL to give api.New, such as
	// http://127.0.0.1:41234/third-party/v1.
	URL string
	// Token is the bearer token the server accepts.
	Token string

	srv        *httptest.Server
	oracle     *oracle
	report     func(format string, args ...any) // a test's Errorf, or nil
	logger     *slog.Logger
	maxRecords int
	// readBody bounds the read of a request's body (readBodyTimeout).
	readBody time.Duration
	done     chan struct{} // closed by Close, to end scripted delays
	closing  sync.Once

	mu         sync.Mutex
	byPath     map[string]answer              // scripted for a concrete path: "GET /conversations/5"
	byOp       map[*openapi3.Operation]answer // scripted for an operation
	builtin    map[string]answer              // served by the fake itself for a concrete path, unless scripted
	faults     []scriptedFault
	requests   []Request
	violations []string
}

type scriptedFault struct {
	fault Fault
	left  int
}

// Option configures a Server.
type Option func(*config)

type config struct {
	token  string
	addr   string
	logger *slog.Logger
	report func(format string, args ...any)
	// Bounds, set by tests of this package only.
	readHeaderTimeout time.Duration
	readBodyTimeout   time.Duration
	maxRecords        int
	// oracle, set by tests of this package only, serves another document
	// than the embedded openapi.yaml.
	oracle *oracle
}

// WithToken sets the bearer token the server accepts (DefaultToken by
// default).
func WithToken(token string) Option { return func(c *config) { c.token = token } }

// WithAddr sets the address the server listens on, such as
// "127.0.0.1:8080". By default it takes a free loopback port.
func WithAddr(addr string) Option { return func(c *config) { c.addr = addr } }

// WithLogger logs each request (method, path, status; never the token) at
// info level and each contract violation at error level.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// NewServer starts a Server for the test t and closes it when the test
// ends. A contract violation fails t; t.Fatalf is called if the server
// cannot start.
func NewServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	// Set before the server starts, so no handler can see it change.
	report := func(c *config) { c.report = t.Errorf }
	s, err := Start(append(opts, report)...)
	if err != nil {
		t.Fatalf("%v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// Start starts a Server outside a test, as `healvi serve` does. Close it
// when done. Contract violations are logged (see WithLogger) and kept in
// Violations.
func Start(opts ...Option) (*Server, error) {
	cfg := config{token: DefaultToken, addr: "127.0.0.1:0", readHeaderTimeout: readHeaderTimeout, readBodyTimeout: readBodyTimeout, maxRecords: maxRecords}
	for _, opt := range opts {
		opt(&cfg)
	}
	if cfg.token == "" {
		return nil, fmt.Errorf("healvitest: empty token")
	}
	o, builtin := cfg.oracle, map[string]answer{}
	if o == nil {
		var err error
		if o, err = loadOracle(); err != nil {
			return nil, err
		}
		// The page's own bytes for its conversation, as the spec's
		// example says in other words: a test can compare the body byte
		// for byte. It is the fake's own answer, so what a test scripts
		// goes first.
		builtin[conversationKey(DocExampleID)] = jsonAnswer(http.StatusOK, DocExampleOnContract())
	}
	l, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return nil, fmt.Errorf("healvitest: %w", err)
	}
	s := &Server{
		Token:      cfg.token,
		oracle:     o,
		logger:     cfg.logger,
		report:     cfg.report,
		maxRecords: cfg.maxRecords,
		readBody:   cfg.readBodyTimeout,
		done:       make(chan struct{}),
		byOp:       map[*openapi3.Operation]answer{},
		byPath:     map[string]answer{},
		builtin:    builtin,
	}
	s.srv = &httptest.Server{Listener: l, Config: &http.Server{
		Handler:           s,
		ReadHeaderTimeout: cfg.readHeaderTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
	}}
	s.srv.Start()
	s.URL = "http://" + dialable(l.Addr()) + BasePath
	return s, nil
}

// Close shuts the server down, ending scripted delays at once, and waits
// for the requests in flight to finish.
func (s *Server) Close() {
	s.closing.Do(func() {
		close(s.done)
		s.srv.Close()
	})
}

// AddConversation makes the server serve c as conversation c.ID, in place
// of any conversation with that id. It is checked against openapi.yaml when
// it is served.
func (s *Server) AddConversation(c api.Conversation) {
	body, err := json.Marshal(api.ConversationResponse{Data: c})
	if err != nil {
		// Only a custom json.Marshaler in c can fail; serve what the
		// contract check will then reject, saying why.
		body = []byte(strconv.Quote(err.Error()))
	}
	s.keep(nil, conversationKey(c.ID), jsonAnswer(http.StatusOK, body))
}

// AddConversationJSON makes the server serve conversation, the JSON of one
// conversation object, as conversation id, in the response's "data". It is
// sent as given, and checked against openapi.yaml when it is served: use it
// to serve what typed values cannot express, or to prove that a drifted
// conversation is caught.
func (s *Server) AddConversationJSON(id int64, conversation []byte) {
	body := make([]byte, 0, len(conversation)+10)
	body = append(body, `{"data":`...)
	body = append(body, conversation...)
	body = append(body, '}')
	s.keep(nil, conversationKey(id), jsonAnswer(http.StatusOK, body))
}

// conversationKey is the path key of GET /conversations/{id} for id.
func conversationKey(id int64) string {
	return pathKeyOf(http.MethodGet, "/conversations/"+strconv.FormatInt(id, 10))
}

// Respond makes the server answer the requests that route names with
// status, body and the headers given as name, value pairs (Content-Type is
// application/json unless given). route names an operation of openapi.yaml
// by its operationId ("getConversation"), by a method and its path
// template ("GET /conversations/{id}"), or names a method and a concrete
// path below BasePath ("GET /conversations/5"); the query is not part of
// it. A later call for the same route replaces an earlier one.
//
// What a test scripts goes before what the server serves by itself: an
// answer scripted for a concrete path goes first, then one scripted for
// the operation, then the server's own (the documentation's conversation
// DocExampleID, an operation's example, a 404). So
// Respond("getConversation", 403, ...) answers 403 for every id, 123
// included.
//
// The answer must be one openapi.yaml documents: a status the operation
// does not document, or a Content-Type it does not document for that
// status (such as text/html), is a violation reported at once, and the
// route is not scripted; the body is checked when it is served, as every
// answer is. To send an answer off the contract (an HTML error page, an
// undocumented status), script a Fault with FailNext instead, or, for a
// JSON answer that drifted from the contract, use RespondDrifted. A route
// that names no operation is a violation, reported at once.
func (s *Server) Respond(route string, status int, body []byte, headerPairs ...string) {
	op, pathKey, err := s.oracle.resolve(route)
	if err != nil {
		s.violation(err.Error())
		return
	}
	a := jsonAnswer(status, body).withHeaders(headerPairs)
	if problem := documents(op, status, a.header.Get("Content-Type")); problem != "" {
		s.violation(fmt.Sprintf("Respond(%q, %d): %s; to send an answer off the contract, script a Fault with FailNext, such as FailNext(1, healvitest.HTMLPage(%d))", route, status, problem, status))
		return
	}
	s.keep(op, pathKey, a)
}

// RespondDrifted makes the server answer the requests that route names
// with status, body and headers, as Respond does, but off the contract on
// purpose: the answer is sent as scripted, without the check against
// openapi.yaml that turns any other answer off the contract into a 500,
// and is no violation. Use it to test how code handles a real server
// that drifted from the spec (a property null that the spec says is not
// nullable, a required property missing, an undocumented one, an
// undocumented status):
//
//	conv := ... // the conversation's JSON, with "agent": null
//	srv.RespondDrifted("GET /conversations/5", 200, conv)
//
// route names an operation or a concrete path as for Respond, and must
// name one of openapi.yaml; body must be JSON. Either mistake is a
// violation reported at once, and the route is not scripted. The request
// is still checked, and a request without the token still gets a 401.
// Each request answered so is recorded with Drifted set in Requests. A
// later Respond or RespondDrifted for the same route replaces it.
func (s *Server) RespondDrifted(route string, status int, body []byte, headerPairs ...string) {
	op, pathKey, err := s.oracle.resolve(route)
	if err != nil {
		s.violation(strings.Replace(err.Error(), "Respond(", "RespondDrifted(", 1))
		return
	}
	if !json.Valid(body) {
		s.violation(fmt.Sprintf("RespondDrifted(%q, %d): the body is not JSON; to send a body that is not JSON, script a Fault with FailNext, such as FailNext(1, healvitest.MalformedJSON())", route, status))
		return
	}
	a := jsonAnswer(status, body).withHeaders(headerPairs)
	a.drifted = true
	s.keep(op, pathKey, a)
}

// keep scripts a as the answer for the concrete path pathKey or, when it
// is "", for every request of op.
func (s *Server) keep(op *openapi3.Operation, pathKey string, a answer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if pathKey != "" {
		s.byPath[pathKey] = a
		return
	}
	s.byOp[op] = a
}

// script returns what a test scripted for the path key, or else for op,
// or else what the server itself serves for the path key.
func (s *Server) script(key string, op *openapi3.Operation) (answer, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a, ok := s.byPath[key]; ok {
		return a, true
	}
	if a, ok := s.byOp[op]; ok {
		return a, true
	}
	a, ok := s.builtin[key]
	return a, ok
}

// FailNext scripts the next n requests to get f. Faults scripted by
// several calls apply in the order of the calls.
func (s *Server) FailNext(n int, f Fault) {
	if n <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, scriptedFault{fault: f, left: n})
}

// Requests returns the requests the server has received, oldest first:
// the latest 1,000, so that a server that runs long does not grow with
// every request. Each keeps at most 2 KiB of its path, of its query and of
// each header name and value, and 8 KiB of headers in all; what was cut is
// marked as such, and the Request's Cut is true.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Violations returns the contract violations the server has seen, oldest
// first: one line each, naming the request and the field that broke
// openapi.yaml. It keeps the latest 1,000, each at most 4 KiB: a longer one keeps its
// start and its end, and marks the cut between them.
func (s *Server) Violations() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.violations...)
}

// nextFault takes the fault scripted for the request being served, if any.
func (s *Server) nextFault() (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.faults) == 0 {
		return Fault{}, false
	}
	f := s.faults[0].fault
	if s.faults[0].left--; s.faults[0].left == 0 {
		s.faults = s.faults[1:]
	}
	return f, true
}

func (s *Server) record(r Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = keepLatest(s.requests, r, s.maxRecords)
}

func (s *Server) violation(msg string) {
	// The message can quote what the client sent (a parameter's value).
	msg = "healvitest: " + cutMiddle(s.scrub(msg), maxViolationText)
	s.mu.Lock()
	s.violations = keepLatest(s.violations, msg, maxViolations)
	s.mu.Unlock()
	if s.report != nil {
		s.report("%s", msg)
	}
	if s.logger != nil {
		s.logger.Error(msg)
	}
}

// dialable returns an address a client can dial to reach a listener at
// addr: a wildcard host (":8080", "0.0.0.0:8080", "[::]:8080") becomes
// localhost, which names loopback in both address families.
func dialable(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return addr.String()
	}
	return net.JoinHostPort("localhost", strconv.Itoa(tcp.Port))
}
