package transport

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// maskedCause carries a connection failure's cause with its text rendered
// once, with the key masked: a cause from a caller's Doer could otherwise
// print the request's credentials through any formatting verb. Unwrap keeps
// the cause reachable for errors.Is and errors.As.
type maskedCause struct {
	text  string
	cause error
}

func (e *maskedCause) Error() string { return e.text }
func (e *maskedCause) Unwrap() error { return e.cause }

// Format keeps every verb, %#v included, on the masked text.
func (e *maskedCause) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		_, _ = fmt.Fprintf(f, "%q", e.text)
		return
	}
	_, _ = io.WriteString(f, e.text)
}

// transportError names the request without repeating a URL that may carry
// secrets in its query, and keeps the cause inspectable.
func (c *Client) transportError(req *http.Request, err error) error {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		err = urlErr.Err
	}
	m := c.masker(req.Context())
	return &ConnError{
		API:       c.api.Name,
		Method:    req.Method,
		URL:       m.string(c.safeURL(req.URL)),
		Err:       &maskedCause{text: m.string(err.Error()), cause: err},
		Permanent: permanentConnError(err),
	}
}
