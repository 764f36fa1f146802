package transport

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeTimer is a timer the test fires by hand.
type fakeTimer struct {
	d      time.Duration
	f      func()
	mu     sync.Mutex
	done   bool
	resets int
}

func (t *fakeTimer) Stop() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	was := !t.done
	t.done = true
	return was
}

func (t *fakeTimer) Reset(time.Duration) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.resets++
	return !t.done
}

// fire runs the timer's function unless it was stopped.
func (t *fakeTimer) fire() {
	t.mu.Lock()
	live := !t.done
	t.done = true
	t.mu.Unlock()
	if live {
		t.f()
	}
}

// fakeClock hands out fakeTimers and announces each.
type fakeClock struct{ made chan *fakeTimer }

func newFakeClock() *fakeClock { return &fakeClock{made: make(chan *fakeTimer, 64)} }

func (c *fakeClock) newTimer(d time.Duration, f func()) timer {
	t := &fakeTimer{d: d, f: f}
	c.made <- t
	return t
}

// await returns the next timer created with duration d, skipping others.
func (c *fakeClock) await(t *testing.T, d time.Duration) *fakeTimer {
	t.Helper()
	for {
		select {
		case ft := <-c.made:
			if ft.d == d {
				return ft
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("no timer of %s was started", d)
		}
	}
}

// blackHole accepts requests and never answers until the client leaves.
func blackHole(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		<-r.Context().Done()
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestDefaultsEndACallThatWouldHangForever is defect 8: with
// context.Background() and the default config, a server that never answers
// is given up on after the response-header timeout, per attempt.
func TestDefaultsEndACallThatWouldHangForever(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	c, _ := newTestClient(t, blackHole(t), testAPI, func(cfg *Config) { cfg.MaxRetries = 1 })
	c.newTimer = clock.newTimer
	done := make(chan error, 1)
	go func() {
		_, err := get(t, c, context.Background(), "/hang")
		done <- err
	}()
	for range 2 { // both attempts
		clock.await(t, DefaultResponseHeaderTimeout).fire()
	}
	err := <-done
	var te *TimeoutError
	var connErr *ConnError
	if !errors.As(err, &te) || te.Phase != phaseHeaders || !errors.As(err, &connErr) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want a ConnError caused by the response-header timeout", err)
	}
	if !strings.Contains(err.Error(), "no response headers within 30s") || !strings.Contains(err.Error(), "option.WithResponseHeaderTimeout") {
		t.Errorf("err = %q, want it to name the bound and the option", err)
	}
}

func TestRequestTimeoutBoundsAStalledBody(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100")
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, `{"partial":`)
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	defer srv.Close()
	clock := newFakeClock()
	c, _ := newTestClient(t, srv, testAPI, nil)
	c.newTimer = clock.newTimer
	resp, err := get(t, c, context.Background(), "/stall")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	clock.await(t, DefaultRequestTimeout).fire()
	_, err = io.ReadAll(resp.Body)
	var te *TimeoutError
	if !errors.As(err, &te) || te.Phase != phaseAttempt || !strings.Contains(err.Error(), "option.WithRequestTimeout") {
		t.Fatalf("read error = %v, want the attempt timeout named", err)
	}
}

// TestStreamingIsBoundedByProgressNotTotalTime: a download marked
// Streaming gets no total bound, and every chunk read restarts the idle
// bound; when the bytes stop, the idle bound ends it.
func TestStreamingIsBoundedByProgressNotTotalTime(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
		for range 3 {
			_, _ = io.WriteString(w, "chunk\n")
			w.(http.Flusher).Flush()
			<-release
		}
		<-r.Context().Done()
	}))
	defer srv.Close()
	clock := newFakeClock()
	c, _ := newTestClient(t, srv, testAPI, nil)
	c.newTimer = clock.newTimer
	req, _ := http.NewRequestWithContext(Streaming(context.Background()), http.MethodGet, c.BaseURL()+"/export", nil)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	idle := clock.await(t, DefaultStreamIdleTimeout)
	buf := make([]byte, 6)
	for range 3 {
		if _, err := io.ReadFull(resp.Body, buf); err != nil {
			t.Fatal(err)
		}
		release <- struct{}{}
	}
	idle.mu.Lock()
	resets := idle.resets
	idle.mu.Unlock()
	if resets < 3 {
		t.Errorf("idle bound restarted %d times for 3 chunks", resets)
	}
	select {
	case ft := <-clock.made:
		if ft.d == DefaultRequestTimeout {
			t.Error("a streaming attempt got a total time bound")
		}
	default:
	}
	idle.fire()
	_, err = io.ReadAll(resp.Body)
	var te *TimeoutError
	if !errors.As(err, &te) || te.Phase != phaseIdle {
		t.Fatalf("read error = %v, want the idle bound", err)
	}
}

func TestWhichRequestsStream(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	mk := func(body io.Reader, length int64, replayable bool) *http.Request {
		r, _ := http.NewRequest(http.MethodPost, "https://x", body)
		if body != nil {
			r.ContentLength = length
			if !replayable {
				r.GetBody = nil
			}
		}
		return r
	}
	small := strings.NewReader("{}")
	tests := []struct {
		name string
		ctx  context.Context
		req  *http.Request
		want bool
	}{
		{"no body", ctx, mk(nil, 0, true), false},
		{"small replayable", ctx, mk(small, 2, true), false},
		{"exactly the threshold", ctx, mk(small, streamingBodySize, true), false},
		{"over the threshold", ctx, mk(small, streamingBodySize+1, true), true},
		{"unknown length", ctx, mk(small, 0, true), true},
		{"not replayable", ctx, mk(small, 2, false), true},
		{"marked", Streaming(ctx), mk(nil, 0, true), true},
	}
	for _, tt := range tests {
		if got := isStreaming(tt.ctx, tt.req); got != tt.want {
			t.Errorf("%s: streaming = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestHeaderBoundStartsWhenTheUploadEnds: a long upload is not cut off by
// the header bound; only the wait after its last byte is.
func TestHeaderBoundStartsWhenTheUploadEnds(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	c, _ := newTestClient(t, nil, testAPI, nil)
	c.newTimer = clock.newTimer
	r, _ := http.NewRequest(http.MethodPost, "https://x", io.NopCloser(strings.NewReader("data")))
	r.GetBody = nil
	actx, wd := c.newWatchdog(context.Background(), r)
	idle := clock.await(t, DefaultStreamIdleTimeout)
	body := &progressBody{rc: r.Body, w: wd, c: c}
	if _, err := io.ReadAll(body); err != nil {
		t.Fatal(err)
	}
	header := clock.await(t, DefaultResponseHeaderTimeout)
	if !idle.done {
		t.Error("the idle bound still runs after the upload ended")
	}
	header.fire()
	var te *TimeoutError
	if !errors.As(context.Cause(actx), &te) || te.Phase != phaseHeaders {
		t.Errorf("cause = %v", context.Cause(actx))
	}
	wd.stop()
}

func TestZeroDisablesEachBound(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	c, _ := newTestClient(t, nil, testAPI, func(cfg *Config) {
		cfg.RequestTimeout, cfg.ResponseHeaderTimeout, cfg.StreamIdleTimeout = 0, 0, 0
	})
	c.newTimer = clock.newTimer
	for _, ctx := range []context.Context{context.Background(), Streaming(context.Background())} {
		r, _ := http.NewRequest(http.MethodGet, "https://x", nil)
		_, wd := c.newWatchdog(ctx, r)
		wd.answered(c)
		wd.stop()
	}
	select {
	case ft := <-clock.made:
		t.Errorf("a timer of %s started with every bound disabled", ft.d)
	default:
	}
}

func TestTimeoutErrorWording(t *testing.T) {
	t.Parallel()
	for phase, want := range map[string]string{
		phaseAttempt: "longer than 1s (see option.WithRequestTimeout)",
		phaseHeaders: "no response headers within 1s",
		phaseIdle:    "no progress for 1s (see option.WithStreamIdleTimeout)",
	} {
		e := &TimeoutError{Phase: phase, Limit: time.Second}
		if !strings.Contains(e.Error(), want) || !e.Timeout() || !e.Temporary() || !errors.Is(e, context.DeadlineExceeded) {
			t.Errorf("%s: %q", phase, e.Error())
		}
	}
}
