package transport

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// Error is the one error type for non-2xx answers. Each API package exposes
// it as its own name (type Error = transport.Error), so errors.As works the
// same way everywhere.
type Error struct {
	// API names the service, e.g. "usermost".
	API string
	// Operation is the wrapper method or spec operationId the answer belongs
	// to, when the caller named it (see DecodeSuccess).
	Operation string
	// StatusCode is the HTTP status.
	StatusCode int
	// Code is the vendor's error code, if its body has one.
	Code string
	// Message is the vendor's explanation, if its body has one.
	Message string
	// RequestID is the server's id for the request, for support tickets.
	RequestID string
	// RetryAfter is how long the server asked the caller to wait, if it did.
	RetryAfter time.Duration
	// Method and URL identify the request; secret query values are redacted.
	Method, URL string
	// Body is the raw answer (at most 64 KiB) with the API key masked. It is
	// left empty for a 2xx answer that could not be decoded: such a body may
	// carry secrets the API returned (see DecodeSuccess).
	Body []byte
	// Err is the underlying cause when the answer itself was not the
	// problem, e.g. the JSON error of an undecodable 2xx body.
	Err error
}

// Unwrap returns the underlying cause, if any.
func (e *Error) Unwrap() error { return e.Err }

// Error implements error.
func (e *Error) Error() string {
	var b strings.Builder
	if e.API != "" {
		b.WriteString(e.API + ": ")
	}
	if e.Operation != "" {
		b.WriteString(e.Operation + ": ")
	}
	if e.Method != "" {
		fmt.Fprintf(&b, "%s %s: ", e.Method, e.URL)
	}
	fmt.Fprintf(&b, "%d", e.StatusCode)
	if text := http.StatusText(e.StatusCode); text != "" {
		b.WriteString(" " + text)
	}
	if e.Message != "" {
		b.WriteString(": " + clip(e.Message, maxMessageInError))
	}
	if e.Code != "" && e.Code != e.Message {
		fmt.Fprintf(&b, " (code %s)", e.Code)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request id %s)", e.RequestID)
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %s)", e.RetryAfter)
	}
	return b.String()
}

// maxMessageInError keeps a vendor's essay out of log lines; the whole
// answer stays in Body.
const maxMessageInError = 300

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// ErrBodyNotReplayable is joined to the error of a request that could have
// been retried but was not, because its body was a stream that cannot be
// sent again. Resend it yourself from a fresh reader if that is safe.
var ErrBodyNotReplayable = errors.New("request body cannot be replayed, so the request was not retried")

func statusIs(err error, match func(int) bool) bool {
	var e *Error
	return errors.As(err, &e) && match(e.StatusCode)
}

func statusEq(code int) func(int) bool { return func(s int) bool { return s == code } }

// IsNotFound reports whether err is a 404 answer.
func IsNotFound(err error) bool { return statusIs(err, statusEq(http.StatusNotFound)) }

// IsUnauthorized reports whether err is a 401 answer.
func IsUnauthorized(err error) bool { return statusIs(err, statusEq(http.StatusUnauthorized)) }

// IsForbidden reports whether err is a 403 answer.
func IsForbidden(err error) bool { return statusIs(err, statusEq(http.StatusForbidden)) }

// IsBadRequest reports whether err is a 400 answer.
func IsBadRequest(err error) bool { return statusIs(err, statusEq(http.StatusBadRequest)) }

// IsConflict reports whether err is a 409 answer.
func IsConflict(err error) bool { return statusIs(err, statusEq(http.StatusConflict)) }

// IsRateLimited reports whether err is a 429 answer.
func IsRateLimited(err error) bool { return statusIs(err, statusEq(http.StatusTooManyRequests)) }

// IsServerError reports whether err is a 5xx answer.
func IsServerError(err error) bool {
	return statusIs(err, func(s int) bool { return s >= 500 && s <= 599 })
}

// StatusCode returns the HTTP status of an *Error in err's chain, or 0.
func StatusCode(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.StatusCode
	}
	return 0
}
