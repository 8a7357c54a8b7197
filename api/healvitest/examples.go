package healvitest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/healvi-chat/healvi-go/api/contract"
)

// example is an operation's default answer: its documented example, or
// no body for a documented 2xx without content (a 204).
type example struct {
	status    int
	body      []byte
	noContent bool
	// When the example is one resource, such as the conversation with id
	// 123 of GET /conversations/{id}, param names the path parameter that
	// picks it and value is the example's own: the server answers with it
	// for that value only, and with a JSON 404 saying notFound for others.
	param, value, notFound string
}

// examples finds the default answer of every operation of doc.
func examples(doc *openapi3.T) map[*openapi3.Operation]*example {
	out := map[*openapi3.Operation]*example{}
	for _, path := range doc.Paths.InMatchingOrder() {
		for _, op := range doc.Paths.Value(path).Operations() {
			if ex := exampleOf(path, op); ex != nil {
				out[op] = ex
			}
		}
	}
	return out
}

// exampleOf returns the default answer of op: of its first 2xx response
// (by status) that documents no content (a 204), which is answered with no
// body, or a JSON example (the media type's example, or the first of its
// examples by name).
func exampleOf(path string, op *openapi3.Operation) *example {
	if op.Responses == nil {
		return nil
	}
	codes := make([]string, 0, op.Responses.Len())
	for code := range op.Responses.Map() {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		status, err := strconv.Atoi(code)
		if err != nil || status < 200 || status > 299 {
			continue
		}
		ref := op.Responses.Value(code)
		if ref.Value == nil {
			continue
		}
		if len(ref.Value.Content) == 0 {
			return &example{status: status, noContent: true}
		}
		media := ref.Value.Content.Get("application/json")
		if media == nil {
			continue
		}
		value, ok := contract.Example(media)
		if !ok {
			continue
		}
		body, err := json.Marshal(value)
		if err != nil {
			continue
		}
		ex := &example{status: status, body: body}
		ex.asResource(path, op, media, value)
		return ex
	}
	return nil
}

// asResource makes ex the answer for one resource when the path ends in a
// parameter whose name the example's resource (its data, or itself) has as
// a property, and the operation documents a 404 for the others.
func (ex *example) asResource(path string, op *openapi3.Operation, media *openapi3.MediaType, value any) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	last := segs[len(segs)-1]
	if !strings.HasPrefix(last, "{") || op.Responses.Status(http.StatusNotFound) == nil {
		return
	}
	param := strings.Trim(last, "{}")
	resource, schema := value, media.Schema
	if m, ok := value.(map[string]any); ok {
		if data, ok := m["data"].(map[string]any); ok {
			resource = data
			if schema != nil && schema.Value != nil && schema.Value.Properties["data"] != nil {
				schema = schema.Value.Properties["data"]
			}
		}
	}
	m, ok := resource.(map[string]any)
	if !ok || m[param] == nil {
		return
	}
	v, err := json.Marshal(m[param])
	if err != nil {
		return
	}
	ex.param, ex.value = param, strings.Trim(string(v), `"`)
	ex.notFound = resourceName(schema) + " not found."
}

// resourceName names a resource by its schema: "Conversation" for
// #/components/schemas/Conversation, "Resource" for an inline schema.
func resourceName(ref *openapi3.SchemaRef) string {
	if ref != nil {
		if i := strings.LastIndex(ref.Ref, "/"); i >= 0 && i+1 < len(ref.Ref) {
			return ref.Ref[i+1:]
		}
	}
	return "Resource"
}

// answer returns the example as the answer to a request whose path
// parameters are params.
func (ex *example) answer(params map[string]string) answer {
	if ex.param != "" && params[ex.param] != ex.value {
		return messageAnswer(http.StatusNotFound, ex.notFound)
	}
	if ex.noContent {
		return answer{status: ex.status, header: http.Header{}}
	}
	return jsonAnswer(ex.status, ex.body)
}

// noExample is the answer for an operation whose 2xx responses document
// content but no JSON example of it: the fake cannot make one up.
func noExample(method, path string) string {
	return fmt.Sprintf("openapi.yaml documents no example for a 2xx response of %s %s, so the fake has nothing to answer with; add one, or script an answer with Respond", method, path)
}
