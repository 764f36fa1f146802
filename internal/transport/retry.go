package transport

import (
	"context"
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// nextDelay decides whether the failure err after retry number n (0-based)
// deserves another attempt, and how long to wait first. A server's
// Retry-After wins over the backoff schedule, but one longer than
// MaxRetryAfter ends the retries: the caller should decide, not block.
func (c *Client) nextDelay(err error, n int) (time.Duration, bool) {
	if n >= c.cfg.MaxRetries {
		return 0, false
	}
	var apiErr *Error
	if !errors.As(err, &apiErr) {
		var connErr *ConnError
		if errors.As(err, &connErr) && connErr.Permanent {
			return 0, false
		}
		return c.backoff(n), true // connection-level failure
	}
	if !c.retryable(apiErr.StatusCode) {
		return 0, false
	}
	if apiErr.RetryAfter > 0 {
		if apiErr.RetryAfter > c.cfg.MaxRetryAfter {
			return 0, false
		}
		return apiErr.RetryAfter, true
	}
	return c.backoff(n), true
}

// retryable reports whether an answer with this status is worth another
// attempt. Other 4xx answers mean the request itself is wrong.
func (c *Client) retryable(status int) bool {
	switch {
	case status == http.StatusRequestTimeout, status == http.StatusTooManyRequests:
		return true
	case status == http.StatusConflict:
		return c.api.RetryConflict
	case status >= 500 && status <= 599:
		return true
	}
	return false
}

// backoff is the full-jitter delay before retry number n (0-based): a
// uniform draw from [0, min(max, base·2ⁿ)). Full jitter spreads clients that
// failed together so they do not retry together.
func (c *Client) backoff(n int) time.Duration {
	ceiling := float64(c.cfg.BackoffBase) * math.Pow(2, float64(n))
	if ceiling > float64(c.cfg.BackoffMax) {
		ceiling = float64(c.cfg.BackoffMax)
	}
	return time.Duration(c.randFloat() * ceiling)
}

// maxServerWait bounds what a Retry-After can ask for, so that absurd
// values (1e12, Inf) become "longer than we will wait" rather than overflow.
const maxServerWait = 365 * 24 * time.Hour

func waitFor(units, unit float64) time.Duration {
	if math.IsNaN(units) || units <= 0 {
		return 0
	}
	if units*unit >= float64(maxServerWait) {
		return maxServerWait
	}
	return time.Duration(units * unit)
}

// parseRetryAfter reads retry-after-ms (more precise, so it wins), then
// Retry-After as delta-seconds or an HTTP date. It returns 0 when the answer
// asks for nothing usable, including "0" and dates in the past; the caller
// then falls back to the jittered backoff rather than retrying at once.
func parseRetryAfter(h http.Header, now time.Time) time.Duration {
	if v := strings.TrimSpace(h.Get("Retry-After-Ms")); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil {
			if d := waitFor(ms, float64(time.Millisecond)); d > 0 {
				return d
			}
		}
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		return waitFor(secs, float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return min(d, maxServerWait)
		}
	}
	return 0
}

// sleepCtx waits for d or until ctx ends, whichever is first. A timer, not
// time.Sleep, so that cancellation is seen at once.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

type noRetryKey struct{}

// WithoutRetries marks ctx so that requests made with it are sent once.
// Wrappers use it for writes an API cannot de-duplicate, where a retry
// after a lost answer could store the record twice.
//
// A nil ctx is returned as is, for CheckContext or net/http to report.
func WithoutRetries(ctx context.Context) context.Context {
	if ctx == nil {
		return nil
	}
	return context.WithValue(ctx, noRetryKey{}, true)
}

func retriesAllowed(ctx context.Context) bool {
	off, _ := ctx.Value(noRetryKey{}).(bool)
	return !off
}
