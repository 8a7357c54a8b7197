package jsonread

import (
	"strconv"
	"strings"
)

// Tracker records, while the generated decoders read a document, how it
// differs from what its schemas describe: a property a schema requires
// that is missing, one held as null where the schema allows none, and a
// member no schema describes. These are drift, not errors: the value
// still decodes (to the zero value, or nil), and the caller decides what
// to do with the findings.
//
// A nil *Tracker tracks nothing and costs nothing. A Tracker lives on its
// caller's stack: it keeps the path to the value being read as a stack of
// names (the schema tables' own strings, and element indexes), and makes
// a finding's JSON pointer only when there is a finding, so a document
// without drift costs no allocation.
type Tracker struct {
	// Found are the findings, in the order the document holds them, at
	// most maxFindings; More counts those past it.
	Found []Finding
	More  int
	// path is the way from the top to the value being read; past
	// maxPathDepth only depth counts, and pointers end in "/…". Fixed arrays,
	// not slices: a slice of its own array would make a Tracker escape
	// to the heap.
	path  [maxPathDepth]step
	depth int
	root  [maxPathDepth]uint8 // see RootMember
	roots int
	// RootOnly makes the Tracker keep only what RootMember reports, and
	// find nothing: the members of the top-level object are marked, and
	// Member and Element hand the values below it no tracker at all, so
	// that they decode as fast as untracked. It is what a caller that
	// reports drift to no one needs, which still checks an envelope's
	// resource.
	RootOnly bool
}

// maxPathDepth is how deep a pointer names its steps, and how many members
// of the top-level object RootMember knows.
const maxPathDepth = 32

// maxFindings bounds what one document can make a Tracker allocate: a
// hostile server can send a million undocumented members.
const maxFindings = 256

type step struct {
	name  string
	index int // of an array element; -1 for a member
}

// Kind is what a finding found.
type Kind uint8

// The kinds of drift.
const (
	// Missing is a property the schema requires, absent.
	Missing Kind = iota + 1
	// Null is a property held as null where the schema does not allow
	// null, whether or not it requires the property.
	Null
	// Undocumented is a member the schema does not describe.
	Undocumented
)

// Finding is one way a document differs from its schemas.
type Finding struct {
	Pointer string // the JSON pointer of the value, such as /data/agent
	Kind    Kind
	Schema  string // the Go type of the object that holds it, such as Conversation
}

// Prop is what a schema says of one property of an object: whether it
// requires it and whether it allows null.
type Prop struct {
	Required, Nullable bool
}

// Seen values of Mark: what a member of an object was.
const (
	Absent  uint8 = 0
	WasNull uint8 = 1
	Valued  uint8 = 2
)

// Mark records in seen that member k (-1, a member the struct does not
// have, is ignored) was null or had a value. A value beats a null of a
// repeated key: the value decoded first stays, as null leaves a value
// unchanged.
func Mark(seen []uint8, k int, null bool) {
	if k < 0 || k >= len(seen) {
		return
	}
	v := Valued
	if null {
		v = WasNull
	}
	seen[k] = max(seen[k], v)
}

// Member enters the member name of the object being read, and returns
// the tracker of its value: t, or nil when t tracks nothing below the top
// (RootOnly). Leave leaves it.
func (t *Tracker) Member(name string) *Tracker {
	return t.enter(step{name: name, index: -1})
}

// Element enters element i of the array being read, and returns the
// tracker of its value, as Member does.
func (t *Tracker) Element(i int) *Tracker {
	return t.enter(step{index: i})
}

func (t *Tracker) enter(s step) *Tracker {
	if t == nil || t.RootOnly {
		return nil
	}
	if t.depth < maxPathDepth {
		t.path[t.depth] = s
	}
	t.depth++
	return t
}

// Leave leaves the member or element last entered; after a Member or
// Element that entered nothing (RootOnly) it does nothing, as the depth is
// still that of the top.
func (t *Tracker) Leave() {
	if t != nil && t.depth > 0 {
		t.depth--
	}
}

// RootMember returns what member k of the top-level object was (Absent,
// WasNull or Valued), once that object is read: the resource of an
// envelope must be there, whatever its schema says.
func (t *Tracker) RootMember(k int) uint8 {
	if k < 0 || k >= t.roots {
		return Absent
	}
	return t.root[k]
}

// Undocumented records a member that the object's schema does not
// describe. key is copied only here, where there is a finding.
func (t *Tracker) Undocumented(key []byte, schema string) {
	if t != nil && !t.RootOnly {
		t.add(string(key), Undocumented, schema)
	}
}

// Close checks an object just read against its schema's props (by field
// index, names the JSON names of the same fields): a required property
// that was absent is Missing, and one that was null where null is not
// allowed is Null. At the top level it keeps seen for RootMember too.
func (t *Tracker) Close(seen []uint8, props []Prop, names []string, schema string) {
	if t == nil {
		return
	}
	if t.depth == 0 {
		t.roots = copy(t.root[:], seen)
	}
	if t.RootOnly {
		return
	}
	for k, p := range props {
		switch {
		case seen[k] == Absent && p.Required:
			t.add(names[k], Missing, schema)
		case seen[k] == WasNull && !p.Nullable:
			t.add(names[k], Null, schema)
		}
	}
}

func (t *Tracker) add(name string, kind Kind, schema string) {
	if len(t.Found) >= maxFindings {
		t.More++
		return
	}
	t.Found = append(t.Found, Finding{Pointer: t.pointer(name), Kind: kind, Schema: schema})
}

// pointer is the JSON pointer (RFC 6901) of member name of the value
// being read.
func (t *Tracker) pointer(name string) string {
	var b strings.Builder
	for _, s := range t.path[:min(t.depth, maxPathDepth)] {
		b.WriteByte('/')
		if s.index >= 0 {
			b.WriteString(strconv.Itoa(s.index))
		} else {
			writeToken(&b, s.name)
		}
	}
	if t.depth > maxPathDepth {
		b.WriteString("/…")
	}
	b.WriteByte('/')
	writeToken(&b, name)
	return b.String()
}

// writeToken writes a reference token, escaping ~ and / as RFC 6901 says.
func writeToken(b *strings.Builder, s string) {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '~':
			b.WriteString("~0")
		case '/':
			b.WriteString("~1")
		default:
			b.WriteByte(s[i])
		}
	}
}

// TrackMember reads raw, the member of a union as the union keeps it, a
// second time with decode, for the drift t records of it alone: the union
// holds raw as sent, so an error here (a member its schema does not
// describe) is none of the union's, and t's path is left as it was. With
// no tracker (or one that finds nothing, RootOnly) there is nothing to
// find, and raw is not read again.
func TrackMember[T any](raw []byte, t *Tracker, decode func(*Decoder, *T, *Tracker) error) {
	if t == nil || t.RootOnly {
		return
	}
	depth := t.depth
	var d Decoder
	d.Reset(raw)
	var v T
	_ = decode(&d, &v, t)
	t.depth = depth
}
