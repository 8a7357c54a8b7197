package api

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
)

// The generated request builders (internal/templates/client.tmpl) build
// each request's URL with operationURL and the request with newRequest:
// oapi-codegen's own parse the server's URL, resolve the operation's path
// against it, print the result and parse that again, which costs more
// than the rest of building a request.

// parsedServer is a server URL and its parse.
type parsedServer struct {
	raw string
	url *url.URL
	// joins reports whether a plain path is joined to url's path rather
	// than resolved against it: url is absolute, its path ends in / and
	// holds no dot segment (which resolution would remove), and it has
	// no escapes, query or fragment.
	joins bool
}

// lastServer caches the parse of the server URL a builder saw last: a
// program sends its requests to one server, or a few.
var lastServer atomic.Pointer[parsedServer]

// operationURL is the URL of an operation's path (such as
// /conversations/123, its parameters escaped) below server, as
// url.Parse(server) and then its Parse("."+path) make it.
func operationURL(server, path string) (*url.URL, error) {
	base := lastServer.Load()
	if base == nil || base.raw != server {
		u, err := url.Parse(server)
		if err != nil {
			return nil, err
		}
		base = &parsedServer{raw: server, url: u, joins: u.Scheme != "" && u.Host != "" &&
			strings.HasPrefix(u.Path, "/") && strings.HasSuffix(u.Path, "/") && !strings.Contains(u.Path, "/.") &&
			u.RawPath == "" && u.RawQuery == "" && u.Fragment == ""}
		lastServer.Store(base)
	}
	b := base.url
	// The common case, a server URL that joins and a path of unreserved
	// characters without dot segments, is a join; what else a path can
	// hold (escapes, dot segments, a query) is the reference resolution
	// of url.Parse.
	if base.joins && plainPath(path) {
		u := *b
		u.Path = b.Path + path[1:]
		return &u, nil
	}
	if strings.HasPrefix(path, "/") {
		path = "." + path
	}
	return b.Parse(path)
}

// plainPath reports whether path starts with / and holds only unreserved
// characters (RFC 3986) and slashes, and no dot segment: what needs no
// escaping and no resolution.
func plainPath(path string) bool {
	if !strings.HasPrefix(path, "/") || strings.Contains(path, "/.") {
		return false
	}
	for i := 0; i < len(path); i++ {
		switch c := path[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '.', c == '_', c == '~', c == '/':
		default:
			return false
		}
	}
	return true
}

// newRequest is http.NewRequestWithContext for a URL already parsed.
func newRequest(ctx context.Context, method string, u *url.URL, body io.Reader) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, method, "", body)
	if err != nil {
		return nil, err
	}
	u.Host = strings.TrimSuffix(u.Host, ":") // as NewRequest does: an empty port is none
	req.URL, req.Host = u, u.Host
	return req, nil
}
