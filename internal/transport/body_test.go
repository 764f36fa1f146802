package transport

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/cdpkit/cdpkit"
)

func TestNonReplayableBody(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		statuses   []int
		maxRetries int
		wantErr    bool
		wantJoined bool // ErrBodyNotReplayable joined to the error
	}{
		{"retryable failure is not retried", []int{503, 200}, 2, true, true},
		{"429 is not retried", []int{429, 200}, 2, true, true},
		{"final failure is not flagged", []int{404}, 2, true, false},
		{"retries disabled is not flagged", []int{503}, 0, true, false},
		{"success is untouched", []int{200}, 2, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, h := serve(t, tt.statuses...)
			c, rec := newTestClient(t, srv, testAPI, func(cfg *Config) { cfg.MaxRetries = tt.maxRetries })
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/upload", io.NopCloser(strings.NewReader("streamed")))
			if req.GetBody != nil {
				t.Fatal("test needs a request without GetBody")
			}
			resp, err := c.Do(req)
			closeBody(resp)
			if (err != nil) != tt.wantErr || errors.Is(err, ErrBodyNotReplayable) != tt.wantJoined {
				t.Fatalf("error = %v; want error %t, ErrBodyNotReplayable %t", err, tt.wantErr, tt.wantJoined)
			}
			if err != nil {
				var apiErr *Error
				if !errors.As(err, &apiErr) || apiErr.StatusCode != tt.statuses[0] {
					t.Errorf("error = %v, want the %d reachable with errors.As", err, tt.statuses[0])
				}
			}
			if h.calls.Load() != 1 || len(rec.got()) != 0 {
				t.Errorf("attempts = %d, waits = %d; want exactly 1 and 0", h.calls.Load(), len(rec.got()))
			}
		})
	}
	t.Run("connection error is not retried", func(t *testing.T) {
		t.Parallel()
		var calls atomic.Int32
		stub := doerFunc(func(r *http.Request) (*http.Response, error) {
			calls.Add(1)
			return nil, &net.OpError{Op: "write", Net: "tcp", Err: errors.New("broken pipe")}
		})
		c, _ := newTestClient(t, nil, testAPI, func(cfg *Config) { cfg.HTTPClient = stub })
		req, _ := http.NewRequest(http.MethodPost, c.BaseURL()+"/upload", io.NopCloser(strings.NewReader("streamed")))
		_, err := c.Do(req)
		var connErr *ConnError
		if !errors.Is(err, ErrBodyNotReplayable) || !errors.As(err, &connErr) || calls.Load() != 1 {
			t.Errorf("error = %v after %d attempts, want *ConnError + ErrBodyNotReplayable after 1", err, calls.Load())
		}
	})
}

func TestReplayableBodyIsResentIdentically(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		req  func(url string) *http.Request
	}{
		{"bytes reader", func(url string) *http.Request {
			r, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader([]byte(`{"a":1}`)))
			return r
		}},
		{"custom GetBody", func(url string) *http.Request {
			r, _ := http.NewRequest(http.MethodPost, url, io.NopCloser(strings.NewReader(`{"a":1}`)))
			r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(`{"a":1}`)), nil }
			return r
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
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
			resp, err := c.Do(tt.req(srv.URL + "/x"))
			if err != nil {
				t.Fatal(err)
			}
			closeBody(resp)
			mu.Lock()
			defer mu.Unlock()
			if len(bodies) != 3 || bodies[0] != `{"a":1}` || bodies[1] != bodies[0] || bodies[2] != bodies[0] {
				t.Errorf("bodies = %q, want the same body three times", bodies)
			}
		})
	}
}

func TestRewindFailureIsReported(t *testing.T) {
	t.Parallel()
	srv, h := serve(t, 503, 200)
	c, _ := newTestClient(t, srv, testAPI, nil)
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/x", strings.NewReader("x"))
	boom := errors.New("file gone")
	req.GetBody = func() (io.ReadCloser, error) { return nil, boom }
	_, err := c.Do(req)
	if !errors.Is(err, boom) || !cdpkit.IsServerError(err) || !strings.Contains(err.Error(), "rewind") || h.calls.Load() != 1 {
		t.Errorf("error = %v after %d attempts, want the rewind failure after 1", err, h.calls.Load())
	}
}

func TestResponseBodyIsCapped(t *testing.T) {
	t.Parallel()
	payload := strings.Repeat("x", 1000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, payload) }))
	t.Cleanup(srv.Close) // outlives the parallel subtests
	tests := []struct {
		limit   int64
		wantErr bool
	}{{1, true}, {999, true}, {1000, false}, {1001, false}, {4096, false}}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.limit), func(t *testing.T) {
			t.Parallel()
			c, _ := newTestClient(t, srv, testAPI, func(cfg *Config) { cfg.MaxResponseBytes = tt.limit })
			resp, err := get(t, c, context.Background(), "/big")
			if err != nil {
				t.Fatal(err)
			}
			defer closeBody(resp)
			b, err := io.ReadAll(resp.Body)
			if (err != nil) != tt.wantErr {
				t.Fatalf("read error = %v, want error %t", err, tt.wantErr)
			}
			if err != nil {
				if !strings.Contains(err.Error(), fmt.Sprintf("%d bytes", tt.limit)) || !strings.Contains(err.Error(), "WithMaxResponseBytes") {
					t.Errorf("error %q should name the limit and the option", err)
				}
				if int64(len(b)) != tt.limit {
					t.Errorf("read %d bytes before the error, want %d", len(b), tt.limit)
				}
				if _, again := resp.Body.Read(make([]byte, 10)); again == nil {
					t.Error("a second read past the cap succeeded")
				}
				return
			}
			if string(b) != payload {
				t.Errorf("read %d bytes, want %d", len(b), len(payload))
			}
		})
	}
}

func TestErrorBodyIsCappedAt64KiB(t *testing.T) {
	t.Parallel()
	big := `{"message":"too big"}` + strings.Repeat(" ", 200<<10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, big)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, testAPI, nil)
	_, err := get(t, c, context.Background(), "/x")
	var apiErr *Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("error = %v, want *Error", err)
	}
	if len(apiErr.Body) != 64<<10 {
		t.Errorf("len(Body) = %d, want %d", len(apiErr.Body), 64<<10)
	}
}

// TestDiscardedResponsesAreDrained: a retried error answer is read and
// closed, so every attempt reuses one keep-alive connection.
func TestDiscardedResponsesAreDrained(t *testing.T) {
	t.Parallel()
	h := &scripted{statuses: []int{503, 502, 500, 200}}
	srv := httptest.NewUnstartedServer(h)
	var conns atomic.Int32
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	c, _ := newTestClient(t, srv, testAPI, func(cfg *Config) { cfg.MaxRetries = 3 })
	resp, err := get(t, c, context.Background(), "/x")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	closeBody(resp)
	if h.calls.Load() != 4 || conns.Load() != 1 {
		t.Errorf("%d attempts over %d connections, want 4 over 1", h.calls.Load(), conns.Load())
	}
}

func TestOddDoerAnswers(t *testing.T) {
	t.Parallel()
	t.Run("nil body on success", func(t *testing.T) {
		t.Parallel()
		stub := doerFunc(func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 204, Header: http.Header{}}, nil
		})
		c, _ := newTestClient(t, nil, testAPI, func(cfg *Config) { cfg.HTTPClient = stub })
		resp, err := get(t, c, context.Background(), "/x")
		if err != nil {
			t.Fatal(err)
		}
		if b, err := io.ReadAll(resp.Body); err != nil || len(b) != 0 {
			t.Errorf("body = %q, %v; want empty", b, err)
		}
		closeBody(resp)
	})
	t.Run("neither response nor error", func(t *testing.T) {
		t.Parallel()
		stub := doerFunc(func(r *http.Request) (*http.Response, error) { return nil, nil })
		c, _ := newTestClient(t, nil, testAPI, func(cfg *Config) { cfg.HTTPClient = stub; cfg.MaxRetries = 0 })
		if _, err := get(t, c, context.Background(), "/x"); err == nil {
			t.Error("want an error")
		}
	})
	t.Run("response and error", func(t *testing.T) {
		t.Parallel()
		body := &closeTracker{Reader: strings.NewReader("x")}
		stub := doerFunc(func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 302, Body: body, Header: http.Header{}}, errors.New("stopped")
		})
		c, _ := newTestClient(t, nil, testAPI, func(cfg *Config) { cfg.HTTPClient = stub; cfg.MaxRetries = 0 })
		if _, err := get(t, c, context.Background(), "/x"); err == nil || !body.closed.Load() {
			t.Errorf("error = %v, body closed = %t; want an error and the body closed", err, body.closed.Load())
		}
	})
	t.Run("nil request", func(t *testing.T) {
		t.Parallel()
		c, _ := newTestClient(t, nil, testAPI, nil)
		if _, err := c.Do(nil); err == nil {
			t.Error("want an error")
		}
	})
}

type closeTracker struct {
	io.Reader
	closed atomic.Bool
}

func (c *closeTracker) Close() error { c.closed.Store(true); return nil }
