package healvitest

import (
	"net/http"
	"time"
)

// WithReadHeaderTimeout sets the server's time limit for a request's
// headers, for a test that must not wait out the real one.
func WithReadHeaderTimeout(d time.Duration) Option {
	return func(c *config) { c.readHeaderTimeout = d }
}

// HTTPServer is the server's net/http configuration.
func (s *Server) HTTPServer() *http.Server { return s.srv.Config }
