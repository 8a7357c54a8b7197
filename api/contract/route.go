package contract

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/getkin/kin-openapi/routers"
)

// ErrNoOperation is the error Route wraps when a request matches no
// operation: its path is under no path template of the document, or its
// method is none of that path's, or the path is not below the base path.
var ErrNoOperation = errors.New("matches no operation of openapi.yaml")

// Route finds the operation of r, whose URL's path is below base (such as
// "/third-party/v1", or "/" for paths given below a base URL), and returns
// it with the values of its path parameters by name. Only r's method and
// URL are read. An escaped slash (%2F) stays within its segment, as a
// server sees it, and within the parameter's value. A request that
// matches no operation gets an error that wraps ErrNoOperation and reads
// "PROPFIND /third-party/v1/conversations/5 matches no operation of
// openapi.yaml"; list the ones there are with Operations.
func (c *Contract) Route(r *http.Request, base string) (*routers.Route, map[string]string, error) {
	notFound := fmt.Errorf("%s %s %w", r.Method, r.URL.EscapedPath(), ErrNoOperation)
	// The router matches the decoded path, where an escaped slash (%2F)
	// would split a segment in two: /conversations/123%2Fnotes/5 would be
	// the note 5 of conversation 123, while a server sees the segments
	// conversations, 123/notes and 5. Such a path is routed escaped, and
	// its parameters decoded after.
	path, escaped := r.URL.Path, r.URL.EscapedPath()
	slashed := strings.Contains(escaped, "%2F") || strings.Contains(escaped, "%2f")
	if slashed {
		path = escaped
	}
	rest, ok := below(path, base)
	if !ok {
		return nil, nil, notFound
	}
	u := &url.URL{Path: rest, RawQuery: r.URL.RawQuery}
	route, params, err := c.router.FindRoute(&http.Request{Method: r.Method, URL: u})
	if err != nil {
		return nil, nil, notFound
	}
	if slashed {
		for name, v := range params {
			if params[name], err = url.PathUnescape(v); err != nil {
				return nil, nil, notFound
			}
		}
	}
	// The router's document is a copy without servers; hand out the
	// document itself, which callers know.
	found := *route
	found.Spec = c.doc
	return &found, params, nil
}

// below returns path without base, and whether path is base or below it:
// /third-party/v10 is not below /third-party/v1.
func below(path, base string) (string, bool) {
	base = strings.TrimSuffix(base, "/")
	rest, ok := strings.CutPrefix(path, base)
	switch {
	case !ok:
		return "", false
	case rest == "":
		return "/", true
	case rest[0] != '/':
		return "", false
	}
	return rest, true
}
