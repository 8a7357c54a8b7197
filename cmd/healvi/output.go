package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"

	"github.com/healvi-chat/healvi-go/api"
)

// A format writes a conversation; raw is the response body as the API sent
// it (nil if unknown), conv the same response decoded.
type format func(w io.Writer, conv *api.Conversation, raw []byte) error

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
func writeJSON(w io.Writer, conv *api.Conversation, raw []byte) error {
	var buf bytes.Buffer
	if raw == nil || json.Indent(&buf, raw, "", "  ") != nil {
		buf.Reset()
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(api.ConversationResponse{Data: *conv}); err != nil {
			return err
		}
	} else {
		buf.WriteByte('\n')
	}
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
func writeYAML(w io.Writer, conv *api.Conversation, raw []byte) error {
	var doc yaml.Node
	// JSON is YAML; decoding into a node keeps the key order. A body YAML
	// refuses (duplicate keys, say) falls back to the decoded value.
	if raw == nil || yaml.Unmarshal(raw, &doc) != nil {
		b, err := json.Marshal(api.ConversationResponse{Data: *conv})
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

// writeTable writes what a support engineer looks at first, one field a
// line.
func writeTable(w io.Writer, c *api.Conversation, _ []byte) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	row := func(name, value string) { fmt.Fprintf(tw, "%s\t%s\n", name, oneLine(value, 100)) }
	row("ID", strconv.FormatInt(c.ID, 10))
	row("STATUS", c.Status)
	row("CHANNEL", c.Channel)
	row("CUSTOMER", c.Customer.Name)
	row("CUSTOMER PHONE", orDash(c.Customer.Profile.PhoneNumber))
	row("AGENT", fmt.Sprintf("%s (%s %d)", c.Agent.Name, c.Agent.Channel, c.Agent.DisplayID))
	row("ASSIGNED USER", assignedUser(c.User))
	if m := c.LatestMessage; m != nil {
		row("LATEST MESSAGE AT", timeOrDash(m.SentAt))
		row("LATEST MESSAGE", fmt.Sprintf("%s (from %s, %s)", messageText(m), m.From, m.Status))
	} else {
		row("LATEST MESSAGE", "-")
	}
	row("UNREAD", strconv.FormatInt(c.UnreadCustomerMessagesCount, 10))
	row("REPLY WINDOW", replyWindow(c))
	row("SNOOZED UNTIL", timeOrDash(c.SnoozeUntil))
	return tw.Flush()
}

func assignedUser(u *api.User) string {
	if u == nil {
		return "unassigned"
	}
	if u.Email == "" {
		return u.Name
	}
	return fmt.Sprintf("%s <%s>", u.Name, u.Email)
}

func messageText(m *api.Message) string {
	var parts []string
	for _, c := range m.Contents {
		if c.Type == "text" {
			parts = append(parts, c.Content)
		} else {
			parts = append(parts, "["+c.Type+"]")
		}
	}
	if len(parts) == 0 {
		return "(empty)"
	}
	return strings.Join(parts, " ")
}

func replyWindow(c *api.Conversation) string {
	switch {
	case !c.ReplyPossible:
		return "closed"
	case c.ReplyUntil == nil:
		return "open"
	default:
		return "open until " + c.ReplyUntil.Format(time.RFC3339)
	}
}

func timeOrDash(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.Format(time.RFC3339)
}

func orDash(s *string) string {
	if s == nil || *s == "" {
		return "-"
	}
	return *s
}

// oneLine makes a server's value one safe table cell: white space folded,
// so that a message cannot break the table, cut to n runes, and every
// other rune a terminal would act on or not show (ESC, C1 controls, DEL,
// bidi overrides, invalid UTF-8) escaped as %q would, so that a value can
// neither drive the terminal nor pass for another row.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		s = string(r[:n-1]) + "…"
	}
	if !strings.ContainsFunc(s, func(r rune) bool { return !strconv.IsPrint(r) }) {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case strconv.IsPrint(r):
			b.WriteRune(r)
		default:
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		}
	}
	return b.String()
}
