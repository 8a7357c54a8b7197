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
// order, numbers and unknown fields kept, and nothing HTML-escaped.
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
	_, err := w.Write(buf.Bytes())
	return err
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
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return err
	}
	return enc.Close()
}

// blockStyle drops the flow style and quotes that JSON brought, so the
// encoder writes block YAML and quotes only what needs quoting.
func blockStyle(n *yaml.Node) {
	n.Style = 0
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

// oneLine folds white space, so a message cannot break the table, and cuts
// s to n runes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
