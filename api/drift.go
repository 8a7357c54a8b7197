package api

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"

	"github.com/healvi-chat/healvi-go/api/internal/jsonread"
)

// Drift is one way a success response differs from what openapi.yaml
// describes, which the client tolerated: the value decoded all the same
// (a missing or null property to its zero value, or nil; an undocumented
// one skipped). It names the place and the kind, never a value of the
// body.
type Drift struct {
	Operation string    // the operationId, such as getConversation
	Status    int       // the response's status code
	Pointer   string    // where, as a JSON pointer (RFC 6901), such as /data/agent
	Kind      DriftKind // what
	// Schema is the Go type (the schema of openapi.yaml) of the object
	// that holds the property, such as Conversation.
	Schema string
}

// String reads like "getConversation 200 /data/agent: null, which
// Conversation does not allow".
func (d Drift) String() string {
	return fmt.Sprintf("%s %d %s: %s", d.Operation, d.Status, d.Pointer, d.Kind.says(d.Schema))
}

// DriftKind is what a Drift found.
type DriftKind uint8

// The kinds of drift.
const (
	// DriftMissing is a property the spec requires, absent.
	DriftMissing DriftKind = DriftKind(jsonread.Missing)
	// DriftNull is a property held as null where the spec allows none.
	DriftNull DriftKind = DriftKind(jsonread.Null)
	// DriftUndocumented is a property the spec does not describe.
	DriftUndocumented DriftKind = DriftKind(jsonread.Undocumented)
)

// String names the kind: missing, null or undocumented.
func (k DriftKind) String() string {
	switch k {
	case DriftMissing:
		return "missing"
	case DriftNull:
		return "null"
	case DriftUndocumented:
		return "undocumented"
	}
	return fmt.Sprintf("DriftKind(%d)", uint8(k))
}

// says is what the kind means of a property of schema.
func (k DriftKind) says(schema string) string {
	switch k {
	case DriftMissing:
		return "missing, which " + schema + " requires"
	case DriftNull:
		return "null, which " + schema + " does not allow"
	case DriftUndocumented:
		return "not described by " + schema
	}
	return k.String()
}

// WithDriftHandler calls h with the drift of each success response that
// has any, after decoding it and before the method returns; ctx is the
// call's (its values, and its deadline or the try's), live while h runs.
// h runs on the calling goroutine, so keep it quick. By default
// drift is reported to no one (but see [WithLogger]).
func WithDriftHandler(h func(ctx context.Context, drift []Drift)) ClientOption {
	return newOption("WithDriftHandler", func(t *transport) error {
		t.drift.handler = h
		return nil
	})
}

// WithStrictResponses makes any drift an error: a success response that
// differs from openapi.yaml in any way the client would tolerate is
// [ErrInvalidResponse], naming the first difference. For canaries and CI,
// which should learn of a change in the API before the users do.
func WithStrictResponses() ClientOption {
	return newOption("WithStrictResponses", func(t *transport) error {
		t.drift.strict = true
		return nil
	})
}

// tracker records the drift of a body as the generated decoders read it;
// the generated Parse functions keep one on their stack.
type tracker = jsonread.Tracker

// driftPolicy is what New's client does with drift: hand it to a handler,
// log each kind of it once, or fail.
type driftPolicy struct {
	handler func(context.Context, []Drift)
	strict  bool
	logger  *slog.Logger
	// logged holds the drift already logged, by operation, pointer and
	// kind, up to maxLoggedDrift: a server can invent new members without
	// end.
	mu     sync.Mutex
	logged map[driftKey]bool
}

type driftKey struct {
	op, pointer string
	kind        DriftKind
}

const maxLoggedDrift = 1024

// driftPolicy returns the policy of New's client, or nil for a client of
// the generated constructor, which reports drift to no one.
func (c *ClientWithResponses) driftPolicy() *driftPolicy {
	if cl, ok := c.ClientInterface.(*Client); ok {
		if t, ok := cl.Client.(*transport); ok {
			return &t.drift
		}
	}
	return nil
}

// listens reports whether anyone hears of the drift of rsp: a handler,
// strict mode, or a logger that writes warnings. When no one does, the
// Parse functions track only what the envelope check needs (see
// jsonread.Tracker.RootOnly), and decode as fast as untracked.
func (p *driftPolicy) listens(rsp *http.Response) bool {
	if p == nil {
		return false
	}
	if p.handler != nil || p.strict {
		return true
	}
	return p.logger != nil && p.logger.Enabled(responseContext(rsp), slog.LevelWarn)
}

// responseContext is the context of the request rsp answers.
func responseContext(rsp *http.Response) context.Context {
	if rsp.Request != nil {
		return rsp.Request.Context()
	}
	return context.Background()
}

// report hands the drift t found in a success response of operation op
// to the policy, and returns the error strict mode makes of it. Drift in
// an error response is no one's business: that body is the server's
// message.
func (p *driftPolicy) report(rsp *http.Response, op string, t *tracker) error {
	if p == nil || len(t.Found) == 0 || rsp.StatusCode/100 != 2 {
		return nil
	}
	drift := make([]Drift, len(t.Found))
	for i, f := range t.Found {
		drift[i] = Drift{Operation: op, Status: rsp.StatusCode, Pointer: f.Pointer, Kind: DriftKind(f.Kind), Schema: f.Schema}
	}
	ctx := responseContext(rsp)
	if p.handler != nil {
		p.handler(ctx, drift)
	}
	if p.logger != nil && p.logger.Enabled(ctx, slog.LevelWarn) {
		for _, d := range p.firstSeen(drift) {
			p.logger.LogAttrs(ctx, slog.LevelWarn, "healvi: response differs from openapi.yaml",
				slog.String("operation", d.Operation), slog.String("pointer", d.Pointer),
				slog.String("kind", d.Kind.String()), slog.String("spec", d.Kind.says(d.Schema)))
		}
	}
	if p.strict {
		more := ""
		if len(drift) > 1 {
			more = fmt.Sprintf(" (and %d more)", len(drift)-1)
		}
		return specErrorf("strict: %s%s", strings.TrimPrefix(drift[0].String(), op+" "), more)
	}
	return nil
}

// firstSeen returns the drift this client has not logged before.
func (p *driftPolicy) firstSeen(drift []Drift) []Drift {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.logged == nil {
		p.logged = map[driftKey]bool{}
	}
	var out []Drift
	for _, d := range drift {
		k := driftKey{d.Operation, d.Pointer, d.Kind}
		if p.logged[k] || len(p.logged) >= maxLoggedDrift {
			continue
		}
		p.logged[k] = true
		out = append(out, d)
	}
	return out
}
