package api

import (
	"fmt"
	"strings"
)

// TenantURL returns the base URL of a tenant's Healvi chat instance,
// https://{client}.{server}.healvi-chat/third-party/v1, for use with New.
// The documentation's example is TenantURL("1-some-client", "some-server").
//
// Each part must be a single DNS label (letters, digits and hyphens), so a
// part can never add a path, a port or another host to the URL.
func TenantURL(client, server string) (string, error) {
	for _, part := range []struct{ name, value string }{{"client", client}, {"server", server}} {
		if err := checkDNSLabel(part.value); err != nil {
			return "", fmt.Errorf("healvi: tenant %s part %q: %w", part.name, part.value, err)
		}
	}
	return NewTenantServerURL(TenantServerURLClientVariable(client), TenantServerURLServerVariable(server))
}

func checkDNSLabel(s string) error {
	if s == "" {
		return fmt.Errorf("is empty")
	}
	if len(s) > 63 {
		return fmt.Errorf("is longer than 63 characters")
	}
	if strings.HasPrefix(s, "-") || strings.HasSuffix(s, "-") {
		return fmt.Errorf("starts or ends with a hyphen")
	}
	for _, r := range s {
		if !(r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return fmt.Errorf("has %q; only letters, digits and hyphens are allowed", r)
		}
	}
	return nil
}
