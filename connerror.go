package cdpkit

import (
	"errors"
	"fmt"
	"io"
)

// ConnectionError is a failure to get any answer: a refused or reset
// connection, a TLS or DNS failure, a refused redirect, or one of the
// client's time bounds running out (option.WithRequestTimeout and the
// others; errors.Is(err, context.DeadlineExceeded) is then true). Such a
// failure is retried unless Permanent.
type ConnectionError struct {
	// API, Method and URL identify the request; the URL is redacted.
	API, Method, URL string
	// Err is the cause, e.g. a *net.OpError, reachable with errors.As. Its
	// text has the API key masked.
	Err error
	// Permanent is true when another attempt cannot help: an untrusted
	// certificate or a refused redirect. Such failures are not retried.
	Permanent bool
}

// Error implements error.
func (e *ConnectionError) Error() string {
	return fmt.Sprintf("%s: %s %s: %v", e.API, e.Method, e.URL, e.Err)
}

// Unwrap exposes the cause.
func (e *ConnectionError) Unwrap() error { return e.Err }

// Format keeps every verb, %#v included, on the text of the fields, so no
// verb can reach further into a cause than its Error method goes.
func (e *ConnectionError) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('#'):
		_, _ = fmt.Fprintf(f, "&cdpkit.ConnectionError{API:%q, Method:%q, URL:%q, Permanent:%t, Err:%q}", e.API, e.Method, e.URL, e.Permanent, errText(e.Err))
	case verb == 'q':
		_, _ = fmt.Fprintf(f, "%q", e.Error())
	default:
		_, _ = io.WriteString(f, e.Error())
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// ErrBodyNotReplayable is joined to the error of a request that would have
// been retried but was not, because its body was a stream that cannot be
// read twice (an io.Reader passed to an upload). Nothing was lost on the
// client's side; resend from a new reader if sending twice is safe for that
// call:
//
//	if errors.Is(err, cdpkit.ErrBodyNotReplayable) { ... open the file again and retry ... }
var ErrBodyNotReplayable = errors.New("request body cannot be replayed, so the request was not retried")
