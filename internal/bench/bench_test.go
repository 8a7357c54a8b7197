package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/go-faster/jx"

	"github.com/healvi-chat/healvi-go/api"
	"github.com/healvi-chat/healvi-go/api/healvitest"
	"github.com/healvi-chat/healvi-go/internal/bench/ogenclient"
)

const token = "bench-token"

// body is the documentation's example with user.email a string, which every
// contender decodes (ogen's strict decoder refuses the page's number).
var body = healvitest.DocExampleOnContract()

// server serves body on loopback, as a Healvi instance would, and counts
// the connections clients open to it.
type server struct {
	*httptest.Server
	conns atomic.Int64
}

func newServer(tb testing.TB) *server {
	s := &server{}
	length := strconv.Itoa(len(body))
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+token {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", length)
		_, _ = w.Write(body)
	}))
	s.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.Start()
	tb.Cleanup(s.Close)
	return s
}

// tunedClient is the HTTP client of the floor, generated and ogen
// contenders: net/http with as many idle connections kept per host as New's
// client keeps, so that all of them reuse connections alike.
func tunedClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxConnsPerHost, tr.MaxIdleConnsPerHost = 64, 64
	return &http.Client{Transport: tr}
}

// A contender fetches conversation 123 from a base URL, and decodes a body.
type contender struct {
	name   string
	fetch  func(tb testing.TB, baseURL string) func(context.Context) error
	decode func([]byte) error
}

var contenders = []contender{
	{
		name: "floor",
		fetch: func(tb testing.TB, baseURL string) func(context.Context) error {
			hc := tunedClient()
			url := baseURL + "/conversations/123"
			return func(ctx context.Context) error {
				req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
				if err != nil {
					return err
				}
				req.Header.Set("Authorization", "Bearer "+token)
				resp, err := hc.Do(req)
				if err != nil {
					return err
				}
				defer resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					return fmt.Errorf("status %d", resp.StatusCode)
				}
				data, err := io.ReadAll(resp.Body)
				if err != nil {
					return err
				}
				var v floorResponse
				return json.Unmarshal(data, &v)
			}
		},
		decode: func(data []byte) error {
			var v floorResponse
			return json.Unmarshal(data, &v)
		},
	},
	{
		name: "generated",
		fetch: func(tb testing.TB, baseURL string) func(context.Context) error {
			c, err := api.NewClientWithResponses(baseURL, api.WithBearerToken(token), api.WithHTTPClient(tunedClient()))
			if err != nil {
				tb.Fatal(err)
			}
			return func(ctx context.Context) error {
				r, err := c.GetConversationWithResponse(ctx, 123)
				if err != nil {
					return err
				}
				if r.JSON200 == nil {
					return fmt.Errorf("status %d", r.StatusCode())
				}
				return nil
			}
		},
		decode: func(data []byte) error {
			var v api.ConversationResponse
			return json.Unmarshal(data, &v) // as ParseGetConversationResponse does
		},
	},
	{
		name: "client",
		fetch: func(tb testing.TB, baseURL string) func(context.Context) error {
			c, err := api.New(baseURL, token)
			if err != nil {
				tb.Fatal(err)
			}
			return func(ctx context.Context) error {
				_, err := c.Conversation(ctx, 123)
				return err
			}
		},
		decode: func(data []byte) error {
			var v api.ConversationResponse
			return v.UnmarshalJSON(data) // as Conversation does
		},
	},
	{
		name: "ogen",
		fetch: func(tb testing.TB, baseURL string) func(context.Context) error {
			c, err := ogenclient.NewClient(baseURL, bearer{}, ogenclient.WithClient(tunedClient()))
			if err != nil {
				tb.Fatal(err)
			}
			return func(ctx context.Context) error {
				res, err := c.GetConversation(ctx, ogenclient.GetConversationParams{ID: 123})
				if err != nil {
					return err
				}
				if _, ok := res.(*ogenclient.ConversationResponse); !ok {
					return fmt.Errorf("response %T", res)
				}
				return nil
			}
		},
		decode: func(data []byte) error {
			var v ogenclient.ConversationResponse
			return v.Decode(jx.DecodeBytes(data)) // as its response decoder does, before validating
		},
	},
}

type bearer struct{}

func (bearer) BearerAuth(context.Context, ogenclient.OperationName) (ogenclient.BearerAuth, error) {
	return ogenclient.BearerAuth{Token: token}, nil
}

// BenchmarkFetch fetches the conversation over loopback, one request at a
// time.
func BenchmarkFetch(b *testing.B) {
	for _, c := range contenders {
		b.Run("contender="+c.name, func(b *testing.B) {
			srv := newServer(b)
			fetch := c.fetch(b, srv.URL)
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				if err := fetch(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFetchParallel fetches from 64 goroutines at once.
func BenchmarkFetchParallel(b *testing.B) {
	for _, c := range contenders {
		b.Run("contender="+c.name, func(b *testing.B) {
			srv := newServer(b)
			fetch := c.fetch(b, srv.URL)
			b.SetParallelism(max(1, 64/runtime.GOMAXPROCS(0)))
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				ctx := context.Background()
				for pb.Next() {
					if err := fetch(ctx); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}

// BenchmarkDecode decodes the body alone.
func BenchmarkDecode(b *testing.B) {
	for _, c := range contenders {
		b.Run("contender="+c.name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if err := c.decode(body); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkNewConnections counts the connections opened for 10,000
// requests from 64 goroutines, after a warm-up of 640 requests: with
// connections kept for reuse, none.
func BenchmarkNewConnections(b *testing.B) {
	for _, c := range contenders {
		b.Run("contender="+c.name, func(b *testing.B) {
			srv := newServer(b)
			fetch := c.fetch(b, srv.URL)
			run := func(total int) {
				var wg sync.WaitGroup
				var next atomic.Int64
				var failed atomic.Value
				for range 64 {
					wg.Go(func() {
						for next.Add(1) <= int64(total) {
							if err := fetch(context.Background()); err != nil {
								failed.Store(err)
								return
							}
						}
					})
				}
				wg.Wait()
				if err, _ := failed.Load().(error); err != nil {
					b.Fatal(err)
				}
			}
			run(640)
			var opened int64
			for b.Loop() {
				before := srv.conns.Load()
				run(10_000)
				opened += srv.conns.Load() - before
			}
			b.ReportMetric(float64(opened)/float64(b.N), "conns/10k")
		})
	}
}

// TestContendersAgree makes sure that every contender fetches and decodes
// the conversation, and fails on half a body, so that the benchmarks
// compare like with like.
func TestContendersAgree(t *testing.T) {
	srv := newServer(t)
	for _, c := range contenders {
		if err := c.fetch(t, srv.URL)(context.Background()); err != nil {
			t.Errorf("%s: fetch: %v", c.name, err)
		}
		if err := c.decode(body); err != nil {
			t.Errorf("%s: decode: %v", c.name, err)
		}
		if err := c.decode(body[:len(body)/2]); err == nil {
			t.Errorf("%s: decoding half a body succeeded", c.name)
		}
	}
}

// TestOgenClientIsFresh fails when ogenclient is not what the pinned ogen
// makes of openapi.yaml today: run `go generate` here and commit it.
func TestOgenClientIsFresh(t *testing.T) {
	if testing.Short() {
		t.Skip("runs ogen")
	}
	dir := t.TempDir()
	cmd := exec.Command("go", "tool", "ogen", "--target", dir, "--package", "ogenclient", "--clean", "--config", "ogen.yml", "../../openapi.yaml")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ogen: %v\n%s", err, out)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("ogen wrote no files (%v)", err)
	}
	for _, f := range files {
		want, _ := os.ReadFile(f)
		got, err := os.ReadFile(filepath.Join("ogenclient", filepath.Base(f)))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("ogenclient/%s is stale: run `go generate` in internal/bench (%v)", filepath.Base(f), err)
		}
	}
}
