package genfixture

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/healvi-chat/healvi-go/api/internal/jsonread"
)

// A union's members are checked for drift as every other object is, by
// the decoder of the member its discriminator names (the mapping's value,
// or the schema's name where the mapping has none), while the union keeps
// each member as sent. A member of an unknown kind, or not an object, is
// kept and tracks nothing.
func TestUnionMembersAreCheckedForDrift(t *testing.T) {
	in := `{"s": "x", "i": 1, "nested": {}, "parts": [
		{"type": "text"},
		{"type": "ImagePart", "url": "u", "extra": 1},
		{"type": "video", "anything": true},
		5,
		{"type": "text", "text": {"not": "a string"}}
	], "after": 1}`
	var k Kinds
	var tr jsonread.Tracker
	var d jsonread.Decoder
	d.Reset([]byte(in))
	if err := decodeKinds(&d, &k, &tr); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range tr.Found {
		got = append(got, fmt.Sprintf("%s %d", f.Pointer, f.Kind))
	}
	want := []string{
		fmt.Sprintf("/parts/0/text %d", jsonread.Missing),
		fmt.Sprintf("/parts/1/extra %d", jsonread.Undocumented),
		// The last member's text is of the wrong type: its second read
		// stops there, and the path is restored for what follows.
		fmt.Sprintf("/after %d", jsonread.Undocumented),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings %q, want %q", got, want)
	}
	if k.Parts == nil || len(*k.Parts) != 5 {
		t.Fatalf("parts %v, want 5", k.Parts)
	}
	parts := *k.Parts
	if img, err := parts[1].AsImagePart(); err != nil || img.URL != "u" {
		t.Errorf("the member as sent: %+v, %v", img, err)
	}
	if raw, _ := parts[3].MarshalJSON(); string(raw) != "5" {
		t.Errorf("a member that is no object: %s", raw)
	}
}

// A RootOnly tracker (what the client's methods use when no one listens
// for drift) finds nothing and follows nothing below the top, yet knows
// what each member of the top-level object was, and the value decodes
// exactly as with a full tracker and with none: lists, maps, unions and
// nested objects, drifted at every depth, included.
func TestRootOnlyTrackerKeepsTheTopAndFindsNothing(t *testing.T) {
	in := []byte(`{"s": null, "i": 1, "nested": {"extra": 1}, "undocumented": [1],
		"parts": [{"type": "text"}, {"type": "ImagePart", "url": "u", "extra": 1}],
		"list": [{"extra": {}}], "map_thing": {"a": {"extra": 2}}, "matrix": [[1, 2]]}`)
	decode := func(tr *jsonread.Tracker) Kinds {
		t.Helper()
		var k Kinds
		var d jsonread.Decoder
		d.Reset(in)
		if err := decodeKinds(&d, &k, tr); err != nil {
			t.Fatal(err)
		}
		if err := d.Finish(); err != nil {
			t.Fatal(err)
		}
		return k
	}
	var full jsonread.Tracker
	root := jsonread.Tracker{RootOnly: true}
	untracked, tracked, rootOnly := decode(nil), decode(&full), decode(&root)
	if len(full.Found) < 5 {
		t.Fatalf("the full tracker found %d drifts, want at least 5: the test lost its drift", len(full.Found))
	}
	if len(root.Found) != 0 || root.More != 0 {
		t.Errorf("RootOnly found %v (and %d more), want nothing", root.Found, root.More)
	}
	if !reflect.DeepEqual(rootOnly, untracked) || !reflect.DeepEqual(tracked, untracked) {
		t.Errorf("the three decodes differ:\nnone     %+v\nfull     %+v\nrootOnly %+v", untracked, tracked, rootOnly)
	}
	for k, name := range namesKinds {
		want := full.RootMember(k)
		if got := root.RootMember(k); got != want {
			t.Errorf("RootMember(%d) (%s) = %d, want %d, as the full tracker says", k, name, got, want)
		}
	}
	if root.RootMember(indexKinds([]byte("s"))) != jsonread.WasNull || root.RootMember(indexKinds([]byte("nested"))) != jsonread.Valued {
		t.Errorf("RootMember does not tell null from a value: s=%d nested=%d", root.RootMember(indexKinds([]byte("s"))), root.RootMember(indexKinds([]byte("nested"))))
	}
}
