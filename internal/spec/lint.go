package spec

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Lint returns, sorted, what in doc other OpenAPI tools would read
// differently from kin-openapi, or what a reader of the contract would miss.
// kin-openapi accepts all of it, which is why these rules exist:
//
//   - nullable-without-type: under OpenAPI 3.0.3 `nullable: true` takes
//     effect only beside a `type` in the same schema object, so `allOf:
//     [$ref]` + `nullable: true` means "not nullable" to strict readers.
//   - operation-docs: every operation has an operationId, a summary, a
//     description and at least one tag.
//   - response-description: every response has a description.
//   - unused-schema: every component schema is reachable from a path.
//   - invalid-example: every example (media type examples and schema
//     `example`s) validates against its schema.
//   - response-example: every 2xx JSON response has an example, which
//     api/healvitest answers with.
//   - typed-method: every operation documents exactly one 2xx response,
//     with a JSON body or none, by its status (not 2XX), which its
//     typed method returns (the resource, or only an error);
//     internal/apigen refuses another. A GET operation's operationId
//     starts with get or list and a capital letter, as its typed method
//     is named for what it returns, without the verb (getConversation is
//     Conversation).
//   - error-responses: every operation documents the errors this API
//     answers with, which the client and the fake send: 401, 403, 429
//     and 5XX, and 404 when its path has parameters.
//   - info: info has a license with a URL and a contact with a URL, as
//     strict linters (Spectral's info-contact, Redocly's info-license)
//     require.
func Lint(doc *openapi3.T) []string {
	l := &linter{seen: map[*openapi3.Schema]bool{}, used: map[string]bool{}}
	if doc.Info == nil || doc.Info.License == nil || doc.Info.License.URL == "" {
		l.add("info", "info", "no license with a URL")
	}
	if doc.Info == nil || doc.Info.Contact == nil || doc.Info.Contact.URL == "" {
		l.add("info", "info", "no contact with a URL")
	}
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		for method, op := range item.Operations() {
			l.operation(method+" "+path, op)
		}
		for _, p := range item.Parameters {
			l.parameter(path, p)
		}
	}
	if doc.Components != nil {
		names := make([]string, 0, len(doc.Components.Schemas))
		for name := range doc.Components.Schemas {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			if !l.used[name] {
				l.add("unused-schema", "components.schemas."+name, "no path refers to it")
			}
			// Walk it as well, so its own problems are found even when unused.
			l.schema("components.schemas."+name, doc.Components.Schemas[name])
		}
	}
	sort.Strings(l.problems)
	return l.problems
}

type linter struct {
	problems []string
	seen     map[*openapi3.Schema]bool
	used     map[string]bool // component schema names reached from paths
}

func (l *linter) add(rule, where, what string) {
	l.problems = append(l.problems, fmt.Sprintf("%s: %s: %s", rule, where, what))
}

func (l *linter) operation(where string, op *openapi3.Operation) {
	method, path, _ := strings.Cut(where, " ")
	if method == "GET" && op.OperationID != "" && !readName.MatchString(op.OperationID) {
		l.add("typed-method", where, fmt.Sprintf("operationId %q does not start with get or list and a capital letter, which names its typed method for what it returns (getConversation is Conversation)", op.OperationID))
	}
	if op.Responses != nil {
		var success []string
		for code, r := range op.Responses.Map() {
			if !strings.HasPrefix(code, "2") || r.Value == nil {
				continue
			}
			success = append(success, code)
			if code == "2XX" {
				l.add("typed-method", where+" response "+code, "a range: name the status (200, 201, 204), which the fake answers with and the typed method checks for")
			}
			if len(r.Value.Content) > 0 && r.Value.Content.Get("application/json") == nil {
				l.add("typed-method", where+" response "+code, "a body that is not JSON: a typed method returns a JSON resource or nothing")
			}
		}
		if len(success) != 1 {
			sort.Strings(success)
			l.add("typed-method", where, fmt.Sprintf("%d 2xx responses (%s): a typed method returns the one an operation documents", len(success), strings.Join(success, ", ")))
		}
		want := []string{"401", "403", "429", "5XX"}
		if strings.Contains(path, "{") {
			want = append(want, "404")
		}
		for _, code := range want {
			if op.Responses.Value(code) == nil {
				l.add("error-responses", where, "no "+code+" response")
			}
		}
		for code, r := range op.Responses.Map() {
			if r.Value == nil || !strings.HasPrefix(code, "2") {
				continue
			}
			if media := r.Value.Content.Get("application/json"); media != nil && media.Example == nil && len(media.Examples) == 0 {
				l.add("response-example", where+" response "+code, "no example for the fake to answer with")
			}
		}
	}
	for field, missing := range map[string]bool{
		"operationId": op.OperationID == "",
		"summary":     strings.TrimSpace(op.Summary) == "",
		"description": strings.TrimSpace(op.Description) == "",
		"tags":        len(op.Tags) == 0,
	} {
		if missing {
			l.add("operation-docs", where, "no "+field)
		}
	}
	for _, p := range op.Parameters {
		l.parameter(where, p)
	}
	if op.RequestBody != nil && op.RequestBody.Value != nil {
		l.content(where+" request body", op.RequestBody.Value.Content)
	}
	if op.Responses == nil {
		return
	}
	for code, r := range op.Responses.Map() {
		rw := where + " response " + code
		if r.Value == nil {
			continue
		}
		if r.Value.Description == nil || strings.TrimSpace(*r.Value.Description) == "" {
			l.add("response-description", rw, "no description")
		}
		for name, h := range r.Value.Headers {
			if h.Value != nil {
				l.schema(rw+" header "+name, h.Value.Schema)
			}
		}
		l.content(rw, r.Value.Content)
	}
}

func (l *linter) parameter(where string, p *openapi3.ParameterRef) {
	if p == nil || p.Value == nil {
		return
	}
	l.schema(where+" parameter "+p.Value.Name, p.Value.Schema)
}

func (l *linter) content(where string, content openapi3.Content) {
	for mt, media := range content {
		mw := where + " " + mt
		l.schema(mw, media.Schema)
		if media.Schema == nil || media.Schema.Value == nil {
			continue
		}
		if media.Example != nil {
			l.example(mw+" example", media.Schema.Value, media.Example)
		}
		for name, ex := range media.Examples {
			if ex.Value != nil {
				l.example(mw+" example "+name, media.Schema.Value, ex.Value.Value)
			}
		}
	}
}

func (l *linter) example(where string, schema *openapi3.Schema, value any) {
	if err := schema.VisitJSON(value, openapi3.MultiErrors()); err != nil {
		l.add("invalid-example", where, oneLine(err.Error()))
	}
}

// schema checks s and every schema inside it, once each.
func (l *linter) schema(where string, ref *openapi3.SchemaRef) {
	if ref == nil {
		return
	}
	if name, ok := strings.CutPrefix(ref.Ref, "#/components/schemas/"); ok {
		l.used[name] = true
		where = "components.schemas." + name
	}
	s := ref.Value
	if s == nil || l.seen[s] {
		return
	}
	l.seen[s] = true
	if s.Nullable && (s.Type == nil || len(s.Type.Slice()) == 0) {
		l.add("nullable-without-type", where, "nullable: true has no type beside it, so OpenAPI 3.0.3 readers ignore it; mark the referenced schema nullable, or give this one a type")
	}
	if s.Example != nil {
		l.example(where+" example", s, s.Example)
	}
	for name, p := range s.Properties {
		l.schema(where+"."+name, p)
	}
	l.schema(where+"[]", s.Items)
	l.schema(where+".additionalProperties", s.AdditionalProperties.Schema)
	l.schema(where+".not", s.Not)
	for kind, members := range map[string]openapi3.SchemaRefs{"allOf": s.AllOf, "oneOf": s.OneOf, "anyOf": s.AnyOf} {
		for i, m := range members {
			l.schema(fmt.Sprintf("%s.%s[%d]", where, kind, i), m)
		}
	}
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// readName is the form of a GET operation's operationId.
var readName = regexp.MustCompile(`^(get|list)[A-Z]`)
