package api

import (
	"errors"
	"net"
	"net/url"

	"github.com/healvi-chat/healvi-go/api/internal/redact"
)

// redactChain returns err with every error of its chain that would show
// secret in its text replaced by a copy that does not, so that no
// errors.Unwrap, errors.As or %v of any link hands the token out. The
// wrappers net/http returns (*url.Error, *net.OpError) are copied with
// their fields redacted, so errors.As still finds them; any other link
// that holds the secret becomes a plain error with its text redacted,
// wrapping what it wrapped (redacted in turn). A chain without the secret
// is returned as it is.
func redactChain(err error, secret string) error {
	if err == nil || secret == "" {
		return err
	}
	msg := err.Error()
	clean := redact.String(msg, secret)
	if clean == msg {
		return err
	}
	switch e := err.(type) {
	case *url.Error:
		cp := *e
		cp.URL = redact.String(e.URL, secret)
		cp.Err = redactChain(e.Err, secret)
		return &cp
	case *net.OpError:
		cp := *e
		cp.Err = redactChain(e.Err, secret)
		return &cp
	}
	return &redactedError{msg: clean, next: redactChain(errors.Unwrap(err), secret)}
}

// redactedError stands for an error whose text held the token.
type redactedError struct {
	msg  string
	next error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.next }
