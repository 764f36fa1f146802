package transport

import (
	"context"
	"errors"
	"net"
	"net/http"
)

type retryIfKey struct{}

// RetryOnlyIf marks ctx so that a failed attempt of a request made with it
// is retried (by the usual rules: status, backoff, Retry-After) only when
// safe reports that the failure proves the server did not process the
// request. Wrappers use it for writes an API cannot de-duplicate and that
// should still survive a refused connection or a rate limit; see
// NotProcessed for the usual test.
func RetryOnlyIf(ctx context.Context, safe func(error) bool) context.Context {
	return context.WithValue(ctx, retryIfKey{}, safe)
}

// NotProcessed reports whether err shows that the request never reached
// the server's application, so that sending it again cannot store it
// twice: the connection could not be opened (a refused dial, a DNS or
// other dial failure), or the server answered 429 (rate limited: refused
// before any work) or 503 (unavailable: the conventional answer of a load
// balancer or gateway that did not pass the request on). A reset, a
// timeout or a 5xx other than 503 after the request was sent proves
// nothing: the server may have stored it.
func NotProcessed(err error) bool {
	var apiErr *Error
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode == http.StatusTooManyRequests || apiErr.StatusCode == http.StatusServiceUnavailable
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return true
	}
	var opErr *net.OpError
	return errors.As(err, &opErr) && opErr.Op == "dial"
}

// retryAllowedFor applies RetryOnlyIf's predicate, if ctx carries one.
func retryAllowedFor(ctx context.Context, err error) bool {
	safe, ok := ctx.Value(retryIfKey{}).(func(error) bool)
	return !ok || safe(err)
}
