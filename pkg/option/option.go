package option

import (
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"time"

	"github.com/cdpkit/cdpkit/internal/transport"
)

// RequestOption is one option, for a client or for one call:
//
//	client, err := usermost.NewClient(option.WithMaxRetries(4))      // every call
//	_, err = client.TrackEvent(ctx, event, option.WithMaxRetries(0)) // this call
//
// It is opaque: build one with the functions of this package or of an API
// package (usermost.WithLicenseCode, userpilot.WithRegion…), pass it on, and
// nothing else. Each option's documentation says where it applies: to a
// client, to a call, or to both (the call's value then wins for that call).
// Given where it does not apply, or to another API's client, it is an error
// naming the option and the right place. The zero RequestOption is
// ignored, like a nil function.
type RequestOption = transport.Option

// HTTPDoer sends HTTP requests; *http.Client satisfies it. Wrap one to add
// tracing or a custom transport.
type HTTPDoer = transport.Doer

// Validate reports every invalid option in opts without building a client,
// for programs that check their configuration (flags, files) at start-up.
// It cannot tell whether an option fits a particular API or place: NewClient
// and the methods do that.
func Validate(opts ...RequestOption) error { return transport.ValidateOptions(opts) }

// WithAPIKey sets the API key, overriding the API's environment variable.
// Surrounding whitespace (a newline from a file) is trimmed. A key with
// whitespace, control characters or anything but printable ASCII inside is
// refused: no vendor issues such keys, and a header cannot carry them.
// Client only: a call with other credentials needs a client of its own.
func WithAPIKey(key string) RequestOption { return transport.APIKeyOption(key) }

// WithBaseURL points the client at another host, such as a regional or
// enterprise endpoint, a proxy, or an in-memory fake. It must be https;
// plain http is accepted only for loopback hosts (localhost, 127.0.0.0/8,
// ::1). Client only.
func WithBaseURL(rawURL string) RequestOption {
	return transport.ClientOption("option.WithBaseURL", func(c *transport.Config) error {
		if _, err := transport.CheckBaseURL(rawURL); err != nil {
			return fmt.Errorf("option.WithBaseURL: %w", err)
		}
		c.BaseURL = strings.TrimSuffix(rawURL, "/")
		return nil
	})
}

// WithHTTPClient sends requests through d instead of the default client,
// e.g. an *http.Client with a proxy or instrumented transport. Retries,
// authentication and redirect safety still apply. Client only.
func WithHTTPClient(d HTTPDoer) RequestOption {
	return transport.ClientOption("option.WithHTTPClient", func(c *transport.Config) error {
		if isNil(d) {
			return errors.New("option.WithHTTPClient: the client is nil: pass an *http.Client or omit the option")
		}
		c.HTTPClient = d
		return nil
	})
}

// isNil also catches a typed nil such as (*http.Client)(nil), which would
// pass a plain nil check and panic on the first request.
func isNil(d HTTPDoer) bool {
	if d == nil {
		return true
	}
	v := reflect.ValueOf(d)
	switch v.Kind() {
	case reflect.Pointer, reflect.Func, reflect.Map, reflect.Interface, reflect.Slice, reflect.Chan:
		return v.IsNil()
	}
	return false
}

// WithMaxRetries sets how many times a failed attempt is retried (default
// 2, so 3 attempts); 0 disables retries. Client or call.
//
// It sets how many retries a request may get, never which requests may be
// retried: a write the API cannot de-duplicate stays sent once (or retried
// only when the failure proves it was not processed, as its method's
// documentation says) whatever the count, unless the call also carries an
// idempotency key the API honours (WithIdempotencyKey), which makes a
// resend safe.
func WithMaxRetries(n int) RequestOption {
	return transport.PolicyOption("option.WithMaxRetries", func(c *transport.Policy) error {
		if n < 0 {
			return fmt.Errorf("option.WithMaxRetries: %d is negative: use 0 to disable retries", n)
		}
		c.MaxRetries = n
		return nil
	})
}

// WithBackoff sets the exponential backoff: retry n waits a random time
// below min(max, base·2ⁿ). Defaults: 500ms and 8s. Client or call.
func WithBackoff(base, max time.Duration) RequestOption {
	return transport.PolicyOption("option.WithBackoff", func(c *transport.Policy) error {
		if base <= 0 || max < base {
			return fmt.Errorf("option.WithBackoff: base %s, max %s: base must be positive and max at least base", base, max)
		}
		c.BackoffBase, c.BackoffMax = base, max
		return nil
	})
}

// WithMaxRetryAfter sets the longest Retry-After the client waits for
// (default 60s). A server asking for longer gets its error returned at once,
// with the requested wait in Error.RetryAfter. Client or call.
func WithMaxRetryAfter(d time.Duration) RequestOption {
	return transport.PolicyOption("option.WithMaxRetryAfter", func(c *transport.Policy) error {
		if d < 0 {
			return fmt.Errorf("option.WithMaxRetryAfter: %s is negative: use 0 to never wait for Retry-After", d)
		}
		c.MaxRetryAfter = d
		return nil
	})
}

// WithRequestTimeout bounds each attempt of an ordinary call, from sending
// the request to reading the end of the answer (default 60s). Streaming
// uploads and downloads are bounded by WithStreamIdleTimeout instead. The
// context still bounds the whole call, retries included. Zero means no
// per-attempt bound. Client or call.
func WithRequestTimeout(d time.Duration) RequestOption {
	return durationOption("option.WithRequestTimeout", "no per-attempt timeout", d, func(c *transport.Policy) *time.Duration { return &c.RequestTimeout })
}

// WithResponseHeaderTimeout bounds the wait for an answer's headers once the
// request has been sent (default 30s), for every call, streaming or not.
// Zero disables it. Client or call.
func WithResponseHeaderTimeout(d time.Duration) RequestOption {
	return durationOption("option.WithResponseHeaderTimeout", "no bound on the wait for headers", d, func(c *transport.Policy) *time.Duration { return &c.ResponseHeaderTimeout })
}

// WithStreamIdleTimeout ends a streaming upload or download (a large import
// or an export file) that moves no byte for d (default 60s). Such transfers
// have no total time bound, so a large one can take as long as it keeps
// moving. Zero disables it. Client or call.
func WithStreamIdleTimeout(d time.Duration) RequestOption {
	return durationOption("option.WithStreamIdleTimeout", "no bound on a stalled transfer", d, func(c *transport.Policy) *time.Duration { return &c.StreamIdleTimeout })
}

// durationOption sets a non-negative duration field.
func durationOption(name, zeroMeans string, d time.Duration, field func(*transport.Policy) *time.Duration) RequestOption {
	return transport.PolicyOption(name, func(c *transport.Policy) error {
		if d < 0 {
			return fmt.Errorf("%s: %s is negative: use 0 for %s", name, d, zeroMeans)
		}
		*field(c) = d
		return nil
	})
}

// WithLogger logs one Debug record per attempt and one Info record per
// retry. Credentials are always redacted. Nil turns logging off (the
// default). Client or call: a call's logger (one carrying a request's
// trace id, say) replaces the client's for that call.
func WithLogger(l *slog.Logger) RequestOption {
	return transport.PolicyOption("option.WithLogger", func(c *transport.Policy) error {
		c.Logger = l
		return nil
	})
}

// WithUserAgent appends suffix (e.g. "myapp/1.2") to the SDK's User-Agent,
// so the vendor can tell your traffic apart. Client only.
func WithUserAgent(suffix string) RequestOption {
	return transport.ClientOption("option.WithUserAgent", func(c *transport.Config) error {
		if strings.ContainsFunc(suffix, isControl) {
			return errors.New("option.WithUserAgent: the suffix contains a line break or control character")
		}
		c.UserAgent = strings.TrimSpace(suffix)
		return nil
	})
}

// WithMaxResponseBytes caps how much of a successful response body may be
// read (default 32 MiB); reading past it fails with an error naming the cap.
// Client or call.
func WithMaxResponseBytes(n int64) RequestOption {
	return transport.PolicyOption("option.WithMaxResponseBytes", func(c *transport.Policy) error {
		if n <= 0 {
			return fmt.Errorf("option.WithMaxResponseBytes: %d: the cap must be positive", n)
		}
		c.MaxResponseBytes = n
		return nil
	})
}

// isControl reports ASCII control characters other than tab, which no
// header value may hold.
func isControl(r rune) bool { return (r < 0x20 && r != '\t') || r == 0x7f }
