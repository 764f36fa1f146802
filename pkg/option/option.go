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

// RequestOption configures a client. It returns an error naming the option
// and the fix when its input is invalid.
type RequestOption func(*transport.Config) error

// HTTPDoer sends HTTP requests; *http.Client satisfies it. Wrap one to add
// tracing or a custom transport.
type HTTPDoer = transport.Doer

// Apply runs opts against cfg in order and returns every failure, joined,
// so one run reports all the bad options at once. Nil options are skipped.
// Client constructors call it; users pass options to NewClient instead.
func Apply(cfg *transport.Config, opts ...RequestOption) error {
	if cfg == nil {
		return errors.New("option.Apply: the config is nil: start from transport.DefaultConfig()")
	}
	var errs []error
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(cfg); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Validate reports every invalid option in opts without building a client,
// for programs that check their configuration (flags, files) at start-up.
// It cannot tell whether an option fits a particular API: NewClient does
// that.
func Validate(opts ...RequestOption) error {
	return Apply(transport.DefaultConfig(), opts...)
}

// WithAPIKey sets the API key, overriding the API's environment variable.
// Surrounding whitespace (a newline from a file) is trimmed. A key with
// whitespace, control characters or anything but printable ASCII inside is
// refused: no vendor issues such keys, and a header cannot carry them.
func WithAPIKey(key string) RequestOption {
	return func(c *transport.Config) error {
		key = strings.TrimSpace(key)
		if key == "" {
			return errors.New("option.WithAPIKey: the key is empty: pass the key from your dashboard, or omit the option to use the environment variable")
		}
		if strings.ContainsFunc(key, func(r rune) bool { return r <= ' ' || r >= 0x7f }) {
			return errors.New("option.WithAPIKey: the key contains whitespace, control or non-ASCII characters: copy it again from your dashboard")
		}
		c.APIKey = transport.NewSecret(key)
		return nil
	}
}

// WithBaseURL points the client at another host, such as a regional or
// enterprise endpoint, a proxy, or an in-memory fake. It must be https;
// plain http is accepted only for loopback hosts (localhost, 127.0.0.0/8,
// ::1).
func WithBaseURL(rawURL string) RequestOption {
	return func(c *transport.Config) error {
		if _, err := transport.CheckBaseURL(rawURL); err != nil {
			return fmt.Errorf("option.WithBaseURL: %w", err)
		}
		c.BaseURL = strings.TrimSuffix(rawURL, "/")
		return nil
	}
}

// WithHTTPClient sends requests through d instead of the default client,
// e.g. an *http.Client with a proxy or instrumented transport. Retries,
// authentication and redirect safety still apply.
func WithHTTPClient(d HTTPDoer) RequestOption {
	return func(c *transport.Config) error {
		if isNil(d) {
			return errors.New("option.WithHTTPClient: the client is nil: pass an *http.Client or omit the option")
		}
		c.HTTPClient = d
		return nil
	}
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
// 2, so 3 attempts); 0 disables retries.
func WithMaxRetries(n int) RequestOption {
	return func(c *transport.Config) error {
		if n < 0 {
			return fmt.Errorf("option.WithMaxRetries: %d is negative: use 0 to disable retries", n)
		}
		c.MaxRetries = n
		return nil
	}
}

// WithBackoff sets the exponential backoff: retry n waits a random time
// below min(max, base·2ⁿ). Defaults: 500ms and 8s.
func WithBackoff(base, max time.Duration) RequestOption {
	return func(c *transport.Config) error {
		if base <= 0 || max < base {
			return fmt.Errorf("option.WithBackoff: base %s, max %s: base must be positive and max at least base", base, max)
		}
		c.BackoffBase, c.BackoffMax = base, max
		return nil
	}
}

// WithMaxRetryAfter sets the longest Retry-After the client waits for
// (default 60s). A server asking for longer gets its error returned at once,
// with the requested wait in Error.RetryAfter.
func WithMaxRetryAfter(d time.Duration) RequestOption {
	return func(c *transport.Config) error {
		if d < 0 {
			return fmt.Errorf("option.WithMaxRetryAfter: %s is negative: use 0 to never wait for Retry-After", d)
		}
		c.MaxRetryAfter = d
		return nil
	}
}

// WithRequestTimeout bounds each attempt of an ordinary call, from sending
// the request to reading the end of the answer (default 60s). Streaming
// uploads and downloads are bounded by WithStreamIdleTimeout instead. The
// context still bounds the whole call, retries included. Zero means no
// per-attempt bound.
func WithRequestTimeout(d time.Duration) RequestOption {
	return durationOption("option.WithRequestTimeout", "no per-attempt timeout", d, func(c *transport.Config) *time.Duration { return &c.RequestTimeout })
}

// WithResponseHeaderTimeout bounds the wait for an answer's headers once the
// request has been sent (default 30s), for every call, streaming or not.
// Zero disables it.
func WithResponseHeaderTimeout(d time.Duration) RequestOption {
	return durationOption("option.WithResponseHeaderTimeout", "no bound on the wait for headers", d, func(c *transport.Config) *time.Duration { return &c.ResponseHeaderTimeout })
}

// WithStreamIdleTimeout ends a streaming upload or download (a large import
// or an export file) that moves no byte for d (default 60s). Such transfers
// have no total time bound, so a large one can take as long as it keeps
// moving. Zero disables it.
func WithStreamIdleTimeout(d time.Duration) RequestOption {
	return durationOption("option.WithStreamIdleTimeout", "no bound on a stalled transfer", d, func(c *transport.Config) *time.Duration { return &c.StreamIdleTimeout })
}

// durationOption sets a non-negative duration field.
func durationOption(name, zeroMeans string, d time.Duration, field func(*transport.Config) *time.Duration) RequestOption {
	return func(c *transport.Config) error {
		if d < 0 {
			return fmt.Errorf("%s: %s is negative: use 0 for %s", name, d, zeroMeans)
		}
		*field(c) = d
		return nil
	}
}

// WithLogger logs one Debug record per attempt and one Info record per
// retry. Credentials are always redacted. Nil turns logging off (the
// default).
func WithLogger(l *slog.Logger) RequestOption {
	return func(c *transport.Config) error {
		c.Logger = l
		return nil
	}
}

// WithUserAgent appends suffix (e.g. "myapp/1.2") to the SDK's User-Agent,
// so the vendor can tell your traffic apart.
func WithUserAgent(suffix string) RequestOption {
	return func(c *transport.Config) error {
		if strings.ContainsFunc(suffix, isControl) {
			return errors.New("option.WithUserAgent: the suffix contains a line break or control character")
		}
		c.UserAgent = strings.TrimSpace(suffix)
		return nil
	}
}

// WithMaxResponseBytes caps how much of a successful response body may be
// read (default 32 MiB); reading past it fails with an error naming the cap.
func WithMaxResponseBytes(n int64) RequestOption {
	return func(c *transport.Config) error {
		if n <= 0 {
			return fmt.Errorf("option.WithMaxResponseBytes: %d: the cap must be positive", n)
		}
		c.MaxResponseBytes = n
		return nil
	}
}

// isControl reports ASCII control characters other than tab, which no
// header value may hold.
func isControl(r rune) bool { return (r < 0x20 && r != '\t') || r == 0x7f }
