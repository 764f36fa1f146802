package transport

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
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
// packages only ever see successful responses.
type Client struct {
	cfg       Config
	api       API
	base      *url.URL
	http      Doer
	userAgent string

	// Hooks replaced by tests to make timing deterministic.
	sleep     func(ctx context.Context, d time.Duration) error
	randFloat func() float64
	now       func() time.Time
}

// New validates cfg for api and returns a ready Client. It fails when the
// key is missing or the base URL is not https (plain http is allowed only
// for loopback hosts).
func New(cfg *Config, api API) (*Client, error) {
	if cfg == nil {
		cfg = DefaultConfig()
	}
	if api.Name == "" || api.Authenticate == nil {
		return nil, errors.New("transport: API.Name and API.Authenticate are required")
	}
	if cfg.APIKey == "" {
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
		return nil, fmt.Errorf("%s: backoff base %s and max %s: base must be positive and max at least base", api.Name, cfg.BackoffBase, cfg.BackoffMax)
	}
	for owner := range cfg.APISettings {
		if owner != api.Name {
			return nil, fmt.Errorf("%s: an option of package %s was given to the %s client: pass it to %s.NewClient instead", api.Name, owner, api.Name, owner)
		}
	}
	if cfg.MaxRetries < 0 {
		return nil, fmt.Errorf("%s: max retries %d: must be zero or more", api.Name, cfg.MaxRetries)
	}
	c := &Client{
		cfg:       *cfg,
		api:       api,
		base:      base,
		http:      cfg.HTTPClient,
		userAgent: userAgent(api.Name, cfg.UserAgent),
		sleep:     sleepCtx,
		randFloat: rand.Float64,
		now:       time.Now,
	}
	c.cfg.Headers = cfg.Headers.Clone()
	if c.cfg.MaxResponseBytes <= 0 {
		c.cfg.MaxResponseBytes = DefaultMaxResponseBytes
	}
	if c.api.DecodeError == nil {
		c.api.DecodeError = decodeCommonError
	}
	if c.api.NewIdempotencyKey == nil {
		c.api.NewIdempotencyKey = RandomID
	}
	if len(c.api.RequestIDHeaders) == 0 {
		c.api.RequestIDHeaders = []string{"X-Request-Id"}
	}
	if c.http == nil {
		c.http = defaultHTTPClient()
	}
	c.http = c.guardHTTPClient(c.http)
	return c, nil
}

// BaseURL is the URL generated clients should build requests on.
func (c *Client) BaseURL() string { return strings.TrimSuffix(c.base.String(), "/") }

// Config returns a copy of the configuration in force.
func (c *Client) Config() Config {
	cfg := c.cfg
	cfg.Headers = c.cfg.Headers.Clone()
	return cfg
}

// String describes the client without its key.
func (c *Client) String() string {
	return fmt.Sprintf("transport.Client{api:%s base:%s config:%s}", c.api.Name, c.BaseURL(), c.cfg)
}

// Format makes every verb use String, so %#v cannot reach the key.
func (c *Client) Format(f fmt.State, _ rune) { fmt.Fprint(f, c.String()) }

// Do sends req with retries. A 2xx response is returned with its body capped
// at MaxResponseBytes; every other outcome is an error.
func (c *Client) Do(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if err := c.checkScheme(req.URL); err != nil {
		return nil, err
	}
	req = req.Clone(ctx)
	c.prepare(req)
	replayable := req.Body == nil || req.Body == http.NoBody || req.GetBody != nil

	for retry := 0; ; retry++ {
		if retry > 0 && req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				return nil, fmt.Errorf("%s: rewind request body for retry: %w", c.api.Name, err)
			}
			req.Body = body
		}
		resp, err := c.attempt(ctx, req, retry+1)
		if err == nil {
			return resp, nil
		}
		if ctx.Err() != nil {
			return nil, c.canceled(ctx, err)
		}
		delay, retry2 := c.nextDelay(err, retry)
		if !retry2 || !retriesAllowed(ctx) {
			return nil, err
		}
		if !replayable {
			return nil, errors.Join(err, ErrBodyNotReplayable)
		}
		c.log(ctx, slog.LevelInfo, "retrying request",
			slog.String("method", req.Method), slog.String("url", redactURL(req.URL)),
			slog.Int("retry", retry+1), slog.Duration("delay", delay), slog.String("reason", maskKeyString(err.Error(), c.cfg.APIKey)))
		if c.sleep(ctx, delay) != nil {
			return nil, c.canceled(ctx, err)
		}
	}
}

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

// canceled reports a call ended by its context, keeping the last failure
// reachable through errors.As.
func (c *Client) canceled(ctx context.Context, last error) error {
	cause := context.Cause(ctx)
	if cause == nil {
		cause = ctx.Err()
	}
	if errors.Is(last, cause) {
		return last
	}
	return fmt.Errorf("%s: stopped: %w (last error: %w)", c.api.Name, cause, last)
}

func (c *Client) checkScheme(u *url.URL) error {
	switch strings.ToLower(u.Scheme) {
	case "https":
		return nil
	case "http":
		if IsLoopback(u.Hostname()) {
			return nil
		}
	}
	return fmt.Errorf("%s: refusing to send credentials to %s: use https", c.api.Name, redactURL(u))
}

// prepare sets the headers every attempt shares. The idempotency key is
// chosen once here so that all retries carry the same one.
func (c *Client) prepare(req *http.Request) {
	for k, vs := range c.cfg.Headers {
		if req.Header.Get(k) == "" {
			for _, v := range vs {
				req.Header.Add(k, v)
			}
		}
	}
	req.Header.Set("User-Agent", c.userAgent)
	if req.Header.Get("Accept") == "" {
		req.Header.Set("Accept", "application/json")
	}
	c.api.Authenticate(req.Header, c.cfg.APIKey)
	if h := c.api.IdempotencyHeader; h != "" && req.Header.Get(h) == "" {
		switch req.Method {
		case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
			req.Header.Set(h, c.api.NewIdempotencyKey())
		}
	}
}

// attempt sends req once.
func (c *Client) attempt(ctx context.Context, req *http.Request, number int) (*http.Response, error) {
	actx, cancel := ctx, context.CancelFunc(func() {})
	if c.cfg.RequestTimeout > 0 {
		actx, cancel = context.WithTimeout(ctx, c.cfg.RequestTimeout)
	}
	start := c.now()
	resp, err := c.http.Do(req.WithContext(actx))
	if err != nil {
		cancel()
		err = c.transportError(req, err)
		c.log(ctx, slog.LevelDebug, "request failed", slog.String("method", req.Method), slog.String("url", redactURL(req.URL)),
			slog.Int("attempt", number), slog.Duration("duration", c.now().Sub(start)), slog.String("error", err.Error()))
		return nil, err
	}
	requestID := c.requestID(resp.Header)
	c.log(ctx, slog.LevelDebug, "request", slog.String("method", req.Method), slog.String("url", redactURL(req.URL)),
		slog.Int("attempt", number), slog.Int("status", resp.StatusCode), slog.Duration("duration", c.now().Sub(start)),
		slog.String("request_id", requestID), slog.Any("request_headers", c.redactHeaders(req.Header)))
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		resp.Body = &cappedBody{rc: resp.Body, left: c.cfg.MaxResponseBytes, limit: c.cfg.MaxResponseBytes, cancel: cancel}
		return resp, nil
	}
	defer cancel()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBodyBytes))
	drain(resp.Body)
	body = maskKey(body, c.cfg.APIKey)
	code, message := c.api.DecodeError(resp.StatusCode, body)
	return nil, &Error{
		API:        c.api.Name,
		StatusCode: resp.StatusCode,
		Code:       maskKeyString(code, c.cfg.APIKey),
		Message:    maskKeyString(message, c.cfg.APIKey),
		RequestID:  requestID,
		RetryAfter: parseRetryAfter(resp.Header, c.now()),
		Method:     req.Method,
		URL:        redactURL(req.URL),
		Body:       body,
	}
}

// transportError names the request without repeating a URL that may carry
// secrets in its query, and keeps the cause inspectable.
func (c *Client) transportError(req *http.Request, err error) error {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		err = urlErr.Err
	}
	e := &ConnError{API: c.api.Name, Method: req.Method, URL: redactURL(req.URL), Err: err, Permanent: permanentConnError(err)}
	e.text = maskKeyString(fmt.Sprintf("%s: %s %s: %v", e.API, e.Method, e.URL, err), c.cfg.APIKey)
	return e
}

func (c *Client) requestID(h http.Header) string {
	for _, name := range c.api.RequestIDHeaders {
		if v := h.Get(name); v != "" {
			return v
		}
	}
	return ""
}

func (c *Client) log(ctx context.Context, level slog.Level, msg string, attrs ...slog.Attr) {
	if c.cfg.Logger == nil {
		return
	}
	c.cfg.Logger.LogAttrs(ctx, level, msg, append([]slog.Attr{slog.String("api", c.api.Name)}, attrs...)...)
}

// ConnError is a failure to get any answer: a refused or reset connection,
// a TLS or DNS failure, or a per-attempt timeout.
type ConnError struct {
	// API, Method and URL identify the request; the URL is redacted.
	API, Method, URL string
	// Err is the cause.
	Err error
	// Permanent is true when another attempt cannot help: an untrusted
	// certificate or a refused redirect. Such failures are not retried.
	Permanent bool
	// text is rendered once, with the key masked, so that no later
	// formatting of the struct can reach the key.
	text string
}

// Error implements error.
func (e *ConnError) Error() string { return e.text }

// Unwrap exposes the cause, e.g. a *net.OpError or context.DeadlineExceeded.
func (e *ConnError) Unwrap() error { return e.Err }

// RandomID returns 128 random bits as 32 lowercase hex characters: the
// default idempotency key, and the form Usermost asks for in x-request-id.
func RandomID() string {
	var b [16]byte
	_, _ = crand.Read(b[:]) // crypto/rand.Read does not fail on supported platforms
	return hex.EncodeToString(b[:])
}

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
