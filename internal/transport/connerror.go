package transport

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// ConnError is a failure to get any answer: a refused or reset connection,
// a TLS or DNS failure, or a per-attempt timeout. Connection failures are
// retried unless Permanent.
type ConnError struct {
	// API, Method and URL identify the request; the URL is redacted.
	API, Method, URL string
	// Err is the cause, e.g. a *net.OpError or context.DeadlineExceeded.
	Err error
	// Permanent is true when another attempt cannot help: an untrusted
	// certificate or a refused redirect. Such failures are not retried.
	Permanent bool
	// text is rendered once, with the key masked, so that no later
	// formatting of the struct can reach the key.
	text string
}

// Error implements error.
func (e *ConnError) Error() string { return e.text }

// Unwrap exposes the cause.
func (e *ConnError) Unwrap() error { return e.Err }

// Format keeps every verb, %#v included, on the masked text: a cause from a
// caller's Doer could otherwise print the request's credentials.
func (e *ConnError) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('#'):
		_, _ = fmt.Fprintf(f, "&transport.ConnError{API:%q, Method:%q, URL:%q, Permanent:%t, Err:%q}", e.API, e.Method, e.URL, e.Permanent, e.text)
	case verb == 'q':
		_, _ = fmt.Fprintf(f, "%q", e.text)
	default:
		_, _ = io.WriteString(f, e.text)
	}
}

// transportError names the request without repeating a URL that may carry
// secrets in its query, and keeps the cause inspectable.
func (c *Client) transportError(req *http.Request, err error) error {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		err = urlErr.Err
	}
	e := &ConnError{API: c.api.Name, Method: req.Method, URL: c.safeURL(req.URL), Err: err, Permanent: permanentConnError(err)}
	e.text = c.masker(req.Context()).string(fmt.Sprintf("%s: %s %s: %v", e.API, e.Method, e.URL, err))
	return e
}
