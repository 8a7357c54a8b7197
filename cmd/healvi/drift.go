package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/healvi-chat/healvi-go/api/contract"
)

// A finding is one way a response drifts from the embedded openapi.yaml:
// where, what the spec says, what came (its JSON type, never its value)
// and the edit of openapi.yaml that would describe it.
type finding struct {
	Request string `json:"request"` // such as "GET /conversations/123"
	Pointer string `json:"pointer"` // the JSON pointer of the value, such as "/data/agent"; "" for the whole response
	Kind    string `json:"kind"`    // missing, null, type, format, bound, enum, undocumented or other
	Spec    string `json:"spec"`    // what openapi.yaml says of the value
	Got     string `json:"got"`     // what came: "null", "a string", "missing", ...
	Edit    string `json:"edit"`    // the edit of openapi.yaml that would describe what came
}

// String is the finding's line in check's text output.
func (f finding) String() string {
	where := f.Request
	if f.Pointer != "" {
		where += " " + f.Pointer
	}
	return fmt.Sprintf("%s: %s; the spec: %s; edit: %s", where, f.Got, f.Spec, f.Edit)
}

// drift checks a response to route (status, headers, body as sent) in
// full against openapi.yaml with c's check (openapi3filter, the fake's
// formats), every failing value at once, and adds what the spec does not describe: a property that an
// object schema without additionalProperties does not list. request
// names the request in each finding.
func drift(c *contract.Contract, request string, route *routers.Route, status int, header http.Header, body []byte) []finding {
	op := route.Operation
	name := op.OperationID
	if name == "" {
		name = route.Method + " " + route.Path
	}
	at := func(kind, spec, got, edit string) []finding {
		return []finding{{Request: request, Kind: kind, Spec: spec, Got: got, Edit: edit}}
	}
	resp := op.Responses.Status(status)
	if resp == nil {
		resp = op.Responses.Default()
	}
	if resp == nil || resp.Value == nil {
		return at("other", fmt.Sprintf("%s documents no %d response", name, status), fmt.Sprintf("a %d response", status),
			fmt.Sprintf("%s.responses: add %q", name, strconv.Itoa(status)))
	}
	if len(resp.Value.Content) == 0 {
		return nil // no body documented
	}
	mediaType, _, err := mime.ParseMediaType(header.Get("Content-Type"))
	if err != nil {
		mediaType = header.Get("Content-Type")
	}
	media := resp.Value.Content.Get(mediaType)
	if media == nil {
		got := "a body of content type " + strconv.Quote(cutText(mediaType, 64))
		if mediaType == "" {
			got = "a body without a content type"
		}
		return at("other", fmt.Sprintf("%s documents only %s for a %d response", name, strings.Join(mediaTypes(resp.Value.Content), ", "), status), got,
			fmt.Sprintf("%s.responses.%s.content: add %s", name, statusKey(op, status), strconv.Quote(cutText(mediaType, 64))))
	}
	if media.Schema == nil {
		return nil
	}
	root := rootName(media.Schema, name, statusKey(op, status))
	var value any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&value); err != nil || dec.Decode(new(any)) != io.EOF {
		got := "a body that is not JSON"
		if len(bytes.TrimSpace(body)) == 0 {
			got = "an empty body"
		}
		return at("other", "a JSON body ("+root+")", got, "none: no schema describes a body that is not JSON")
	}

	// The contract's check, the fake's too: the same formats (uuid
	// included), so what the fake refuses, check names.
	var out []finding
	req := &http.Request{Method: route.Method, URL: &url.URL{Path: route.Path}, Header: http.Header{}}
	if err := c.CheckResponse(context.Background(), req, route, nil, status, http.Header{"Content-Type": {mediaType}}, body); err != nil {
		var v *contract.ViolationError
		if errors.As(err, &v) {
			err = v.Err
		}
		var re *openapi3filter.ResponseError
		if errors.As(err, &re) && re.Err != nil {
			for _, se := range schemaErrors(re.Err) {
				if f, ok := schemaFinding(media.Schema, root, se); ok {
					out = append(out, f)
				}
			}
		} else {
			// Not about a value of the body (a header, say): kin-openapi's
			// reason alone, which quotes none.
			reason := "a response that breaks it"
			if re != nil {
				reason = re.Reason
			}
			out = append(out, finding{Kind: "other", Spec: fmt.Sprintf("%s documents its %s response", name, statusKey(op, status)), Got: reason, Edit: "describe the response as it came"})
		}
	}
	undocumented(media.Schema, root, value, nil, &out)
	for i := range out {
		out[i].Request = request
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Pointer < out[j].Pointer })
	return out
}

// schemaErrors flattens err into its innermost schema errors.
func schemaErrors(err error) []*openapi3.SchemaError {
	var me openapi3.MultiError
	var se *openapi3.SchemaError
	switch {
	case errors.As(err, &me):
		var all []*openapi3.SchemaError
		for _, e := range me {
			all = append(all, schemaErrors(e)...)
		}
		return all
	case errors.As(err, &se):
		var inner *openapi3.SchemaError
		if se.Origin != nil && (errors.As(se.Origin, &me) || errors.As(se.Origin, &inner)) {
			return schemaErrors(se.Origin)
		}
		return []*openapi3.SchemaError{se}
	}
	return nil
}

// schemaFinding turns a schema error into a finding. Its text comes from
// the spec and from the value's JSON type alone: a SchemaError's Error
// quotes the value, so only its fields are read.
func schemaFinding(root *openapi3.SchemaRef, rootName string, se *openapi3.SchemaError) (finding, bool) {
	ptr := se.JSONPointer()
	f := finding{Pointer: pointer(ptr), Got: jsonType(se.Value)}
	here := placeAt(root, rootName, ptr)
	switch field := se.SchemaField; field {
	case "required":
		if len(ptr) == 0 {
			return finding{}, false
		}
		key := ptr[len(ptr)-1]
		parent := placeAt(root, rootName, ptr[:len(ptr)-1])
		f.Kind, f.Got = "missing", "missing"
		f.Spec = fmt.Sprintf("%s requires %s", parent.name, name(key))
		f.Edit = fmt.Sprintf("%s: remove %s from required", parent.name, name(key))
	case "nullable":
		f.Kind = "null"
		f.Spec = here.label() + " is " + describe(se.Schema) + ", not nullable"
		f.Edit = here.name + ": add nullable: true"
	case "type":
		f.Kind = "type"
		want := strings.Join(se.Schema.Type.Slice(), ", ")
		f.Spec = here.label() + " is " + describe(se.Schema)
		got := bareType(se.Value)
		if want == "integer" && got == "number" {
			f.Got = "a number with a fraction"
		}
		f.Edit = fmt.Sprintf("%s: type %s → %s", here.name, want, got)
	case "format", "pattern":
		f.Kind = "format"
		what := "format " + se.Schema.Format
		if field == "pattern" {
			what = "pattern"
		}
		f.Spec = here.label() + " is " + describe(se.Schema)
		if field == "pattern" {
			f.Spec += ", matching its pattern"
		}
		f.Got = f.Got + " not in " + what
		f.Edit = fmt.Sprintf("%s: remove %s", here.name, strings.Replace(what, "format ", "format: ", 1))
	case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
		"minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties", "uniqueItems":
		// kin-openapi's reasons for bounds state the bound, never the value.
		f.Kind = "bound"
		f.Spec = here.label() + ": " + se.Reason
		f.Got += " outside " + field
		f.Edit = fmt.Sprintf("%s: relax or remove %s", here.name, field)
	case "enum":
		f.Kind = "enum"
		f.Spec = here.label() + " is one of the values of its enum"
		f.Got += " not in the enum"
		f.Edit = here.name + ".enum: add the value that came (see the response)"
	case "properties":
		// An undocumented property under additionalProperties: false;
		// undocumented reports every one, this schema's included.
		return finding{}, false
	default:
		f.Kind = "other"
		f.Spec = fmt.Sprintf("%s: %s (%s)", here.label(), describe(se.Schema), field)
		f.Edit = fmt.Sprintf("%s: change %s to describe %s", here.name, field, f.Got)
	}
	return f, true
}

// undocumented adds a finding for each property of value that its object
// schema does not list, where the schema allows no others implicitly (no
// additionalProperties): openapi3filter accepts those.
func undocumented(s *openapi3.SchemaRef, sName string, value any, ptr []string, out *[]finding) {
	if s == nil || s.Value == nil {
		return
	}
	sch := s.Value
	switch v := value.(type) {
	case map[string]any:
		props := map[string]*openapi3.SchemaRef{}
		for _, part := range append([]*openapi3.SchemaRef{s}, sch.AllOf...) {
			if part != nil && part.Value != nil {
				for k, p := range part.Value.Properties {
					props[k] = p
				}
			}
		}
		describesObject := sch.Type.Is(openapi3.TypeObject) || len(props) > 0
		extra := sch.AdditionalProperties
		open := extra.Schema != nil || extra.Has != nil && *extra.Has
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			at := append(append([]string(nil), ptr...), k)
			switch p, ok := props[k]; {
			case ok:
				undocumented(p, childName(sName, p, "."+k), v[k], at, out)
			case extra.Schema != nil:
				undocumented(extra.Schema, childName(sName, extra.Schema, ".additionalProperties"), v[k], at, out)
			case describesObject && !open:
				*out = append(*out, finding{
					Pointer: pointer(at),
					Kind:    "undocumented",
					Spec:    fmt.Sprintf("%s lists no property %s", sName, name(k)),
					Got:     jsonType(v[k]) + ", undocumented",
					Edit:    fmt.Sprintf("%s.properties: add %s (%s)", sName, name(k), yamlType(v[k])),
				})
			}
		}
	case []any:
		if sch.Items != nil {
			for i, item := range v {
				undocumented(sch.Items, childName(sName, sch.Items, ".items"), item, append(append([]string(nil), ptr...), strconv.Itoa(i)), out)
			}
		}
	}
}

// place is where openapi.yaml describes a value: its schema, the name of
// that schema in the spec ("Agent" for a component, "Conversation.created_at"
// for a property written inline), and the property that refers to a
// component ("Conversation.agent"), if any.
type place struct {
	schema *openapi3.SchemaRef
	name   string
	via    string
}

// label names the value in a finding's spec: the property, and the
// component it refers to.
func (p place) label() string {
	if p.via != "" {
		return p.via + " ($ref " + p.name + ")"
	}
	return p.name
}

// placeAt walks the schema from root along a JSON pointer.
func placeAt(root *openapi3.SchemaRef, rootName string, ptr []string) place {
	p := place{schema: root, name: rootName}
	for i, seg := range ptr {
		var next *openapi3.SchemaRef
		var suffix string
		if s := p.schema; s != nil && s.Value != nil {
			switch pr, ok := s.Value.Properties[seg]; {
			case ok:
				next, suffix = pr, "."+seg
			case s.Value.Items != nil && isIndex(seg):
				next, suffix = s.Value.Items, ".items"
			case s.Value.AdditionalProperties.Schema != nil:
				next, suffix = s.Value.AdditionalProperties.Schema, ".additionalProperties"
			}
		}
		if next == nil {
			// Below what the spec describes (oneOf, say): name the rest by
			// the pointer.
			return place{name: p.name + pointer(ptr[i:])}
		}
		p = place{schema: next, name: p.name + suffix}
		if next.Ref != "" {
			p.via, p.name = p.name, refName(next.Ref)
		}
	}
	return p
}

// childName names the schema of a property (suffix ".agent"), of items
// (".items"), and so on: its component's name if it is a $ref.
func childName(parent string, s *openapi3.SchemaRef, suffix string) string {
	if s.Ref != "" {
		return refName(s.Ref)
	}
	return parent + suffix
}

// rootName names a response body's schema: its component, or the
// operation's response where the schema is written inline.
func rootName(s *openapi3.SchemaRef, op, status string) string {
	if s.Ref != "" {
		return refName(s.Ref)
	}
	return op + ".responses." + status
}

func refName(ref string) string {
	return strings.TrimPrefix(ref, "#/components/schemas/")
}

// statusKey is the key of op's responses that documents status: "200",
// "5XX" or "default".
func statusKey(op *openapi3.Operation, status int) string {
	code := strconv.Itoa(status)
	switch {
	case op.Responses.Value(code) != nil:
		return code
	case op.Responses.Value(code[:1]+"XX") != nil:
		return code[:1] + "XX"
	case op.Responses.Default() != nil:
		return "default"
	}
	return code
}

func mediaTypes(c openapi3.Content) []string {
	var types []string
	for mt := range c {
		types = append(types, mt)
	}
	sort.Strings(types)
	return types
}

// describe says what a schema allows, such as "a string (format
// date-time)" or "an object": its type and format, never an example.
func describe(s *openapi3.Schema) string {
	types := s.Type.Slice()
	if len(types) == 0 {
		return "any value"
	}
	d := article(types[0]) + " " + strings.Join(types, " or ")
	if s.Format != "" {
		d += " (format " + s.Format + ")"
	}
	return d
}

// jsonType names a value's JSON type with its article, as in "a string".
func jsonType(v any) string {
	t := bareType(v)
	if t == "null" {
		return t
	}
	return article(t) + " " + t
}

// bareType is a JSON value's type in openapi.yaml's words: null, boolean,
// integer, number, string, array or object.
func bareType(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number:
		if !strings.ContainsAny(v.String(), ".eE") {
			return "integer"
		}
		return "number"
	case float64:
		if v == float64(int64(v)) {
			return "integer"
		}
		return "number"
	case int, int64:
		return "integer"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "value"
}

// yamlType is the schema to add for a value, such as "type string".
func yamlType(v any) string {
	if v == nil {
		return "nullable: true; its type is not known from a null"
	}
	return "type " + bareType(v)
}

func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}

func isIndex(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}

// pointer writes a JSON pointer (RFC 6901) for path, each key shown as
// name shows it.
func pointer(path []string) string {
	var b strings.Builder
	for _, seg := range path {
		b.WriteByte('/')
		b.WriteString(strings.NewReplacer("~", "~0", "/", "~1").Replace(name(seg)))
	}
	return b.String()
}

// name shows a property name the server sent: a key, not a value, but
// bounded and quoted when it holds what a terminal would act on.
func name(key string) string {
	key = cutText(key, 64)
	for _, r := range key {
		if !strconv.IsPrint(r) || r == '"' || r == ' ' {
			return strconv.QuoteToASCII(key)
		}
	}
	return key
}

// cutText keeps the first max bytes of s, on a rune boundary, marking a cut.
func cutText(s string, max int) string {
	if len(s) <= max {
		return s
	}
	for max > 0 && !utf8.RuneStart(s[max]) {
		max--
	}
	return s[:max] + "…"
}
