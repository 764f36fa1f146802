package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Do sends req, retrying what is worth retrying. A 2xx response is returned
// with its body capped at MaxResponseBytes (closing it releases the attempt's
// timeout); every other outcome is an error: an *Error for an HTTP answer, a
// *ConnError when no answer came, or a context error (wrapping the last
// failure) when the caller's context ended first. req is not modified.
func (c *Client) Do(req *http.Request) (*http.Response, error) {
	if req == nil || req.URL == nil {
		return nil, fmt.Errorf("%s: Do needs a request with a URL", c.api.Name)
	}
	ctx := req.Context()
	if err := c.checkScheme(req.URL); err != nil {
		return nil, err
	}
	req = req.Clone(ctx)
	c.prepare(req)
	replayable := req.Body == nil || req.Body == http.NoBody || req.GetBody != nil

	var last error
	for retry := 0; ; retry++ {
		if retry > 0 && req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				return nil, fmt.Errorf("%s: rewind request body for retry: %w (last error: %w)", c.api.Name, err, last)
			}
			req.Body = body
		}
		resp, err := c.attempt(ctx, req, retry+1)
		if err == nil {
			return resp, nil
		}
		last = err
		if ctx.Err() != nil {
			return nil, c.canceled(ctx, err)
		}
		delay, again := c.nextDelay(err, retry)
		if !again || !retriesAllowed(ctx) || !retryAllowedFor(ctx, err) {
			c.logRetryAfterTooLong(ctx, req, err, retry)
			return nil, err
		}
		if !replayable {
			c.log(ctx, slog.LevelInfo, "not retrying: the request body cannot be replayed", c.requestAttrs(req)...)
			return nil, errors.Join(err, ErrBodyNotReplayable)
		}
		// Sleeping past the caller's deadline would only trade the server's
		// answer for "context deadline exceeded".
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < delay {
			c.log(ctx, slog.LevelInfo, "not retrying: the wait would outlast the context deadline",
				append(c.requestAttrs(req), slog.Duration("delay", delay))...)
			return nil, err
		}
		c.log(ctx, slog.LevelInfo, "retrying request", append(c.requestAttrs(req),
			slog.Int("retry", retry+1), slog.Duration("delay", delay), slog.String("reason", c.masker(ctx).string(err.Error())))...)
		if c.sleep(ctx, delay) != nil {
			return nil, c.canceled(ctx, err)
		}
	}
}

// logRetryAfterTooLong explains the one give-up a reader of the log would
// otherwise find surprising: a retryable answer that was not retried.
func (c *Client) logRetryAfterTooLong(ctx context.Context, req *http.Request, err error, retry int) {
	var apiErr *Error
	if retry < c.cfg.MaxRetries && errors.As(err, &apiErr) && c.retryable(apiErr.StatusCode) && apiErr.RetryAfter > c.cfg.MaxRetryAfter {
		c.log(ctx, slog.LevelInfo, "not retrying: Retry-After is longer than the limit", append(c.requestAttrs(req),
			slog.Duration("retry_after", apiErr.RetryAfter), slog.Duration("max_retry_after", c.cfg.MaxRetryAfter))...)
	}
}

// canceled reports a call ended by its context. The result wraps ctx.Err()
// (and a custom cause, if one was given) and still lets errors.As reach the
// last failure.
func (c *Client) canceled(ctx context.Context, last error) error {
	ctxErr := ctx.Err()
	cause := context.Cause(ctx)
	if cause == nil || cause == ctxErr {
		if errors.Is(last, ctxErr) {
			return last
		}
		return fmt.Errorf("%s: stopped: %w (last error: %w)", c.api.Name, ctxErr, last)
	}
	return fmt.Errorf("%s: stopped: %w: %w (last error: %w)", c.api.Name, ctxErr, cause, last)
}

// checkScheme refuses to put the key on a request that would travel in
// clear text, whatever URL the generated code or a caller built.
func (c *Client) checkScheme(u *url.URL) error {
	switch strings.ToLower(u.Scheme) {
	case "https":
		return nil
	case "http":
		if IsLoopback(u.Hostname()) {
			return nil
		}
	}
	return fmt.Errorf("%s: refusing to send credentials to %s: use https (plain http only reaches loopback hosts)", c.api.Name, c.safeURL(u))
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
	// Always from the key: a stale or foreign Authorization on the request
	// must not win over the configured credential.
	c.api.Authenticate(req.Header, c.cfg.APIKey)
	if h := c.api.IdempotencyHeader; h != "" && req.Header.Get(h) == "" {
		switch req.Method {
		case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
			req.Header.Set(h, c.api.NewIdempotencyKey())
		}
	}
}

// attempt sends req once and classifies the outcome.
func (c *Client) attempt(ctx context.Context, req *http.Request, number int) (*http.Response, error) {
	actx, wd := c.newWatchdog(ctx, req)
	send := req.WithContext(actx)
	if req.Body != nil && req.Body != http.NoBody {
		send.Body = &progressBody{rc: req.Body, w: wd, c: c}
	}
	start := time.Now()
	resp, err := c.http.Do(send)
	if err == nil && resp == nil {
		err = errors.New("the HTTP client returned neither a response nor an error")
	}
	if err != nil {
		if resp != nil && resp.Body != nil {
			drain(resp.Body)
		}
		// The client's own bound, not the caller's context, ended it: say
		// which bound.
		if cause := context.Cause(actx); ctx.Err() == nil && cause != nil && cause != context.Canceled {
			err = cause
		}
		wd.stop()
		err = c.transportError(req, err)
		if c.logs(ctx, slog.LevelDebug) {
			c.log(ctx, slog.LevelDebug, "request failed", append(c.requestAttrs(req),
				slog.Int("attempt", number), slog.Duration("duration", time.Since(start)), slog.String("error", err.Error()))...)
		}
		return nil, err
	}
	if resp.Body == nil {
		resp.Body = http.NoBody
	}
	m := c.masker(ctx)
	requestID := m.string(c.requestID(resp.Header))
	if c.logs(ctx, slog.LevelDebug) {
		c.log(ctx, slog.LevelDebug, "request", append(c.requestAttrs(req),
			slog.Int("attempt", number), slog.Int("status", resp.StatusCode), slog.Duration("duration", time.Since(start)),
			slog.String("request_id", requestID), slog.Any("request_headers", c.redactHeaders(m, req.Header)))...)
	}
	wd.answered(c)
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		resp.Body = &cappedBody{rc: resp.Body, left: c.cfg.MaxResponseBytes, limit: c.cfg.MaxResponseBytes, api: c.api.Name, wd: wd, ctx: actx}
		return resp, nil
	}
	defer wd.stop()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBodyBytes))
	drain(resp.Body)
	// The key first (its encodings may sit under harmless names), then
	// every value under a secret-looking name.
	body = scrubBody(m.bytes(body))
	code, message := c.api.DecodeError(resp.StatusCode, body)
	return nil, &Error{
		API:        c.api.Name,
		StatusCode: resp.StatusCode,
		Code:       m.string(code),
		Message:    m.string(message),
		RequestID:  requestID,
		RetryAfter: parseRetryAfter(resp.Header, c.now()),
		Method:     req.Method,
		URL:        c.safeURL(req.URL),
		Body:       body,
	}
}

func (c *Client) requestID(h http.Header) string {
	for _, name := range c.api.RequestIDHeaders {
		if v := h.Get(name); v != "" {
			return v
		}
	}
	return ""
}
