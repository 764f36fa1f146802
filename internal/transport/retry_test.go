package transport

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestRetryCountsByStatus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status        int
		retryConflict bool
		wantCalls     int32
	}{
		{500, false, 3}, {502, false, 3}, {503, false, 3}, {504, false, 3},
		{429, false, 3}, {408, false, 3},
		{400, false, 1}, {401, false, 1}, {403, false, 1}, {404, false, 1}, {422, false, 1},
		{409, false, 1}, {409, true, 3},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			t.Parallel()
			h := &scripted{statuses: []int{tt.status}}
			srv := httptest.NewServer(h)
			defer srv.Close()
			api := testAPI
			api.RetryConflict = tt.retryConflict
			c, _ := newTestClient(t, srv, api, nil)
			_, err := get(t, c, context.Background(), "/x")
			var apiErr *Error
			if !errors.As(err, &apiErr) || apiErr.StatusCode != tt.status {
				t.Fatalf("error = %v, want *Error with status %d", err, tt.status)
			}
			if got := h.calls.Load(); got != tt.wantCalls {
				t.Errorf("attempts = %d, want %d", got, tt.wantCalls)
			}
		})
	}
}

func TestRetrySucceedsAfterTransientFailures(t *testing.T) {
	t.Parallel()
	h := &scripted{statuses: []int{503, 429, 200}}
	srv := httptest.NewServer(h)
	defer srv.Close()
	c, rec := newTestClient(t, srv, testAPI, nil)
	resp, err := get(t, c, context.Background(), "/x")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if h.calls.Load() != 3 || len(rec.got()) != 2 {
		t.Errorf("attempts = %d, waits = %v; want 3 attempts and 2 waits", h.calls.Load(), rec.got())
	}
}

func TestBackoffFullJitterBounds(t *testing.T) {
	t.Parallel()
	cfg := DefaultConfig()
	cfg.APIKey = "k"
	cfg.BaseURL = "https://api.example.com"
	c, err := New(cfg, testAPI)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []float64{0, 0.25, 0.999999} {
		c.randFloat = func() float64 { return r }
		for n := 0; n < 8; n++ {
			ceiling := min(DefaultBackoffBase<<n, DefaultBackoffMax)
			got := c.backoff(n)
			if got < 0 || got >= ceiling && ceiling > 0 {
				t.Errorf("backoff(%d) with rand %.2f = %s, want in [0, %s)", n, r, got, ceiling)
			}
			if want := time.Duration(r * float64(ceiling)); got != want {
				t.Errorf("backoff(%d) with rand %.2f = %s, want %s", n, r, got, want)
			}
		}
	}
	// With real randomness, many draws stay within the bounds and vary.
	c.randFloat = rand.Float64
	seen := map[time.Duration]bool{}
	for i := 0; i < 200; i++ {
		d := c.backoff(2)
		if d < 0 || d >= 2*time.Second {
			t.Fatalf("backoff(2) = %s, outside [0, 2s)", d)
		}
		seen[d] = true
	}
	if len(seen) < 100 {
		t.Errorf("only %d distinct delays in 200 draws: jitter is not random", len(seen))
	}
}

func TestRetryDelaysFollowSchedule(t *testing.T) {
	t.Parallel()
	h := &scripted{statuses: []int{500}}
	srv := httptest.NewServer(h)
	defer srv.Close()
	c, rec := newTestClient(t, srv, testAPI, func(cfg *Config) { cfg.MaxRetries = 5 })
	c.randFloat = func() float64 { return 0.5 }
	_, _ = get(t, c, context.Background(), "/x")
	want := []time.Duration{250 * time.Millisecond, 500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second}
	got := rec.got()
	if len(got) != len(want) {
		t.Fatalf("waits = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("wait %d = %s, want %s", i, got[i], want[i])
		}
	}
	if h.calls.Load() != 6 {
		t.Errorf("attempts = %d, want 6", h.calls.Load())
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	t.Parallel()
	date := time.Now().Add(3 * time.Second).UTC().Format(http.TimeFormat)
	tests := []struct {
		name      string
		header    http.Header
		wantWait  time.Duration
		tolerance time.Duration
		wantCalls int32
	}{
		{"seconds", http.Header{"Retry-After": {"7"}}, 7 * time.Second, 0, 2},
		{"milliseconds", http.Header{"Retry-After-Ms": {"1500"}}, 1500 * time.Millisecond, 0, 2},
		{"http date", http.Header{"Retry-After": {date}}, 3 * time.Second, 1100 * time.Millisecond, 2},
		{"longer than allowed", http.Header{"Retry-After": {"3600"}}, 0, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := &scripted{statuses: []int{429, 200}, headers: []http.Header{tt.header}}
			srv := httptest.NewServer(h)
			defer srv.Close()
			c, rec := newTestClient(t, srv, testAPI, nil)
			resp, err := get(t, c, context.Background(), "/x")
			if h.calls.Load() != tt.wantCalls {
				t.Fatalf("attempts = %d, want %d", h.calls.Load(), tt.wantCalls)
			}
			if tt.wantCalls == 1 {
				var apiErr *Error
				if !errors.As(err, &apiErr) || apiErr.RetryAfter != time.Hour {
					t.Fatalf("error = %v, want a 429 *Error with RetryAfter 1h", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			got := rec.got()
			if len(got) != 1 || got[0] > tt.wantWait || got[0] < tt.wantWait-tt.tolerance {
				t.Errorf("waits = %v, want one of %s (-%s)", got, tt.wantWait, tt.tolerance)
			}
		})
	}
}

func TestConnectionErrorsAreRetried(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) < 3 {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close() // reset before any answer
			}
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	c, rec := newTestClient(t, srv, testAPI, func(cfg *Config) { cfg.HTTPClient = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}} })
	resp, err := get(t, c, context.Background(), "/x")
	if err != nil {
		t.Fatalf("after two resets: %v", err)
	}
	resp.Body.Close()
	if calls.Load() != 3 || len(rec.got()) != 2 {
		t.Errorf("attempts = %d, waits = %d; want 3 and 2", calls.Load(), len(rec.got()))
	}
}

func TestConnectionErrorAfterRetriesIsInspectable(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens: every dial is refused
	cfg := DefaultConfig()
	cfg.APIKey = "k"
	cfg.BaseURL = "http://" + addr
	c, err := New(cfg, testAPI)
	if err != nil {
		t.Fatal(err)
	}
	rec := &sleepRecorder{}
	c.sleep = rec.sleep
	_, err = get(t, c, context.Background(), "/x")
	var connErr *ConnError
	var opErr *net.OpError
	if !errors.As(err, &connErr) || !errors.As(err, &opErr) {
		t.Fatalf("error = %v, want *ConnError wrapping *net.OpError", err)
	}
	if len(rec.got()) != DefaultMaxRetries {
		t.Errorf("waits = %d, want %d", len(rec.got()), DefaultMaxRetries)
	}
}

func TestCancelDuringBackoffReturnsAtOnce(t *testing.T) {
	t.Parallel()
	h := &scripted{statuses: []int{503}}
	srv := httptest.NewServer(h)
	defer srv.Close()
	cfg := DefaultConfig()
	cfg.APIKey = "k"
	cfg.BaseURL = srv.URL
	cfg.BackoffBase, cfg.BackoffMax = 10*time.Second, 10*time.Second
	c, err := New(cfg, testAPI)
	if err != nil {
		t.Fatal(err)
	}
	c.randFloat = func() float64 { return 0.99 } // ~10 s of real waiting
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for h.calls.Load() == 0 {
			time.Sleep(time.Millisecond)
		}
		time.Sleep(20 * time.Millisecond)
		cancel()
	}()
	start := time.Now()
	_, err = get(t, c, ctx, "/x")
	elapsed := time.Since(start)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}
	var apiErr *Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 {
		t.Errorf("error = %v, want the last 503 still reachable", err)
	}
	if elapsed > time.Second {
		t.Errorf("returned after %s, want promptly after cancel", elapsed)
	}
	if h.calls.Load() != 1 {
		t.Errorf("attempts = %d, want 1", h.calls.Load())
	}
}

func TestRealTimingWithSmallBackoff(t *testing.T) {
	t.Parallel()
	h := &scripted{statuses: []int{500, 500, 200}}
	srv := httptest.NewServer(h)
	defer srv.Close()
	cfg := DefaultConfig()
	cfg.APIKey = "k"
	cfg.BaseURL = srv.URL
	cfg.BackoffBase, cfg.BackoffMax = time.Millisecond, 4*time.Millisecond
	c, err := New(cfg, testAPI)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	resp, err := get(t, c, context.Background(), "/x")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %s with millisecond backoff", d)
	}
}

func TestNonReplayableBodyIsNotRetried(t *testing.T) {
	t.Parallel()
	h := &scripted{statuses: []int{503, 200}}
	srv := httptest.NewServer(h)
	defer srv.Close()
	c, _ := newTestClient(t, srv, testAPI, nil)
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/upload", io.NopCloser(strings.NewReader("streamed")))
	req.GetBody = nil
	_, err := c.Do(req)
	if !errors.Is(err, ErrBodyNotReplayable) {
		t.Fatalf("error = %v, want ErrBodyNotReplayable", err)
	}
	var apiErr *Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 {
		t.Errorf("error = %v, want the 503 reachable with errors.As", err)
	}
	if h.calls.Load() != 1 {
		t.Errorf("attempts = %d, want exactly 1", h.calls.Load())
	}
}

func TestReplayableBodyIsResentIdentically(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		n := len(bodies)
		mu.Unlock()
		if n < 3 {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, testAPI, nil)
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/x", bytes.NewReader([]byte(`{"a":1}`)))
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if len(bodies) != 3 || bodies[0] != `{"a":1}` || bodies[2] != bodies[0] {
		t.Errorf("bodies = %q, want the same body three times", bodies)
	}
}

func TestWithoutRetriesSendsOnce(t *testing.T) {
	t.Parallel()
	h := &scripted{statuses: []int{503, 200}}
	srv := httptest.NewServer(h)
	defer srv.Close()
	c, _ := newTestClient(t, srv, testAPI, nil)
	_, err := get(t, c, WithoutRetries(context.Background()), "/x")
	if !IsServerError(err) || h.calls.Load() != 1 {
		t.Errorf("error = %v after %d attempts, want the 503 after exactly 1", err, h.calls.Load())
	}
}
