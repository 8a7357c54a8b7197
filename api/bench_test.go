package api_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/healvi-chat/healvi-go/api"
)

// BenchmarkDecodeDocExample decodes the documentation's example into the
// generated model, against a baseline of decoding it into a generic map.
func BenchmarkDecodeDocExample(b *testing.B) {
	b.Run("model=generated", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(docExample)))
		for b.Loop() {
			var v api.ConversationResponse
			if err := json.Unmarshal(docExample, &v); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("model=map-baseline", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(docExample)))
		for b.Loop() {
			var v map[string]any
			if err := json.Unmarshal(docExample, &v); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkConversationLoopback fetches the example over loopback HTTP:
// New's client (retries, limits, error checks) against a baseline of a
// bare net/http GET decoded into the same model.
func BenchmarkConversationLoopback(b *testing.B) {
	srv := serve(b, docExampleHandler)
	b.Run("client=api.New", func(b *testing.B) {
		c := newClient(b, srv.URL)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.Conversation(context.Background(), 123); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("client=net-http-baseline", func(b *testing.B) {
		hc := &http.Client{}
		b.ReportAllocs()
		for b.Loop() {
			req, _ := http.NewRequest(http.MethodGet, srv.URL+"/conversations/123", nil)
			req.Header.Set("Authorization", "Bearer "+testToken)
			resp, err := hc.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			var v api.ConversationResponse
			if err != nil || json.Unmarshal(body, &v) != nil {
				b.Fatal("read or decode failed")
			}
		}
	})
}
