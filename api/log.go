package api

import (
	"log/slog"
	"net/http"

	"github.com/healvi-chat/healvi-go/api/internal/redact"
)

// redactedHeader logs request headers with credentials replaced, and the
// token redacted wherever else it appears (in a header parameter, say,
// where a careless caller put it), so that a log line never holds it.
type redactedHeader struct {
	header http.Header
	token  string
}

// LogValue implements slog.LogValuer.
func (h redactedHeader) LogValue() slog.Value {
	attrs := make([]slog.Attr, 0, len(h.header))
	for name, values := range h.header {
		v := "REDACTED"
		switch http.CanonicalHeaderKey(name) {
		case "Authorization", "Cookie", "Proxy-Authorization":
		default:
			if len(values) == 1 {
				v = redact.String(values[0], h.token)
			} else {
				redacted := make([]string, len(values))
				for i, v := range values {
					redacted[i] = redact.String(v, h.token)
				}
				attrs = append(attrs, slog.Any(name, redacted))
				continue
			}
		}
		attrs = append(attrs, slog.String(name, v))
	}
	return slog.GroupValue(attrs...)
}
