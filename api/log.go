package api

import (
	"log/slog"
	"net/http"
)

// redactedHeader logs request headers with credentials replaced, so that
// a log line never holds the token.
type redactedHeader http.Header

// LogValue implements slog.LogValuer.
func (h redactedHeader) LogValue() slog.Value {
	attrs := make([]slog.Attr, 0, len(h))
	for name, values := range h {
		v := "REDACTED"
		switch http.CanonicalHeaderKey(name) {
		case "Authorization", "Cookie", "Proxy-Authorization":
		default:
			if len(values) == 1 {
				v = values[0]
			} else {
				attrs = append(attrs, slog.Any(name, values))
				continue
			}
		}
		attrs = append(attrs, slog.String(name, v))
	}
	return slog.GroupValue(attrs...)
}
