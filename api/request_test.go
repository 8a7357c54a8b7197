package api

import (
	"net/url"
	"testing"
)

// oldOperationURL is how oapi-codegen's builders make an operation's URL,
// which operationURL must equal.
func oldOperationURL(server, path string) (*url.URL, error) {
	base, err := url.Parse(server)
	if err != nil {
		return nil, err
	}
	if path != "" && path[0] == '/' {
		path = "." + path
	}
	return base.Parse(path)
}

var operationURLSeeds = [][2]string{
	{"https://t.example/third-party/v1/", "/conversations/123"},
	{"https://t.example/third-party/v1", "/conversations/123"},
	{"https://t.example/", "/conversations/123/notes/5"},
	{"https://t.example/a%2Fb/", "/conversations/1"},
	{"https://t.example/v1/?x=1", "/conversations/1"},
	{"https://t.example/v1/#f", "/conversations/1"},
	{"https://user:pw@t.example:8443/v1/", "/c/1"},
	{"http://127.0.0.1:8080/third-party/v1/", "/customers/0b6e4a6e-7d0c-4a43-9d2a-3f1f4b0e5c11/profile"},
	{"https://t.example/v1/", "/things/a%2Fb"},
	{"https://t.example/v1/", "/things/../../etc"},
	{"https://t.example/v1/", "/things/./x"},
	{"https://t.example/v1/", "//double"},
	{"https://t.example/v1/", "/q?x=1#f"},
	{"https://t.example/v1/", "/things/é"},
	{"https://t.example/v1/", "/things/a b"},
	{"https://t.example:/v1/", "/c/1"},
	{"https://[::1]:/v1/", "/c/1"},
	{"mailto:a@b.example", "/c/1"},
	{"/relative/", "/c/1"},
	{"https://t.example/v1/", "/things/;x,y"},
	// Dot segments in the server's path, which resolution removes.
	{"A://0/./", "/"},
	{"https://t.example/third-party/v1/../v2/", "/conversations/1"},
	{"https://t.example/.well-known/", "/c/1"},
}

// operationURL builds every URL as url.Parse and a resolved reference do,
// its fast join included, whatever the server and the path hold.
func TestOperationURLIsReferenceResolution(t *testing.T) {
	for _, c := range operationURLSeeds {
		checkOperationURL(t, c[0], c[1])
	}
}

func FuzzOperationURL(f *testing.F) {
	for _, c := range operationURLSeeds {
		f.Add(c[0], c[1])
	}
	f.Fuzz(checkOperationURL)
}

func checkOperationURL(t *testing.T, server, path string) {
	want, wantErr := oldOperationURL(server, path)
	for range 2 { // the second from the cache
		got, err := operationURL(server, path)
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("operationURL(%q, %q): error %v, want %v", server, path, err, wantErr)
		}
		if err == nil && got.String() != want.String() {
			t.Fatalf("operationURL(%q, %q) = %s, want %s", server, path, got, want)
		}
	}
}
