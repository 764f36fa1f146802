package cdpkit

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// Error is the one error type for an answer with a status outside 2xx, and
// for a 2xx answer the client could not accept (see Code). Every API
// package exposes it under its own name (type Error = cdpkit.Error), so
//
//	var apiErr *usermost.Error // or *cdpkit.Error: the same type
//	if errors.As(err, &apiErr) { log.Println(apiErr.StatusCode, apiErr.RequestID) }
//
// works the same way for every client.
type Error struct {
	// API names the service, e.g. "usermost".
	API string
	// Operation is the spec operationId or the method the answer belongs
	// to, when the client knew it (always for a 2xx it could not accept).
	Operation string
	// StatusCode is the HTTP status.
	StatusCode int
	// Code is the vendor's error code if its body has one, or one of the
	// client's codes for a 2xx it could not accept
	// ("undecodable_response", "failure_reported").
	Code string
	// Message is the vendor's explanation, if its body has one.
	Message string
	// RequestID is the server's id for the request, for support tickets.
	RequestID string
	// RetryAfter is how long the server asked the caller to wait, if it did.
	// A wait longer than option.WithMaxRetryAfter is not taken by the
	// client: the error comes back at once with this set.
	RetryAfter time.Duration
	// Method and URL identify the request; secret query values are redacted.
	Method, URL string
	// Body is the raw answer (at most 64 KiB) with the API key and every
	// value under a secret-looking name masked. It is empty for a 2xx answer
	// that could not be decoded: such a body may carry secrets the API
	// returned.
	Body []byte
	// Err is the underlying cause when the answer itself was not the
	// problem, e.g. the JSON error of an undecodable 2xx body.
	Err error
}

// Unwrap returns the underlying cause, if any.
func (e *Error) Unwrap() error { return e.Err }

// Error implements error: API, operation, request, status, the vendor's
// message (clipped to 300 characters; the whole answer stays in Body), code,
// request id and Retry-After, each where known.
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

// maxMessageInError keeps a vendor's essay out of log lines.
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

func statusIs(err error, match func(int) bool) bool {
	var e *Error
	return errors.As(err, &e) && match(e.StatusCode)
}

func statusEq(code int) func(int) bool { return func(s int) bool { return s == code } }

// IsBadRequest reports whether err is a 400 answer: the API rejected the
// input.
func IsBadRequest(err error) bool { return statusIs(err, statusEq(http.StatusBadRequest)) }

// IsUnauthorized reports whether err is a 401 answer: the key is missing,
// wrong, or not allowed this call.
func IsUnauthorized(err error) bool { return statusIs(err, statusEq(http.StatusUnauthorized)) }

// IsForbidden reports whether err is a 403 answer.
func IsForbidden(err error) bool { return statusIs(err, statusEq(http.StatusForbidden)) }

// IsNotFound reports whether err is a 404 answer.
func IsNotFound(err error) bool { return statusIs(err, statusEq(http.StatusNotFound)) }

// IsConflict reports whether err is a 409 answer.
func IsConflict(err error) bool { return statusIs(err, statusEq(http.StatusConflict)) }

// IsUnprocessable reports whether err is a 422 answer: the API understood
// the request but rejected a field (Userlot's answer for a required custom
// field left out, for example).
func IsUnprocessable(err error) bool {
	return statusIs(err, statusEq(http.StatusUnprocessableEntity))
}

// IsRateLimited reports whether err is a 429 answer that survived the
// client's retries.
func IsRateLimited(err error) bool { return statusIs(err, statusEq(http.StatusTooManyRequests)) }

// IsServerError reports whether err is a 5xx answer that survived the
// client's retries.
func IsServerError(err error) bool {
	return statusIs(err, func(s int) bool { return s >= 500 && s <= 599 })
}

// StatusCode returns the HTTP status of the *Error in err's chain, or 0 when
// there is none (a connection failure, a validation error, a cancelled
// context).
func StatusCode(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.StatusCode
	}
	return 0
}
