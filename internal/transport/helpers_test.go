package transport

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var testAPI = API{
	Name:              "testapi",
	Authenticate:      BearerAuth,
	IdempotencyHeader: "Idempotency-Key",
}

// sleepRecorder replaces real waiting with a record of the delays asked for.
type sleepRecorder struct {
	mu     sync.Mutex
	delays []time.Duration
}

func (s *sleepRecorder) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.delays = append(s.delays, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleepRecorder) got() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.delays...)
}

// newTestClient builds a client for baseURL with delays recorded, not slept.
func newTestClient(t testing.TB, srv *httptest.Server, api API, mutate func(*Config)) (*Client, *sleepRecorder) {
	t.Helper()
	cfg := DefaultConfig()
	cfg.APIKey = NewSecret("sk_test")
	if srv != nil {
		cfg.BaseURL = srv.URL
	} else {
		cfg.BaseURL = "https://api.example.com"
	}
	if mutate != nil {
		mutate(cfg)
	}
	c, err := New(cfg, api)
	if err != nil {
		t.Fatal(err)
	}
	rec := &sleepRecorder{}
	c.sleep = rec.sleep
	return c, rec
}

// scripted answers each request with the next status (the last repeats),
// the matching headers if any, and a small JSON body.
type scripted struct {
	statuses []int
	headers  []http.Header
	calls    atomic.Int32
	seen     chan *http.Request
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := int(s.calls.Add(1)) - 1
	if s.seen != nil {
		s.seen <- r.Clone(context.Background())
	}
	i := min(n, len(s.statuses)-1)
	if i < len(s.headers) {
		for k, v := range s.headers[i] {
			w.Header()[k] = v
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(s.statuses[i])
	_, _ = w.Write([]byte(`{"message":"scripted"}`))
}

// serve starts a scripted server that is closed with the test.
func serve(t testing.TB, statuses ...int) (*httptest.Server, *scripted) {
	t.Helper()
	h := &scripted{statuses: statuses}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, h
}

func get(t testing.TB, c *Client, ctx context.Context, path string) (*http.Response, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.BaseURL()+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c.Do(req)
}

// closeBody closes the body of a successful response.
func closeBody(resp *http.Response) {
	if resp != nil {
		_ = resp.Body.Close()
	}
}

type doerFunc func(*http.Request) (*http.Response, error)

func (f doerFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

// deadAddr returns a loopback address nothing listens on, so every dial is
// refused at once.
func deadAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return addr
}

func timeNowForTest() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }

func durations(ds ...time.Duration) []time.Duration { return ds }
