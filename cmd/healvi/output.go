package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"
)

// A format writes a response body as the API sent it (raw, JSON that the
// client has checked), whose schema is named by schema (such as
// "ConversationResponse"; "" when the spec names none).
type format func(w io.Writer, schema string, raw []byte) error

var formats = map[string]format{
	"json":  writeJSON,
	"table": writeTable,
	"yaml":  writeYAML,
}

// writeJSON writes the response as the API sent it, indented: its key
// order, numbers and unknown fields kept, and nothing HTML-escaped. What
// JSON allows raw inside a string but a terminal would act on (C1
// controls, DEL, bidi overrides, invalid UTF-8) is written as a \u escape,
// which means the same to any JSON reader.
func writeJSON(w io.Writer, _ string, raw []byte) error {
	var buf bytes.Buffer
	if err := json.Indent(&buf, raw, "", "  "); err != nil {
		return err
	}
	// Indent keeps the white space after the value (a body often ends in
	// a newline); the output ends in exactly one.
	buf.Truncate(len(bytes.TrimRight(buf.Bytes(), " \t\r\n")))
	buf.WriteByte('\n')
	_, err := w.Write(escapeUnprintable(buf.Bytes(), jsonEscape))
	return err
}

// escapeUnprintable returns b with each rune that strconv.IsPrint rejects,
// other than the white space a JSON or YAML encoder writes between tokens
// (newline, space, tab), written by esc; each invalid UTF-8 byte stands for
// U+FFFD, as a JSON or YAML reader would take it. The caller makes sure
// such runes stand only where esc's escape means the rune itself: inside
// JSON strings, or inside double-quoted YAML scalars.
func escapeUnprintable(b []byte, esc func([]byte, rune) []byte) []byte {
	var out []byte
	last := 0
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == '\n' || r == '\t' || (r != utf8.RuneError || size != 1) && strconv.IsPrint(r) {
			i += size
			continue
		}
		out = append(out, b[last:i]...)
		out = esc(out, r)
		i += size
		last = i
	}
	if out == nil {
		return b
	}
	return append(out, b[last:]...)
}

// jsonEscape writes r as JSON's \uXXXX, a surrogate pair beyond U+FFFF.
func jsonEscape(b []byte, r rune) []byte {
	if r > 0xffff {
		r1, r2 := utf16.EncodeRune(r)
		return fmt.Appendf(b, `\u%04x\u%04x`, r1, r2)
	}
	return fmt.Appendf(b, `\u%04x`, r)
}

// yamlEscape writes r as a double-quoted YAML scalar's escape.
func yamlEscape(b []byte, r rune) []byte {
	if r > 0xffff {
		return fmt.Appendf(b, `\U%08x`, r)
	}
	return fmt.Appendf(b, `\u%04x`, r)
}

// writeYAML writes the response as YAML, in the API's key order.
func writeYAML(w io.Writer, _ string, raw []byte) error {
	var doc yaml.Node
	// JSON is YAML; decoding into a node keeps the key order. YAML refuses
	// invalid UTF-8, which in JSON stands only inside strings, where every
	// JSON reader takes it as U+FFFD; and it refuses a repeated key, which
	// JSON allows: then the value decoded as encoding/json would, sorted.
	if err := yaml.Unmarshal(bytes.ToValidUTF8(raw, []byte("\uFFFD")), &doc); err != nil {
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			return err
		}
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		if err := yaml.Unmarshal(b, &doc); err != nil {
			return err
		}
	}
	blockStyle(&doc)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	// YAML escapes C0 and C1 controls and DEL itself, but writes other
	// runes a terminal does not show as they are (a bidi override even in
	// double quotes); blockStyle double-quoted each scalar holding one.
	_, err := w.Write(escapeUnprintable(buf.Bytes(), yamlEscape))
	return err
}

// blockStyle drops the flow style and quotes that JSON brought, so the
// encoder writes block YAML and quotes only what needs quoting, and
// double-quotes a scalar that holds a rune only an escape should show.
func blockStyle(n *yaml.Node) {
	n.Style = 0
	if n.Kind == yaml.ScalarNode && strings.ContainsFunc(n.Value, func(r rune) bool {
		return r != '\n' && r != '\t' && !strconv.IsPrint(r)
	}) {
		n.Style = yaml.DoubleQuotedStyle
	}
	for _, c := range n.Content {
		blockStyle(c)
	}
}
