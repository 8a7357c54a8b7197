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
