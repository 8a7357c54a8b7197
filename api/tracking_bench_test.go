package api

import (
	_ "embed"
	"testing"
)

//go:embed healvitest/docexample.json
var benchDocExample []byte

// BenchmarkTracking decodes the documentation's example untracked (a
// model's UnmarshalJSON), as the generated methods do when no one listens
// for drift (no handler, strict mode or logger: the tracker keeps only the
// envelope's members, RootOnly), and as they do when someone listens,
// side by side: the default must cost what untracked does.
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
	for _, listening := range []bool{false, true} {
		name := "tracked=root"
		if listening {
			name = "tracked=yes"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(benchDocExample)))
			for b.Loop() {
				var v ConversationResponse
				t := tracker{RootOnly: !listening}
				if err := decodeGetConversationJSON200(benchDocExample, &v, &t); err != nil || len(t.Found) != 0 {
					b.Fatal(err, t.Found)
				}
			}
		})
	}
}
