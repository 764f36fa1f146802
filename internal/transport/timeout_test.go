package transport

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestRequestTimeoutAppliesPerAttempt(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			select {
			case <-r.Context().Done():
			case <-time.After(2 * time.Second):
			}
			return
		}
		_, _ = io.WriteString(w, `{"ok":true}`)
	}))
	defer srv.Close()
	c, rec := newTestClient(t, srv, testAPI, func(cfg *Config) { cfg.RequestTimeout = 100 * time.Millisecond })
	resp, err := get(t, c, context.Background(), "/slow")
	if err != nil {
		t.Fatalf("second attempt should succeed: %v", err)
	}
	defer closeBody(resp)
	// The body must stay readable after Do returns: the attempt's timeout
	// is released on Close, not before.
	b, err := io.ReadAll(resp.Body)
	if err != nil || string(b) != `{"ok":true}` {
		t.Errorf("body = %q, %v", b, err)
	}
	if calls.Load() != 2 || len(rec.got()) != 1 {
		t.Errorf("attempts = %d, waits = %d; want 2 and 1", calls.Load(), len(rec.got()))
	}
}

func TestRequestTimeoutErrorIsAConnError(t *testing.T) {
	t.Parallel()
	stub := doerFunc(func(r *http.Request) (*http.Response, error) {
		<-r.Context().Done()
		return nil, r.Context().Err()
	})
	c, rec := newTestClient(t, nil, testAPI, func(cfg *Config) { cfg.RequestTimeout = 5 * time.Millisecond })
	c.http = stub
	_, err := get(t, c, context.Background(), "/x")
	var connErr *ConnError
	if !errors.As(err, &connErr) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error = %v, want a *ConnError wrapping context.DeadlineExceeded", err)
	}
	if len(rec.got()) != DefaultMaxRetries {
		t.Errorf("waits = %d, want every attempt's timeout retried", len(rec.got()))
	}
}

// TestAttemptContextLifetime: a 2xx body keeps the attempt context alive
// until Close; an error answer releases it before Do returns.
func TestAttemptContextLifetime(t *testing.T) {
	t.Parallel()
	for _, status := range []int{200, 404} {
		var attemptCtx context.Context
		stub := doerFunc(func(r *http.Request) (*http.Response, error) {
			attemptCtx = r.Context()
			return &http.Response{StatusCode: status, Header: http.Header{}, Body: io.NopCloser(strings.NewReader("{}"))}, nil
		})
		c, _ := newTestClient(t, nil, testAPI, func(cfg *Config) { cfg.RequestTimeout = time.Minute; cfg.HTTPClient = stub })
		resp, err := get(t, c, context.Background(), "/x")
		if status != 200 {
			if err == nil || attemptCtx.Err() == nil {
				t.Errorf("%d: error = %v, attempt context err = %v; want both set", status, err, attemptCtx.Err())
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if attemptCtx.Err() != nil {
			t.Fatalf("attempt context ended before the body was read: %v", attemptCtx.Err())
		}
		_, _ = io.ReadAll(resp.Body)
		closeBody(resp)
		if !errors.Is(attemptCtx.Err(), context.Canceled) {
			t.Errorf("attempt context err after Close = %v, want context.Canceled", attemptCtx.Err())
		}
	}
}

// TestRequestTimeoutBoundsBodyRead: the per-attempt timeout still governs
// a body the server never finishes.
func TestRequestTimeoutBoundsBodyRead(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"partial":`)
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, testAPI, func(cfg *Config) { cfg.RequestTimeout = 50 * time.Millisecond })
	resp, err := get(t, c, context.Background(), "/x")
	if err != nil {
		t.Fatal(err)
	}
	defer closeBody(resp)
	start := time.Now()
	if _, err := io.ReadAll(resp.Body); err == nil {
		t.Error("reading a stalled body succeeded")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("read gave up after %s, want about 50ms", d)
	}
}
