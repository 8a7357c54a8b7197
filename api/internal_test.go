package api

import (
	"net/http"
	"runtime/debug"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"1", time.Second, true},
		{" 120 ", 2 * time.Minute, true},
		{"0", 0, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{"Wednesday, 25-Nov-26 12:00:30 GMT", 30 * time.Second, true}, // RFC 850, still legal
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},        // in the past: retry now
		{"99999999999999999999", (1 << 31) * time.Second, true},       // beyond int64: still "much later"
		{"-5", 0, false},
		{"soon", 0, false},
		{"", 0, false},
	} {
		got, ok := parseRetryAfter(tc.in, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestBackoffGrowsWithJitterWithinBounds(t *testing.T) {
	min, max := 100*time.Millisecond, time.Second
	for n := 0; n < 40; n++ {
		want := min << n
		if n > 10 || want > max {
			want = max
		}
		for i := 0; i < 50; i++ {
			if d := backoff(n, min, max); d < want/2 || d > want {
				t.Fatalf("backoff(%d) = %v, want within [%v, %v]", n, d, want/2, want)
			}
		}
	}
	if d := backoff(3, 0, 0); d != 0 {
		t.Errorf("backoff with zero bounds = %v", d)
	}
}

func TestDefaults(t *testing.T) {
	c, err := New("https://1-some-client.some-server.healvi-chat/third-party/v1", "t")
	if err != nil {
		t.Fatal(err)
	}
	tr := c.ClientInterface.(*Client).Client.(*transport)
	// The package doc (doc.go) states these defaults, and the worst case of
	// one call with them: two minutes.
	if tr.timeout != 2*time.Minute || tr.tryTimeout != 30*time.Second || tr.maxBytes != 16<<20 || tr.retries != 3 {
		t.Errorf("timeout %v, try timeout %v, max bytes %d, retries %d; want 2m, 30s, 16 MiB, 3", tr.timeout, tr.tryTimeout, tr.maxBytes, tr.retries)
	}
	hc := tr.base.(*http.Client)
	if ht := hc.Transport.(*http.Transport); ht.MaxIdleConnsPerHost != 1024 || ht.MaxIdleConns < 1024 || ht.MaxConnsPerHost != 0 || hc.CheckRedirect == nil {
		t.Errorf("default client: %d idle connections per host (%d in all), at most %d open, redirect policy %v; want 1024, 1024, no cap, a policy",
			ht.MaxIdleConnsPerHost, ht.MaxIdleConns, ht.MaxConnsPerHost, hc.CheckRedirect != nil)
	}
}

func TestRetryableStatus(t *testing.T) {
	for code := 100; code < 600; code++ {
		want := code == 429 || code == 502 || code == 503 || code == 504
		if got := retryableStatus(code); got != want {
			t.Errorf("retryableStatus(%d) = %v", code, got)
		}
	}
}

func TestTruncateKeepsWholeRunes(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"abcdef", 3, "abc…"},
		{"ééé", 3, "é…"}, // é is 2 bytes: a third byte would split the second
		{"ééé", 4, "éé…"},
		{"a\xffb\xffc", 2, "a\xff…"},
	} {
		if got := truncate(tc.in, tc.n); got != tc.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}

func TestLongErrorMessagesAreCut(t *testing.T) {
	long := `{"message":"` + strings.Repeat("é", 5000) + `"}`
	resp := &http.Response{StatusCode: 500, Header: http.Header{}}
	e := newAPIError(resp, []byte(long), nil)
	if len(e.Message) > maxErrorMessage+len("…") || len(e.Body) != maxErrorBody || !utf8.ValidString(e.Message) {
		t.Errorf("message %d bytes (valid %v), body %d bytes", len(e.Message), utf8.ValidString(e.Message), len(e.Body))
	}
}

func TestVersionComesFromBuildInfo(t *testing.T) {
	dep := func(path, version string, replace *debug.Module) *debug.Module {
		return &debug.Module{Path: path, Version: version, Replace: replace}
	}
	for _, tc := range []struct {
		name string
		bi   *debug.BuildInfo
		want string
	}{
		{"imported at a tag", &debug.BuildInfo{Main: *dep("example.com/app", "(devel)", nil), Deps: []*debug.Module{dep("golang.org/x/text", "v0.1.0", nil), dep(modulePath, "v0.3.0", nil)}}, "v0.3.0"},
		{"imported at a commit", &debug.BuildInfo{Deps: []*debug.Module{dep(modulePath, "v0.3.1-0.20261126090000-0123456789ab", nil)}}, "v0.3.1-0.20261126090000-0123456789ab"},
		{"replaced by a directory", &debug.BuildInfo{Deps: []*debug.Module{dep(modulePath, "v0.3.0", dep("../healvi-go", "", nil))}}, "devel"},
		{"replaced by a fork", &debug.BuildInfo{Deps: []*debug.Module{dep(modulePath, "v0.3.0", dep("example.com/fork", "v0.3.0-fix", nil))}}, "v0.3.0-fix"},
		{"the CLI installed at a tag", &debug.BuildInfo{Main: *dep(modulePath, "v0.4.0", nil)}, "v0.4.0"},
		{"this module's own tests", &debug.BuildInfo{Main: *dep(modulePath, "(devel)", nil)}, "devel"},
		{"not found", &debug.BuildInfo{Main: *dep("example.com/app", "v1.0.0", nil)}, "devel"},
	} {
		if got := versionFrom(tc.bi, true); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	if got := versionFrom(nil, false); got != "devel" {
		t.Errorf("no build info: %q", got)
	}
	if ua := userAgent(); ua != "healvi-go/"+strings.TrimPrefix(Version(), "v")+" (+github.com/healvi-chat/healvi-go)" {
		t.Errorf("User-Agent %q", ua)
	}
}
