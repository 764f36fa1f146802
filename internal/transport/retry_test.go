package transport

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit"
)

func TestRetryCountsByStatus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status        int
		retryConflict bool
		maxRetries    int
		wantCalls     int32
	}{
		{500, false, 2, 3}, {502, false, 2, 3}, {503, false, 2, 3}, {504, false, 2, 3}, {599, false, 2, 3},
		{429, false, 2, 3}, {408, false, 2, 3},
		{400, false, 2, 1}, {401, false, 2, 1}, {403, false, 2, 1}, {404, false, 2, 1}, {405, false, 2, 1},
		{410, false, 2, 1}, {422, false, 2, 1}, {304, false, 2, 1}, {600, false, 2, 1},
		{409, false, 2, 1}, {409, true, 2, 3},
		{503, false, 0, 1}, {503, false, 1, 2}, {503, false, 5, 6},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d/conflict=%t/retries=%d", tt.status, tt.retryConflict, tt.maxRetries), func(t *testing.T) {
			t.Parallel()
			srv, h := serve(t, tt.status)
			api := testAPI
			api.RetryConflict = tt.retryConflict
			c, rec := newTestClient(t, srv, api, func(cfg *Config) { cfg.MaxRetries = tt.maxRetries })
			_, err := get(t, c, context.Background(), "/x")
			var apiErr *Error
			if !errors.As(err, &apiErr) || apiErr.StatusCode != tt.status {
				t.Fatalf("error = %v, want *Error with status %d", err, tt.status)
			}
			if got := h.calls.Load(); got != tt.wantCalls {
				t.Errorf("attempts = %d, want %d", got, tt.wantCalls)
			}
			if got := len(rec.got()); got != int(tt.wantCalls)-1 {
				t.Errorf("waits = %d, want one fewer than the %d attempts", got, tt.wantCalls)
			}
		})
	}
}

func TestRetryStopsAtFirstSuccess(t *testing.T) {
	t.Parallel()
	tests := []struct {
		statuses  []int
		wantCalls int32
	}{
		{[]int{200}, 1},
		{[]int{503, 200}, 2},
		{[]int{503, 429, 201}, 3},
		{[]int{408, 204}, 2},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.statuses), func(t *testing.T) {
			t.Parallel()
			srv, h := serve(t, tt.statuses...)
			c, rec := newTestClient(t, srv, testAPI, nil)
			resp, err := get(t, c, context.Background(), "/x")
			if err != nil {
				t.Fatal(err)
			}
			closeBody(resp)
			if resp.StatusCode != tt.statuses[len(tt.statuses)-1] || h.calls.Load() != tt.wantCalls || len(rec.got()) != int(tt.wantCalls)-1 {
				t.Errorf("status %d after %d attempts and waits %v; want %d after %d", resp.StatusCode, h.calls.Load(), rec.got(), tt.statuses[len(tt.statuses)-1], tt.wantCalls)
			}
		})
	}
}

// TestBackoffFullJitterBounds checks the delay formula for each retry index:
// exactly rand·min(max, base·2ⁿ), so always in [0, that ceiling).
func TestBackoffFullJitterBounds(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t, nil, testAPI, nil)
	for _, r := range []float64{0, 0.25, 0.5, 0.999999} {
		c.randFloat = func() float64 { return r }
		for n := range 12 {
			ceiling := min(DefaultBackoffBase<<n, DefaultBackoffMax)
			got := c.backoff(n)
			if got < 0 || got >= ceiling {
				t.Errorf("backoff(%d) with rand %v = %s, want in [0, %s)", n, r, got, ceiling)
			}
			if want := time.Duration(r * float64(ceiling)); got != want {
				t.Errorf("backoff(%d) with rand %v = %s, want %s", n, r, got, want)
			}
		}
	}
	// Retry indexes far past the cap must not overflow.
	c.randFloat = func() float64 { return 0.5 }
	if got := c.backoff(2000); got != DefaultBackoffMax/2 {
		t.Errorf("backoff(2000) = %s, want %s", got, DefaultBackoffMax/2)
	}
}

// TestJitteredDelaysThroughDo uses real randomness: every delay Do asks for
// lies within its retry index's bound, and the draws vary.
func TestJitteredDelaysThroughDo(t *testing.T) {
	t.Parallel()
	srv, _ := serve(t, 503)
	c, rec := newTestClient(t, srv, testAPI, func(cfg *Config) { cfg.MaxRetries = 6 })
	c.randFloat = rand.Float64
	for range 20 {
		_, _ = get(t, c, context.Background(), "/x")
	}
	got := rec.got()
	if len(got) != 20*6 {
		t.Fatalf("waits = %d, want %d", len(got), 20*6)
	}
	distinct := map[time.Duration]bool{}
	for i, d := range got {
		n := i % 6
		ceiling := min(DefaultBackoffBase<<n, DefaultBackoffMax)
		if d < 0 || d >= ceiling {
			t.Errorf("wait before retry %d = %s, outside [0, %s)", n+1, d, ceiling)
		}
		distinct[d] = true
	}
	if len(distinct) < len(got)/2 {
		t.Errorf("only %d distinct delays in %d: jitter is not random", len(distinct), len(got))
	}
}

func TestBackoffScheduleAndCap(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		base, max time.Duration
		retries   int
		rand      float64
		want      []time.Duration
	}{
		{"defaults, mid draw", DefaultBackoffBase, DefaultBackoffMax, 6, 0.5,
			durations(250*time.Millisecond, 500*time.Millisecond, time.Second, 2*time.Second, 4*time.Second, 4*time.Second)},
		{"capped early", time.Second, 3 * time.Second, 5, 0.5,
			durations(500*time.Millisecond, time.Second, 1500*time.Millisecond, 1500*time.Millisecond, 1500*time.Millisecond)},
		{"base equals max", time.Second, time.Second, 3, 0.25,
			durations(250*time.Millisecond, 250*time.Millisecond, 250*time.Millisecond)},
		{"zero draw", time.Second, 8 * time.Second, 3, 0, durations(0, 0, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, h := serve(t, 500)
			c, rec := newTestClient(t, srv, testAPI, func(cfg *Config) {
				cfg.MaxRetries, cfg.BackoffBase, cfg.BackoffMax = tt.retries, tt.base, tt.max
			})
			c.randFloat = func() float64 { return tt.rand }
			_, _ = get(t, c, context.Background(), "/x")
			if got := rec.got(); !slices.Equal(got, tt.want) {
				t.Errorf("waits = %v, want %v", got, tt.want)
			}
			if h.calls.Load() != int32(tt.retries+1) {
				t.Errorf("attempts = %d, want %d", h.calls.Load(), tt.retries+1)
			}
			// Whatever the draw, no wait reaches the cap.
			c.randFloat = func() float64 { return 0.9999999 }
			rec.delays = nil
			_, _ = get(t, c, context.Background(), "/x")
			for _, d := range rec.got() {
				if d >= tt.max {
					t.Errorf("wait %s reaches the cap %s", d, tt.max)
				}
			}
		})
	}
}

func TestRetryAfterIsHonouredExactly(t *testing.T) {
	t.Parallel()
	now := timeNowForTest()
	tests := []struct {
		name     string
		status   int
		header   http.Header
		wantWait time.Duration
	}{
		{"seconds", 429, http.Header{"Retry-After": {"7"}}, 7 * time.Second},
		{"seconds on 503", 503, http.Header{"Retry-After": {"2"}}, 2 * time.Second},
		{"fractional seconds", 429, http.Header{"Retry-After": {"1.5"}}, 1500 * time.Millisecond},
		{"milliseconds", 429, http.Header{"Retry-After-Ms": {"1500"}}, 1500 * time.Millisecond},
		{"milliseconds win over seconds", 429, http.Header{"Retry-After-Ms": {"250"}, "Retry-After": {"9"}}, 250 * time.Millisecond},
		{"http date", 429, http.Header{"Retry-After": {now.Add(3 * time.Second).Format(http.TimeFormat)}}, 3 * time.Second},
		{"http date in RFC 850 form", 503, http.Header{"Retry-After": {now.Add(42 * time.Second).Format(time.RFC850)}}, 42 * time.Second},
		{"exactly the limit", 429, http.Header{"Retry-After": {"60"}}, 60 * time.Second},
		// Nothing usable: the jittered backoff (rand 0.5 → 250ms) applies.
		{"zero falls back to backoff", 429, http.Header{"Retry-After": {"0"}}, 250 * time.Millisecond},
		{"past date falls back to backoff", 429, http.Header{"Retry-After": {now.Add(-time.Minute).Format(http.TimeFormat)}}, 250 * time.Millisecond},
		{"garbage falls back to backoff", 429, http.Header{"Retry-After": {"soon"}}, 250 * time.Millisecond},
		{"negative falls back to backoff", 429, http.Header{"Retry-After": {"-3"}}, 250 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := &scripted{statuses: []int{tt.status, 200}, headers: []http.Header{tt.header}}
			srv := httptest.NewServer(h)
			defer srv.Close()
			c, rec := newTestClient(t, srv, testAPI, nil)
			c.now = func() time.Time { return now }
			c.randFloat = func() float64 { return 0.5 }
			resp, err := get(t, c, context.Background(), "/x")
			if err != nil {
				t.Fatal(err)
			}
			closeBody(resp)
			if got := rec.got(); !slices.Equal(got, durations(tt.wantWait)) {
				t.Errorf("waits = %v, want exactly [%s]", got, tt.wantWait)
			}
			if h.calls.Load() != 2 {
				t.Errorf("attempts = %d, want 2", h.calls.Load())
			}
		})
	}
}

func TestRetryAfterAboveLimitIsNotWaitedFor(t *testing.T) {
	t.Parallel()
	now := timeNowForTest()
	tests := []struct {
		name          string
		header        http.Header
		maxRetryAfter time.Duration
		want          time.Duration
	}{
		{"an hour against the default", http.Header{"Retry-After": {"3600"}}, DefaultMaxRetryAfter, time.Hour},
		{"one second over a custom limit", http.Header{"Retry-After": {"6"}}, 5 * time.Second, 6 * time.Second},
		{"milliseconds over the limit", http.Header{"Retry-After-Ms": {"1001"}}, time.Second, 1001 * time.Millisecond},
		{"http date over the limit", http.Header{"Retry-After": {now.Add(2 * time.Hour).Format(http.TimeFormat)}}, DefaultMaxRetryAfter, 2 * time.Hour},
		{"any wait with a zero limit", http.Header{"Retry-After": {"1"}}, 0, time.Second},
		{"absurd value clamps instead of overflowing", http.Header{"Retry-After": {"1e300"}}, DefaultMaxRetryAfter, maxServerWait},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := &scripted{statuses: []int{429, 200}, headers: []http.Header{tt.header}}
			srv := httptest.NewServer(h)
			defer srv.Close()
			c, rec := newTestClient(t, srv, testAPI, func(cfg *Config) { cfg.MaxRetryAfter = tt.maxRetryAfter })
			c.now = func() time.Time { return now }
			start := time.Now()
			_, err := get(t, c, context.Background(), "/x")
			var apiErr *Error
			if !errors.As(err, &apiErr) || apiErr.StatusCode != 429 || apiErr.RetryAfter != tt.want {
				t.Fatalf("error = %v, want the 429 *Error with RetryAfter %s", err, tt.want)
			}
			if h.calls.Load() != 1 || len(rec.got()) != 0 || time.Since(start) > 5*time.Second {
				t.Errorf("attempts = %d, waits = %v: want the error at once", h.calls.Load(), rec.got())
			}
		})
	}
}

func TestConnectionErrorsAreRetried(t *testing.T) {
	t.Parallel()
	t.Run("server hangs up", func(t *testing.T) {
		t.Parallel()
		var calls atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if calls.Add(1) < 3 {
				if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
					_ = conn.Close() // reset before any answer
				}
				return
			}
			w.WriteHeader(http.StatusOK)
		}))
		defer srv.Close()
		c, rec := newTestClient(t, srv, testAPI, func(cfg *Config) {
			cfg.HTTPClient = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
		})
		resp, err := get(t, c, context.Background(), "/x")
		if err != nil {
			t.Fatalf("after two hang-ups: %v", err)
		}
		closeBody(resp)
		if calls.Load() != 3 || len(rec.got()) != 2 {
			t.Errorf("attempts = %d, waits = %d; want 3 and 2", calls.Load(), len(rec.got()))
		}
	})
	t.Run("doer stub resets", func(t *testing.T) {
		t.Parallel()
		var calls atomic.Int32
		stub := doerFunc(func(r *http.Request) (*http.Response, error) {
			if calls.Add(1) < 3 {
				return nil, &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
			}
			return &http.Response{StatusCode: 200, Body: http.NoBody, Header: http.Header{}}, nil
		})
		c, rec := newTestClient(t, nil, testAPI, func(cfg *Config) { cfg.HTTPClient = stub })
		resp, err := get(t, c, context.Background(), "/x")
		if err != nil {
			t.Fatal(err)
		}
		closeBody(resp)
		if calls.Load() != 3 || len(rec.got()) != 2 {
			t.Errorf("attempts = %d, waits = %d; want 3 and 2", calls.Load(), len(rec.got()))
		}
	})
	t.Run("refused every time", func(t *testing.T) {
		t.Parallel()
		c, rec := newTestClient(t, nil, testAPI, func(cfg *Config) { cfg.BaseURL = "http://" + deadAddr(t) })
		_, err := get(t, c, context.Background(), "/x")
		var connErr *ConnError
		var opErr *net.OpError
		if !errors.As(err, &connErr) || !errors.As(err, &opErr) || connErr.Permanent {
			t.Fatalf("error = %v, want a retryable *ConnError wrapping *net.OpError", err)
		}
		if cdpkit.StatusCode(err) != 0 {
			t.Errorf("StatusCode = %d for a connection error, want 0", cdpkit.StatusCode(err))
		}
		if len(rec.got()) != DefaultMaxRetries {
			t.Errorf("waits = %d, want %d", len(rec.got()), DefaultMaxRetries)
		}
	})
}

func TestPermanentConnectionErrorsAreNotRetried(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
	}{
		{"unknown authority", x509.UnknownAuthorityError{}},
		{"wrong host name", x509.HostnameError{Host: "api.example.com", Certificate: &x509.Certificate{}}},
		{"refused redirect", fmt.Errorf("%w: test", errRedirectRefused)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var calls atomic.Int32
			stub := doerFunc(func(r *http.Request) (*http.Response, error) { calls.Add(1); return nil, tt.err })
			c, rec := newTestClient(t, nil, testAPI, func(cfg *Config) { cfg.HTTPClient = stub })
			_, err := get(t, c, context.Background(), "/x")
			var connErr *ConnError
			if !errors.As(err, &connErr) || !connErr.Permanent {
				t.Fatalf("error = %v, want a permanent *ConnError", err)
			}
			if calls.Load() != 1 || len(rec.got()) != 0 {
				t.Errorf("attempts = %d, waits = %d; want 1 and 0", calls.Load(), len(rec.got()))
			}
		})
	}
}

// TestCancelDuringBackoffReturnsPromptly uses the real timer: the client is
// in a 10 s wait when the context is cancelled, and must return within 50ms.
func TestCancelDuringBackoffReturnsPromptly(t *testing.T) {
	t.Parallel()
	srv, h := serve(t, 503)
	c, _ := newTestClient(t, srv, testAPI, func(cfg *Config) { cfg.BackoffBase, cfg.BackoffMax = 10*time.Second, 10*time.Second })
	c.randFloat = func() float64 { return 0.99 }
	waiting := make(chan time.Duration, 1)
	c.sleep = func(ctx context.Context, d time.Duration) error {
		waiting <- d
		return sleepCtx(ctx, d)
	}
	ctx, cancel := context.WithCancel(context.Background())
	type result struct {
		err error
		at  time.Time
	}
	done := make(chan result, 1)
	go func() {
		_, err := get(t, c, ctx, "/x")
		done <- result{err, time.Now()}
	}()
	if d := <-waiting; d != 9900*time.Millisecond {
		t.Errorf("waiting %s, want 9.9s", d)
	}
	time.Sleep(10 * time.Millisecond) // let the timer's select start
	cancelled := time.Now()
	cancel()
	var r result
	select {
	case r = <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Do did not return after cancel")
	}
	if lag := r.at.Sub(cancelled); lag > 50*time.Millisecond {
		t.Errorf("returned %s after cancel, want < 50ms", lag)
	}
	if !errors.Is(r.err, context.Canceled) {
		t.Errorf("error = %v, want one wrapping context.Canceled", r.err)
	}
	var apiErr *Error
	if !errors.As(r.err, &apiErr) || apiErr.StatusCode != 503 {
		t.Errorf("error = %v, want the last 503 still reachable", r.err)
	}
	if h.calls.Load() != 1 {
		t.Errorf("attempts = %d, want 1", h.calls.Load())
	}
}

func TestContextEndingStopsRetries(t *testing.T) {
	t.Parallel()
	custom := errors.New("shutting down")
	tests := []struct {
		name      string
		ctx       func() (context.Context, context.CancelFunc)
		wantIs    []error
		wantCalls int32
	}{
		{"already cancelled", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx, cancel
		}, []error{context.Canceled}, 0},
		{"cancelled with a cause", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancelCause(context.Background())
			return ctx, func() { cancel(custom) }
		}, []error{context.Canceled, custom}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, h := serve(t, 503)
			c, _ := newTestClient(t, srv, testAPI, nil)
			ctx, cancel := tt.ctx()
			defer cancel()
			// The wait "starts", then the context ends during it.
			c.sleep = func(ctx context.Context, d time.Duration) error { cancel(); return sleepCtx(ctx, time.Hour) }
			_, err := get(t, c, ctx, "/x")
			for _, want := range tt.wantIs {
				if !errors.Is(err, want) {
					t.Errorf("error = %v, want errors.Is %v", err, want)
				}
			}
			if h.calls.Load() != tt.wantCalls {
				t.Errorf("attempts = %d, want %d", h.calls.Load(), tt.wantCalls)
			}
		})
	}
}

func TestTransportErrorAfterCancelIsNotRetried(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var calls atomic.Int32
	stub := doerFunc(func(r *http.Request) (*http.Response, error) {
		calls.Add(1)
		cancel() // the caller gives up while the request is in flight
		return nil, r.Context().Err()
	})
	c, rec := newTestClient(t, nil, testAPI, func(cfg *Config) { cfg.HTTPClient = stub })
	_, err := get(t, c, ctx, "/x")
	if !errors.Is(err, context.Canceled) || calls.Load() != 1 || len(rec.got()) != 0 {
		t.Errorf("error = %v after %d attempts and %d waits; want context.Canceled after 1 and 0", err, calls.Load(), len(rec.got()))
	}
}

// TestWaitPastDeadlineIsSkipped: when the next wait would outlast the
// caller's deadline, the server's answer is returned at once instead of
// sleeping into "context deadline exceeded".
func TestWaitPastDeadlineIsSkipped(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		header    http.Header
		timeout   time.Duration
		wantCalls int32
	}{
		{"Retry-After beyond deadline", http.Header{"Retry-After": {"30"}}, 2 * time.Second, 1},
		{"Retry-After within deadline", http.Header{"Retry-After": {"1"}}, time.Minute, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := &scripted{statuses: []int{429, 429}, headers: []http.Header{tt.header, tt.header}}
			srv := httptest.NewServer(h)
			defer srv.Close()
			c, _ := newTestClient(t, srv, testAPI, func(cfg *Config) { cfg.MaxRetries = 1 })
			ctx, cancel := context.WithTimeout(context.Background(), tt.timeout)
			defer cancel()
			_, err := get(t, c, ctx, "/x")
			if !cdpkit.IsRateLimited(err) || errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("error = %v, want the plain 429", err)
			}
			if h.calls.Load() != tt.wantCalls {
				t.Errorf("attempts = %d, want %d", h.calls.Load(), tt.wantCalls)
			}
		})
	}
}

// TestRealTimingWithSmallBackoff runs the real timer end to end.
func TestRealTimingWithSmallBackoff(t *testing.T) {
	t.Parallel()
	srv, h := serve(t, 500, 500, 200)
	cfg := DefaultConfig()
	cfg.APIKey = NewSecret("k")
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
	closeBody(resp)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %s with millisecond backoff", d)
	}
	if h.calls.Load() != 3 {
		t.Errorf("attempts = %d, want 3", h.calls.Load())
	}
	// A real Retry-After of 20ms is waited for, at least.
	h2 := &scripted{statuses: []int{503, 200}, headers: []http.Header{{"Retry-After-Ms": {"20"}}}}
	srv2 := httptest.NewServer(h2)
	defer srv2.Close()
	cfg.BaseURL = srv2.URL
	c2, err := New(cfg, testAPI)
	if err != nil {
		t.Fatal(err)
	}
	start = time.Now()
	resp, err = get(t, c2, context.Background(), "/x")
	if err != nil {
		t.Fatal(err)
	}
	closeBody(resp)
	if d := time.Since(start); d < 20*time.Millisecond {
		t.Errorf("took %s, want at least the 20ms the server asked for", d)
	}
}

func TestWithoutRetriesSendsOnce(t *testing.T) {
	t.Parallel()
	srv, h := serve(t, 503, 200)
	c, _ := newTestClient(t, srv, testAPI, nil)
	_, err := get(t, c, WithoutRetries(context.Background()), "/x")
	if !cdpkit.IsServerError(err) || h.calls.Load() != 1 {
		t.Errorf("error = %v after %d attempts, want the 503 after exactly 1", err, h.calls.Load())
	}
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := timeNowForTest()
	tests := []struct {
		header http.Header
		want   time.Duration
	}{
		{http.Header{}, 0},
		{http.Header{"Retry-After": {" 5 "}}, 5 * time.Second},
		{http.Header{"Retry-After": {"1e12"}}, maxServerWait},
		{http.Header{"Retry-After": {"Inf"}}, maxServerWait},
		{http.Header{"Retry-After": {"NaN"}}, 0},
		{http.Header{"Retry-After": {"-5"}}, 0},
		{http.Header{"Retry-After-Ms": {"abc"}, "Retry-After": {"2"}}, 2 * time.Second},
		{http.Header{"Retry-After-Ms": {"0"}, "Retry-After": {"2"}}, 2 * time.Second},
		{http.Header{"Retry-After": {now.Add(100 * 365 * 24 * time.Hour).Format(http.TimeFormat)}}, maxServerWait},
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.header, now); got != tt.want {
			t.Errorf("parseRetryAfter(%v) = %s, want %s", tt.header, got, tt.want)
		}
	}
}
