package transport

import (
	"fmt"
	"log/slog"
	"net/http"
	"time"
)

// Defaults applied by DefaultConfig.
const (
	DefaultMaxRetries       = 2
	DefaultBackoffBase      = 500 * time.Millisecond
	DefaultBackoffMax       = 8 * time.Second
	DefaultMaxRetryAfter    = 60 * time.Second
	DefaultMaxResponseBytes = 32 << 20
	// maxErrorBodyBytes bounds how much of an error answer is kept.
	maxErrorBodyBytes = 64 << 10
)

// Doer sends one HTTP request. *http.Client satisfies it.
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

// Policy is the part of a client's configuration that one call may
// override with options of its own (see Call): how often and how long to
// try, what to log, which extra headers to send.
type Policy struct {
	// MaxRetries is how many times a failed attempt is retried; 0 disables.
	MaxRetries int
	// BackoffBase and BackoffMax shape the exponential backoff.
	BackoffBase, BackoffMax time.Duration
	// MaxRetryAfter is the longest server-requested wait honoured; a longer
	// Retry-After ends the retries and returns the error with RetryAfter set.
	MaxRetryAfter time.Duration
	// RequestTimeout bounds each attempt of an ordinary call, from sending
	// to the end of reading the answer (DefaultRequestTimeout); 0 means no
	// total bound. Streaming attempts (see Streaming) are bounded by
	// StreamIdleTimeout instead.
	RequestTimeout time.Duration
	// ResponseHeaderTimeout bounds the wait for the answer's headers after
	// the request has been sent (DefaultResponseHeaderTimeout); 0 disables.
	ResponseHeaderTimeout time.Duration
	// StreamIdleTimeout ends a streaming attempt that moves no byte for this
	// long (DefaultStreamIdleTimeout); 0 disables.
	StreamIdleTimeout time.Duration
	// Logger receives one record per attempt; nil disables logging.
	Logger *slog.Logger
	// Headers are added to every request.
	Headers http.Header
	// MaxResponseBytes caps how much of a successful body may be read.
	MaxResponseBytes int64
}

// Config is what the options of package option, and the API packages' own
// options, write into when a client is built (see Configure).
type Config struct {
	// APIKey is the credential; it never prints.
	APIKey Secret
	// BaseURL overrides the API's default host when not empty.
	BaseURL string
	// HTTPClient sends requests; nil means a default client with sane
	// connection timeouts and no overall timeout (the context bounds calls).
	HTTPClient Doer
	// UserAgent is appended to the SDK's User-Agent.
	UserAgent string

	// Policy holds what a call may override.
	Policy

	// APISettings holds the settings of options that only one API's client
	// understands, keyed by that API's name (API.Name); see Settings.
	// Configure and New refuse settings keyed for another API, so an option
	// passed to the wrong client is an error, not silently ignored.
	APISettings map[string]any
}

// DefaultConfig returns a Config with every default filled in.
func DefaultConfig() *Config {
	return &Config{
		Policy: Policy{
			MaxRetries:       DefaultMaxRetries,
			BackoffBase:      DefaultBackoffBase,
			BackoffMax:       DefaultBackoffMax,
			MaxRetryAfter:    DefaultMaxRetryAfter,
			MaxResponseBytes: DefaultMaxResponseBytes,
			Headers:          http.Header{},

			RequestTimeout:        DefaultRequestTimeout,
			ResponseHeaderTimeout: DefaultResponseHeaderTimeout,
			StreamIdleTimeout:     DefaultStreamIdleTimeout,
		},
	}
}

// String describes the configuration without the key.
func (c Config) String() string {
	return fmt.Sprintf("transport.Config{APIKey:%s BaseURL:%q MaxRetries:%d BackoffBase:%s BackoffMax:%s MaxRetryAfter:%s RequestTimeout:%s ResponseHeaderTimeout:%s StreamIdleTimeout:%s UserAgent:%q}",
		c.APIKey.mask(), c.BaseURL, c.MaxRetries, c.BackoffBase, c.BackoffMax, c.MaxRetryAfter, c.RequestTimeout, c.ResponseHeaderTimeout, c.StreamIdleTimeout, c.UserAgent)
}

// Format makes every verb, %#v and %+v included, use String.
func (c Config) Format(f fmt.State, _ rune) { fmt.Fprint(f, c.String()) }
