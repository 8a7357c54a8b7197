package main

import (
	"strings"
	"testing"
)

// The generator's output for a fixture holding each kind of field: what it
// decodes fast, what falls back to encoding/json, and what encoding/json
// skips.
func TestGenerateCoversEachKindOfField(t *testing.T) {
	src, err := generate("testdata/models.go.txt", "Root")
	if err != nil {
		t.Fatal(err)
	}
	out := string(src)
	for _, want := range []string{
		`namesRoot = []string{"name", "Untagged", "child", "children", "when", "score", "extra"}`,
		"err = d.decodeString(&v.Name)",
		"err = d.decodeInt64(&v.Untagged)",
		"err = d.decodeChildPtr(&v.Child)",
		"err = decodeSlice(d, &v.Children, (*decoder).decodeChild)",
		"err = d.decodeTimePtr(&v.When)",
		"err = d.fallback(&v.Score) // float64: no fast decoder",
		"err = d.fallback(&v.Extra) // map[string]string: no fast decoder",
		"func (v *Child) UnmarshalJSON(b []byte) error",
		"func (d *decoder) decodeChildPtr(p **Child) error",
		`case "children":`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	for _, unwanted := range []string{"Skipped", "hidden", "Unreached", "decodeRootPtr"} {
		if strings.Contains(out, unwanted) {
			t.Errorf("output has %q", unwanted)
		}
	}
	if _, err := generate("testdata/models.go.txt", "Missing"); err == nil {
		t.Error("a missing root type is no error")
	}
}
