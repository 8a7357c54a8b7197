package api

import (
	_ "embed"
	"testing"
)

//go:embed healvitest/docexample.json
var benchDocExample []byte

// BenchmarkTracking decodes the documentation's example untracked (a
// model's UnmarshalJSON) and tracked (what the generated methods decode
// with), side by side: drift tracking, with no drift to report, must cost
// next to nothing.
func BenchmarkTracking(b *testing.B) {
	b.Run("tracked=no", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(benchDocExample)))
		for b.Loop() {
			var v ConversationResponse
			if err := v.UnmarshalJSON(benchDocExample); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("tracked=yes", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(benchDocExample)))
		for b.Loop() {
			var v ConversationResponse
			var t tracker
			if err := decodeGetConversationJSON200(benchDocExample, &v, &t); err != nil || len(t.Found) != 0 {
				b.Fatal(err, t.Found)
			}
		}
	})
}
