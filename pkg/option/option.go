package option

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
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

// Apply runs opts against cfg and returns every failure, joined.
func Apply(cfg *transport.Config, opts ...RequestOption) error {
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

// WithAPIKey sets the API key, overriding the API's environment variable.
func WithAPIKey(key string) RequestOption {
	return func(c *transport.Config) error {
		if strings.TrimSpace(key) == "" {
			return errors.New("option.WithAPIKey: the key is empty: pass the key from your dashboard, or omit the option to use the environment variable")
		}
		c.APIKey = transport.Secret(key)
		return nil
	}
}

// WithBaseURL points the client at another host, such as a regional or
// enterprise endpoint, a proxy, or an in-memory fake. It must be https;
// plain http is accepted only for loopback hosts.
func WithBaseURL(rawURL string) RequestOption {
	return func(c *transport.Config) error {
		if _, err := transport.CheckBaseURL(rawURL); err != nil {
			return fmt.Errorf("option.WithBaseURL: %w", err)
		}
		c.BaseURL = strings.TrimSuffix(rawURL, "/")
		return nil
	}
}

// WithHTTPClient sends requests through d instead of the default client.
func WithHTTPClient(d HTTPDoer) RequestOption {
	return func(c *transport.Config) error {
		if d == nil {
			return errors.New("option.WithHTTPClient: the client is nil: pass an *http.Client or omit the option")
		}
		c.HTTPClient = d
		return nil
	}
}

// WithMaxRetries sets how many times a failed attempt is retried (default
// 2); 0 disables retries.
func WithMaxRetries(n int) RequestOption {
	return func(c *transport.Config) error {
		if n < 0 {
			return fmt.Errorf("option.WithMaxRetries: %d is negative: use 0 to disable retries", n)
		}
		c.MaxRetries = n
		return nil
	}
}

// WithBackoff sets the exponential backoff: retry n waits a random time up
// to min(max, base·2ⁿ). Defaults: 500ms and 8s.
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

// WithRequestTimeout bounds each attempt; the context still bounds the
// whole call, retries included. Zero (the default) means no per-attempt bound.
func WithRequestTimeout(d time.Duration) RequestOption {
	return func(c *transport.Config) error {
		if d < 0 {
			return fmt.Errorf("option.WithRequestTimeout: %s is negative: use 0 for no per-attempt timeout", d)
		}
		c.RequestTimeout = d
		return nil
	}
}

// WithLogger logs one record per attempt and one per retry. Credentials
// are always redacted. Nil turns logging off (the default).
func WithLogger(l *slog.Logger) RequestOption {
	return func(c *transport.Config) error {
		c.Logger = l
		return nil
	}
}

var headerName = regexp.MustCompile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")

// credentialHeaders may only be set through WithAPIKey, so that they are
// redacted and applied with the API's own scheme.
var credentialHeaders = []string{"authorization", "proxy-authorization", "apikey", "api-key", "x-api-key", "token", "cookie"}

// WithHeader adds a header to every request.
func WithHeader(key, value string) RequestOption {
	return func(c *transport.Config) error {
		if !headerName.MatchString(key) {
			return fmt.Errorf("option.WithHeader: %q is not a valid header name", key)
		}
		for _, h := range credentialHeaders {
			if strings.EqualFold(key, h) {
				return fmt.Errorf("option.WithHeader: %q carries credentials: use option.WithAPIKey instead", key)
			}
		}
		if strings.ContainsAny(value, "\r\n") {
			return fmt.Errorf("option.WithHeader: the value of %q contains a line break", key)
		}
		if c.Headers == nil {
			c.Headers = http.Header{}
		}
		c.Headers.Add(key, value)
		return nil
	}
}

// WithUserAgent appends suffix (e.g. "myapp/1.2") to the SDK's User-Agent.
func WithUserAgent(suffix string) RequestOption {
	return func(c *transport.Config) error {
		if strings.ContainsAny(suffix, "\r\n") {
			return errors.New("option.WithUserAgent: the suffix contains a line break")
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
