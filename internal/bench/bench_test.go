package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

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

func newServer(tb testing.TB) *server { return newSlowServer(tb, 0) }

// newSlowServer is newServer answering each request after latency, as an
// API across a network does.
func newSlowServer(tb testing.TB, latency time.Duration) *server {
	s := &server{}
	length := strconv.Itoa(len(body))
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if latency > 0 {
			time.Sleep(latency)
		}
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
// contenders: net/http tuned as a careful user would tune it for one API
// host, keeping up to 1,024 idle connections to it, as New's client does,
// so that all of them reuse connections alike.
func tunedClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns, tr.MaxIdleConnsPerHost = 1024, 1024
	return &http.Client{Transport: tr}
}

// A contender fetches conversation 123 from a base URL, and decodes a body.
type contender struct {
	name   string
	fetch  func(tb testing.TB, baseURL string) fetcher
	decode func([]byte) error
}

// fetcher fetches conversation 123 and returns what a caller may keep of
// it: the customer's name, and the whole conversation (a pointer).
type fetcher func(context.Context) (name string, conv any, err error)

var contenders = []contender{
	{
		name: "floor",
		fetch: func(tb testing.TB, baseURL string) fetcher {
			return plainFetch(baseURL, func(data []byte) (string, any, error) {
				v := new(floorResponse)
				err := json.Unmarshal(data, v)
				return v.Data.Customer.Name, v, err
			})
		},
		decode: func(data []byte) error {
			var v floorResponse
			return json.Unmarshal(data, &v)
		},
	},
	{
		// The limit of the typed method: net/http alone, tuned alike,
		// plus the client's own decoder of the body, untracked.
		name: "limit",
		fetch: func(tb testing.TB, baseURL string) fetcher {
			return plainFetch(baseURL, func(data []byte) (string, any, error) {
				v := new(api.ConversationResponse)
				err := v.UnmarshalJSON(data)
				return v.Data.Customer.Name, &v.Data, err
			})
		},
		decode: func(data []byte) error {
			var v api.ConversationResponse
			return v.UnmarshalJSON(data)
		},
	},
	{
		name: "generated",
		fetch: func(tb testing.TB, baseURL string) fetcher {
			c, err := api.NewClientWithResponses(baseURL, api.WithBearerToken(token), api.WithHTTPClient(tunedClient()))
			if err != nil {
				tb.Fatal(err)
			}
			return func(ctx context.Context) (string, any, error) {
				r, err := c.GetConversationWithResponse(ctx, 123)
				if err != nil {
					return "", nil, err
				}
				if r.JSON200 == nil {
					return "", nil, fmt.Errorf("status %d", r.StatusCode())
				}
				return r.JSON200.Data.Customer.Name, r.JSON200, nil
			}
		},
		decode: trackedDecode,
	},
	{
		name: "client",
		fetch: func(tb testing.TB, baseURL string) fetcher {
			c, err := api.New(baseURL, token)
			if err != nil {
				tb.Fatal(err)
			}
			return func(ctx context.Context) (string, any, error) {
				conv, err := c.Conversation(ctx, 123)
				if err != nil {
					return "", nil, err
				}
				return conv.Customer.Name, conv, nil
			}
		},
		decode: trackedDecode,
	},
	{
		// The generated method through New's client.
		name: "withresponse",
		fetch: func(tb testing.TB, baseURL string) fetcher {
			c, err := api.New(baseURL, token)
			if err != nil {
				tb.Fatal(err)
			}
			return func(ctx context.Context) (string, any, error) {
				r, err := c.GetConversationWithResponse(ctx, 123)
				if err != nil {
					return "", nil, err
				}
				return r.JSON200.Data.Customer.Name, r.JSON200, nil
			}
		},
		decode: trackedDecode,
	},
	{
		name: "ogen",
		fetch: func(tb testing.TB, baseURL string) fetcher {
			c, err := ogenclient.NewClient(baseURL, bearer{}, ogenclient.WithClient(tunedClient()))
			if err != nil {
				tb.Fatal(err)
			}
			return func(ctx context.Context) (string, any, error) {
				res, err := c.GetConversation(ctx, ogenclient.GetConversationParams{ID: 123})
				if err != nil {
					return "", nil, err
				}
				conv, ok := res.(*ogenclient.ConversationResponse)
				if !ok {
					return "", nil, fmt.Errorf("response %T", res)
				}
				return conv.Data.Customer.Name, conv, nil
			}
		},
		decode: func(data []byte) error {
			var v ogenclient.ConversationResponse
			return v.Decode(jx.DecodeBytes(data)) // as its response decoder does, before validating
		},
	},
}

// plainFetch is a fetch with net/http alone, tuned as the others are,
// decoding the body with decode.
func plainFetch(baseURL string, decode func([]byte) (string, any, error)) fetcher {
	hc := tunedClient()
	url := baseURL + "/conversations/123"
	return func(ctx context.Context) (string, any, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return "", nil, err
		}
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := hc.Do(req)
		if err != nil {
			return "", nil, err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return "", nil, fmt.Errorf("status %d", resp.StatusCode)
		}
		data, err := io.ReadAll(resp.Body)
		if err != nil {
			return "", nil, err
		}
		name, v, err := decode(data)
		if err != nil {
			return "", nil, err
		}
		return name, v, nil
	}
}

// trackedDecode is the one tracked pass over a body that the client's
// methods make (the generated parser, and the typed method built on it).
func trackedDecode(data []byte) error {
	_, err := api.CheckBody("getConversation", 200, data)
	return err
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
				if _, _, err := fetch(ctx); err != nil {
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
					if _, _, err := fetch(ctx); err != nil {
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
	benchmarkDecode(b, body)
}

// distinct is body with each of the documentation's 25 "<string>"
// placeholders made unique, so that no value repeats: the client's decoder
// shares a string repeated within a document, which flatters it on the
// documentation's example and not on data without repeats.
var distinct = func() []byte {
	out := string(body)
	for i := 1; strings.Contains(out, `"<string>"`); i++ {
		out = strings.Replace(out, `"<string>"`, fmt.Sprintf(`"<string %d>"`, i), 1)
	}
	return []byte(out)
}()

// BenchmarkDecodeDistinct decodes that body alone.
func BenchmarkDecodeDistinct(b *testing.B) {
	benchmarkDecode(b, distinct)
}

func benchmarkDecode(b *testing.B, data []byte) {
	for _, c := range contenders {
		b.Run("contender="+c.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if err := c.decode(data); err != nil {
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
							if _, _, err := fetch(context.Background()); err != nil {
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
		if name, conv, err := c.fetch(t, srv.URL)(context.Background()); err != nil || name != "John Doe" || conv == nil {
			t.Errorf("%s: fetch: %q, %v, %v", c.name, name, conv, err)
		}
		if err := c.decode(body); err != nil {
			t.Errorf("%s: decode: %v", c.name, err)
		}
		if err := c.decode(body[:len(body)/2]); err == nil {
			t.Errorf("%s: decoding half a body succeeded", c.name)
		}
	}
}

// BenchmarkRetained measures what a caller keeps alive, the second cost of
// memory after what a call allocates: the heap still live, after a forced
// GC, per fetch whose caller kept the customer's name (keep=name), a copy
// of that name (keep=copy, the least anyone can keep), or the whole
// conversation (keep=conversation). Reported as B/kept; time is not the
// point here.
func BenchmarkRetained(b *testing.B) {
	const n = 2000
	for _, keep := range []string{"name", "copy", "conversation"} {
		for _, c := range contenders {
			if keep == "copy" && c.name != "floor" {
				continue // a copy is a copy, whoever decoded it
			}
			b.Run("keep="+keep+"/contender="+c.name, func(b *testing.B) {
				srv := newServer(b)
				fetch := c.fetch(b, srv.URL)
				ctx := context.Background()
				for range 10 { // the pool's connections and buffers, before measuring
					if _, _, err := fetch(ctx); err != nil {
						b.Fatal(err)
					}
				}
				var perFetch float64
				for b.Loop() {
					names, convs := make([]string, n), make([]any, n)
					before := liveHeap()
					for i := range n {
						name, conv, err := fetch(ctx)
						if err != nil {
							b.Fatal(err)
						}
						switch keep {
						case "name":
							names[i] = name
						case "copy":
							names[i] = strings.Clone(name)
						default:
							convs[i] = conv
						}
					}
					perFetch = float64(int64(liveHeap())-int64(before)) / n
					runtime.KeepAlive(names)
					runtime.KeepAlive(convs)
				}
				b.ReportMetric(perFetch, "B/kept")
			})
		}
	}
}

// liveHeap returns the bytes of the heap still in use after full GCs.
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// BenchmarkLatency fetches from a server that answers after 20 ms, as an
// API across a network does, from 64 and from 256 goroutines: requests per
// second (req/s), and connections opened (conns), which a pool that keeps
// too few idle drives into the thousands and a cap on connections keeps
// from growing with the goroutines.
func BenchmarkLatency(b *testing.B) {
	for _, goroutines := range []int{64, 256} {
		for _, c := range contenders {
			b.Run(fmt.Sprintf("goroutines=%d/contender=%s", goroutines, c.name), func(b *testing.B) {
				srv := newSlowServer(b, 20*time.Millisecond)
				fetch := c.fetch(b, srv.URL)
				b.SetParallelism(max(1, goroutines/runtime.GOMAXPROCS(0)))
				start := time.Now()
				b.RunParallel(func(pb *testing.PB) {
					ctx := context.Background()
					for pb.Next() {
						if _, _, err := fetch(ctx); err != nil {
							b.Error(err)
							return
						}
					}
				})
				b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
				b.ReportMetric(float64(srv.conns.Load()), "conns")
			})
		}
	}
}
