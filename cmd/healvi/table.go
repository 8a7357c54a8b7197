package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/healvi-chat/healvi-go/api"
)

// curated are the tables written for a response by the name of its schema,
// for what a person looks at first; any other response gets genericTable.
var curated = map[string]func(io.Writer, []byte) error{
	"ConversationResponse": conversationTable,
}

// writeTable writes a response for a person to read: curated, or generic.
func writeTable(w io.Writer, schema string, raw []byte) error {
	if table, ok := curated[schema]; ok {
		return table(w, raw)
	}
	return genericTable(w, raw)
}

// genericTable writes any JSON response readably, with no knowledge of its
// schema: a line per value, named by its path (data.customer.name), and an
// array of objects at the top, or in a top-level member such as data (a
// page of items), as a table with a row per item and a column per value.
func genericTable(w io.Writer, raw []byte) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // numbers as the API wrote them
	var v any
	if err := dec.Decode(&v); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	var lists []list
	switch v := v.(type) {
	case map[string]any:
		for _, k := range sortedKeys(v) {
			if items, ok := objects(v[k]); ok {
				lists = append(lists, list{k, items})
				continue
			}
			rows(tw, k, v[k])
		}
	case []any:
		if items, ok := objects(v); ok {
			lists = append(lists, list{"", items})
		} else {
			rows(tw, "", v)
		}
	default:
		rows(tw, "", v)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, l := range lists {
		if err := l.write(w); err != nil {
			return err
		}
	}
	return nil
}

// rows writes a line for each scalar in v, named by its path.
func rows(tw io.Writer, path string, v any) {
	switch v := v.(type) {
	case map[string]any:
		if len(v) == 0 {
			fmt.Fprintf(tw, "%s\t{}\n", oneLine(path, 60))
		}
		for _, k := range sortedKeys(v) {
			rows(tw, join(path, k), v[k])
		}
	case []any:
		if len(v) == 0 {
			fmt.Fprintf(tw, "%s\t[]\n", oneLine(path, 60))
		}
		for i, item := range v {
			rows(tw, fmt.Sprintf("%s[%d]", path, i), item)
		}
	default:
		fmt.Fprintf(tw, "%s\t%s\n", oneLine(path, 60), oneLine(scalar(v), 100))
	}
}

// list is an array of objects, written as a table.
type list struct {
	name  string
	items []map[string]any
}

func (l list) write(w io.Writer) error {
	var cols []string
	seen := map[string]bool{}
	for _, item := range l.items {
		for _, k := range sortedKeys(item) {
			if !seen[k] {
				seen[k] = true
				cols = append(cols, k)
			}
		}
	}
	title := fmt.Sprintf("%d items", len(l.items))
	if len(l.items) == 1 {
		title = "1 item"
	}
	if l.name != "" {
		title = fmt.Sprintf("%s: %s", oneLine(l.name, 60), title)
	}
	fmt.Fprintf(w, "\n%s\n", title)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = strings.ToUpper(oneLine(c, 40))
	}
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, item := range l.items {
		cells := make([]string, len(cols))
		for i, c := range cols {
			cells[i] = oneLine(cell(item[c]), 40)
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	return tw.Flush()
}

// objects returns v as a list of objects, when it is a non-empty array of
// nothing else.
func objects(v any) ([]map[string]any, bool) {
	arr, ok := v.([]any)
	if !ok || len(arr) == 0 {
		return nil, false
	}
	out := make([]map[string]any, len(arr))
	for i, item := range arr {
		if out[i], ok = item.(map[string]any); !ok {
			return nil, false
		}
	}
	return out, true
}

// cell shows a value in a table cell: a scalar as it is, an object or an
// array by its size.
func cell(v any) string {
	switch v := v.(type) {
	case map[string]any:
		return fmt.Sprintf("{%d}", len(v))
	case []any:
		return fmt.Sprintf("[%d]", len(v))
	}
	return scalar(v)
}

func scalar(v any) string {
	switch v := v.(type) {
	case nil:
		return "-"
	case string:
		return v
	}
	return fmt.Sprint(v)
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// conversationTable writes what a support engineer looks at first about a
// conversation, one field a line.
func conversationTable(w io.Writer, raw []byte) error {
	var resp api.ConversationResponse
	if err := resp.UnmarshalJSON(raw); err != nil {
		return err
	}
	c := &resp.Data
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
