package transport

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Client is the HttpRequestDoer every generated client is given. It adds
// authentication, the User-Agent and idempotency keys, retries what is worth
// retrying, and turns every non-2xx answer into an *Error, so the wrapper
// packages only ever see successful responses. It is safe for concurrent use.
type Client struct {
	// cfg is a pointer to a private copy: fmt prints a pointer field as an
	// address, so even %+v of a dereferenced Client cannot reach the key.
	cfg       *Config
	api       API
	keyMask   *masker // a pointer, so printing a Client shows no variant
	base      *url.URL
	http      Doer
	userAgent string

	// Hooks replaced by tests to make timing deterministic.
	sleep     func(ctx context.Context, d time.Duration) error
	randFloat func() float64
	now       func() time.Time
	newTimer  func(d time.Duration, f func()) timer
}

// defaultRequestIDHeaders are the response headers vendors commonly use for
// their request id. Header lookups are case-insensitive, so X-Request-Id also
// finds X-Request-ID and x-request-id.
var defaultRequestIDHeaders = []string{"X-Request-Id", "Request-Id", "X-Amzn-Requestid", "X-Correlation-Id", "X-Trace-Id"}

// New validates cfg for api and returns a ready Client. It fails when the
// key is missing, when the base URL is not https (plain http is allowed only
// for loopback hosts), or when a setting is out of range. cfg is copied, so
// changing it afterwards does not affect the client.
func New(cfg *Config, api API) (*Client, error) {
	if cfg == nil {
		cfg = DefaultConfig()
	}
	if api.Name == "" || api.Authenticate == nil {
		return nil, errors.New("transport: API.Name and API.Authenticate are required")
	}
	if cfg.APIKey.IsZero() {
		return nil, fmt.Errorf("%s: missing API key: set it with option.WithAPIKey", api.Name)
	}
	raw := cfg.BaseURL
	if raw == "" {
		raw = api.DefaultBaseURL
	}
	base, err := CheckBaseURL(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", api.Name, err)
	}
	if cfg.BackoffBase <= 0 || cfg.BackoffMax < cfg.BackoffBase {
		return nil, fmt.Errorf("%s: backoff base %s and max %s: base must be positive and max at least base (see option.WithBackoff)", api.Name, cfg.BackoffBase, cfg.BackoffMax)
	}
	if cfg.MaxRetries < 0 {
		return nil, fmt.Errorf("%s: max retries %d: must be zero or more (see option.WithMaxRetries)", api.Name, cfg.MaxRetries)
	}
	for owner := range cfg.APISettings {
		if owner != api.Name {
			return nil, fmt.Errorf("%s: an option of the %s client was given to the %s client: pass it to %s.NewClient instead", api.Name, owner, api.Name, owner)
		}
	}
	// One fixed idempotency key on every request would make the server
	// drop every write after the first as a duplicate.
	if h := api.IdempotencyHeader; h != "" && cfg.Headers.Get(h) != "" {
		return nil, fmt.Errorf("%s: option.WithHeader(%q) would give every request the same idempotency key: remove it; the client sets a fresh key per request", api.Name, h)
	}
	own := *cfg
	own.Headers = cfg.Headers.Clone()
	own.MaxRetryAfter = max(own.MaxRetryAfter, 0)
	own.RequestTimeout = max(own.RequestTimeout, 0)
	own.ResponseHeaderTimeout = max(own.ResponseHeaderTimeout, 0)
	own.StreamIdleTimeout = max(own.StreamIdleTimeout, 0)
	if own.MaxResponseBytes <= 0 {
		own.MaxResponseBytes = DefaultMaxResponseBytes
	}
	c := &Client{
		cfg:       &own,
		api:       api,
		base:      base,
		http:      cfg.HTTPClient,
		userAgent: userAgent(api.Name, cfg.UserAgent),
		keyMask:   keyMasker(api, cfg.APIKey),
		sleep:     sleepCtx,
		randFloat: rand.Float64,
		now:       time.Now,
		newTimer:  realTimer,
	}
	if c.api.DecodeError == nil {
		c.api.DecodeError = decodeCommonError
	}
	if c.api.NewIdempotencyKey == nil {
		c.api.NewIdempotencyKey = RandomID
	}
	if len(c.api.RequestIDHeaders) == 0 {
		c.api.RequestIDHeaders = defaultRequestIDHeaders
	}
	if c.http == nil {
		c.http = defaultHTTPClient()
	}
	c.http = c.guardHTTPClient(c.http)
	return c, nil
}

// BaseURL is the URL generated clients should build requests on, without a
// trailing slash.
func (c *Client) BaseURL() string { return strings.TrimSuffix(c.base.String(), "/") }

// Config returns a copy of the configuration in force.
func (c *Client) Config() Config {
	cfg := *c.cfg
	cfg.Headers = c.cfg.Headers.Clone()
	return cfg
}

// String describes the client without its key.
func (c *Client) String() string {
	return fmt.Sprintf("transport.Client{api:%s base:%s config:%s}", c.api.Name, c.BaseURL(), c.cfg.String())
}

// Format makes every verb use String, so %#v cannot reach the key.
func (c *Client) Format(f fmt.State, _ rune) { _, _ = fmt.Fprint(f, c.String()) }

// RandomID returns 128 random bits as 32 lowercase hex characters: the
// default idempotency key, and the form Usermost asks for in x-request-id.
func RandomID() string {
	var b [16]byte
	_, _ = crand.Read(b[:]) // crypto/rand.Read does not fail on supported platforms
	return hex.EncodeToString(b[:])
}

// defaultHTTPClient bounds the phases of a connection. The exchange itself
// is bounded by the client's watchdog (RequestTimeout, ResponseHeaderTimeout,
// StreamIdleTimeout), which works for callers' clients too.
func defaultHTTPClient() *http.Client {
	return &http.Client{
		Transport: &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			ForceAttemptHTTP2:     true,
			MaxIdleConns:          100,
			MaxIdleConnsPerHost:   16,
			IdleConnTimeout:       90 * time.Second,
			TLSHandshakeTimeout:   10 * time.Second,
			ExpectContinueTimeout: time.Second,
		},
		// CheckRedirect is set by guardHTTPClient, as for callers' clients.
	}
}
