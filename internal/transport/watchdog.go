package transport

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// Default time bounds, applied by DefaultConfig. They are chosen so that a
// call made with context.Background() against a server that accepts and
// never answers ends on its own, while a slow but working transfer does not.
const (
	// DefaultRequestTimeout bounds one attempt of an ordinary (non-streaming)
	// call, from sending to the end of reading the answer.
	DefaultRequestTimeout = 60 * time.Second
	// DefaultResponseHeaderTimeout bounds the wait for the answer's headers
	// once the request has been sent, streaming or not.
	DefaultResponseHeaderTimeout = 30 * time.Second
	// DefaultStreamIdleTimeout bounds how long a streaming upload or
	// download may go without moving a byte. Streaming attempts have no
	// total bound: a large export may take as long as it keeps moving.
	DefaultStreamIdleTimeout = 60 * time.Second
	// streamingBodySize is the request body size above which an upload is
	// treated as streaming.
	streamingBodySize = 1 << 20
)

type streamingKey struct{}

// Streaming marks ctx so that requests made with it are bounded by progress
// (Config.StreamIdleTimeout) rather than by Config.RequestTimeout: for
// downloads and uploads whose size makes a total time limit wrong. Uploads
// with a body that cannot be replayed, of unknown length or over 1 MiB are
// treated as streaming without the mark.
//
// A nil ctx is returned as is, for CheckContext or net/http to report.
func Streaming(ctx context.Context) context.Context {
	if ctx == nil {
		return nil
	}
	return context.WithValue(ctx, streamingKey{}, true)
}

// isStreaming reports whether req is bounded by progress.
func isStreaming(ctx context.Context, req *http.Request) bool {
	if on, _ := ctx.Value(streamingKey{}).(bool); on {
		return true
	}
	if req.Body == nil || req.Body == http.NoBody {
		return false
	}
	return req.GetBody == nil || req.ContentLength <= 0 || req.ContentLength > streamingBodySize
}

// TimeoutError is the cause of an attempt ended by one of the client's own
// time bounds (not the caller's context). It matches
// context.DeadlineExceeded with errors.Is and is a net.Error timeout.
type TimeoutError struct {
	// Phase names the bound: "attempt", "response headers" or "progress".
	Phase string
	// Limit is the bound that was exceeded.
	Limit time.Duration
}

func (e *TimeoutError) Error() string {
	switch e.Phase {
	case phaseHeaders:
		return fmt.Sprintf("no response headers within %s of sending the request (see option.WithResponseHeaderTimeout)", e.Limit)
	case phaseIdle:
		return fmt.Sprintf("the transfer made no progress for %s (see option.WithStreamIdleTimeout)", e.Limit)
	}
	return fmt.Sprintf("the attempt took longer than %s (see option.WithRequestTimeout)", e.Limit)
}

// Is makes errors.Is(err, context.DeadlineExceeded) true.
func (e *TimeoutError) Is(target error) bool { return target == context.DeadlineExceeded }

// Timeout reports true, as net.Error timeouts do.
func (e *TimeoutError) Timeout() bool { return true }

// Temporary reports true: another attempt may succeed.
func (e *TimeoutError) Temporary() bool { return true }

const (
	phaseAttempt = "attempt"
	phaseHeaders = "response headers"
	phaseIdle    = "progress"
)

// timer is the part of *time.Timer the watchdog uses, so tests can drive it.
type timer interface {
	Stop() bool
	Reset(time.Duration) bool
}

func realTimer(d time.Duration, f func()) timer { return time.AfterFunc(d, f) }

// watchdog ends one attempt when one of its time bounds runs out. An
// ordinary attempt has a total bound and a bound on the wait for headers;
// a streaming one has the header bound and an idle bound that every byte
// moved resets.
type watchdog struct {
	cancel context.CancelCauseFunc
	header time.Duration
	idle   time.Duration // 0 for ordinary attempts

	mu      sync.Mutex
	phase   string
	phaseT  timer // the header or idle bound, whichever is current
	total   timer
	stopped bool
}

// newWatchdog derives the attempt's context from ctx and starts its bounds.
func (c *Client) newWatchdog(ctx context.Context, req *http.Request) (context.Context, *watchdog) {
	actx, cancel := context.WithCancelCause(ctx)
	w := &watchdog{cancel: cancel, header: c.cfg.ResponseHeaderTimeout}
	if isStreaming(ctx, req) {
		w.idle = c.cfg.StreamIdleTimeout
	} else if d := c.cfg.RequestTimeout; d > 0 {
		w.total = c.newTimer(d, func() { cancel(&TimeoutError{Phase: phaseAttempt, Limit: d}) })
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if req.Body == nil || req.Body == http.NoBody {
		w.enter(c, phaseHeaders)
	} else {
		w.enter(c, phaseIdle)
	}
	return actx, w
}

// enter switches to a phase and (re)starts its bound; w.mu is held.
func (w *watchdog) enter(c *Client, phase string) {
	if w.stopped {
		return
	}
	if w.phaseT != nil {
		w.phaseT.Stop()
		w.phaseT = nil
	}
	w.phase = phase
	d := w.idle
	if phase == phaseHeaders {
		d = w.header
	}
	if d <= 0 {
		return
	}
	w.phaseT = c.newTimer(d, func() { w.cancel(&TimeoutError{Phase: phase, Limit: d}) })
}

// progress records bytes moved: the idle bound starts again.
func (w *watchdog) progress() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.stopped && w.phase == phaseIdle && w.phaseT != nil {
		w.phaseT.Reset(w.idle)
	}
}

// sent records that the request body has been sent in full.
func (w *watchdog) sent(c *Client) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.phase == phaseIdle {
		w.enter(c, phaseHeaders)
	}
}

// answered records that the headers arrived: the body is read next.
func (w *watchdog) answered(c *Client) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.enter(c, phaseIdle)
}

// stop ends the bounds and releases the attempt's context.
func (w *watchdog) stop() {
	w.mu.Lock()
	w.stopped = true
	if w.phaseT != nil {
		w.phaseT.Stop()
	}
	if w.total != nil {
		w.total.Stop()
	}
	w.mu.Unlock()
	w.cancel(context.Canceled)
}

// progressBody reports reads of a request body to the watchdog.
type progressBody struct {
	rc io.ReadCloser
	w  *watchdog
	c  *Client
}

func (b *progressBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if n > 0 {
		b.w.progress()
	}
	if err == io.EOF {
		b.w.sent(b.c)
	}
	return n, err
}

func (b *progressBody) Close() error { return b.rc.Close() }
