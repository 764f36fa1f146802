package transport

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestIdempotencyKey(t *testing.T) {
	t.Parallel()
	hex32 := regexp.MustCompile(`^[0-9a-f]{32}$`)
	tests := []struct {
		name    string
		method  string
		preset  string
		wantKey bool
	}{
		{"post gets a fresh key", http.MethodPost, "", true},
		{"put gets a fresh key", http.MethodPut, "", true},
		{"delete gets a fresh key", http.MethodDelete, "", true},
		{"caller's key is kept", http.MethodPost, "caller-chosen", true},
		{"get gets none", http.MethodGet, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := &scripted{statuses: []int{500, 503, 200}, seen: make(chan *http.Request, 3)}
			srv := httptest.NewServer(h)
			defer srv.Close()
			c, _ := newTestClient(t, srv, testAPI, nil)
			req, _ := http.NewRequest(tt.method, srv.URL+"/x", bytes.NewReader([]byte("{}")))
			if tt.preset != "" {
				req.Header.Set("Idempotency-Key", tt.preset)
			}
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			close(h.seen)
			var keys []string
			for r := range h.seen {
				keys = append(keys, r.Header.Get("Idempotency-Key"))
			}
			if len(keys) != 3 {
				t.Fatalf("attempts = %d, want 3", len(keys))
			}
			for _, k := range keys {
				if k != keys[0] {
					t.Errorf("keys differ across retries: %q", keys)
				}
			}
			switch {
			case !tt.wantKey && keys[0] != "":
				t.Errorf("key = %q, want none on %s", keys[0], tt.method)
			case tt.preset != "" && keys[0] != tt.preset:
				t.Errorf("key = %q, want the caller's %q", keys[0], tt.preset)
			case tt.wantKey && tt.preset == "" && !hex32.MatchString(keys[0]):
				t.Errorf("key = %q, want 32 lowercase hex characters", keys[0])
			}
		})
	}
}

func TestBaseURLMustBeHTTPSUnlessLoopback(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url string
		ok  bool
	}{
		{"https://api.usermost.com", true},
		{"https://api.usermost.com/base/", true},
		{"http://127.0.0.1:8080", true},
		{"http://127.5.6.7", true},
		{"http://localhost:3000", true},
		{"http://[::1]:9000", true},
		{"http://example.com", false},
		{"http://10.0.0.1", false},
		{"ftp://example.com", false},
		{"api.usermost.com", false},
		{"://bad", false},
		{"", false},
	}
	for _, tt := range tests {
		cfg := DefaultConfig()
		cfg.APIKey = "k"
		cfg.BaseURL = tt.url
		api := testAPI
		api.DefaultBaseURL = "" // so "" is rejected too
		_, err := New(cfg, api)
		if (err == nil) != tt.ok {
			t.Errorf("New with base URL %q: error = %v, want ok=%t", tt.url, err, tt.ok)
		}
		if err != nil && !strings.Contains(err.Error(), "https") {
			t.Errorf("error for %q does not say how to fix it: %v", tt.url, err)
		}
	}
}

func TestRequestToPlainHTTPHostIsRefused(t *testing.T) {
	t.Parallel()
	cfg := DefaultConfig()
	cfg.APIKey = "k"
	cfg.BaseURL = "https://api.example.com"
	sent := false
	cfg.HTTPClient = doerFunc(func(*http.Request) (*http.Response, error) { sent = true; return nil, errors.New("unreachable") })
	c, err := New(cfg, testAPI)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, "http://api.example.com/x", nil)
	if _, err := c.Do(req); err == nil || !strings.Contains(err.Error(), "https") {
		t.Errorf("error = %v, want a refusal mentioning https", err)
	}
	if sent {
		t.Error("the request was sent")
	}
}

type doerFunc func(*http.Request) (*http.Response, error)

func (f doerFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

func TestMissingKeyIsAnError(t *testing.T) {
	t.Parallel()
	cfg := DefaultConfig()
	cfg.BaseURL = "https://api.example.com"
	if _, err := New(cfg, testAPI); err == nil || !strings.Contains(err.Error(), "WithAPIKey") {
		t.Errorf("error = %v, want one naming option.WithAPIKey", err)
	}
}

func TestResponseBodyIsCapped(t *testing.T) {
	t.Parallel()
	payload := strings.Repeat("x", 1000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, payload) }))
	defer srv.Close()
	tests := []struct {
		limit   int64
		wantErr bool
	}{{999, true}, {1000, false}, {4096, false}}
	for _, tt := range tests {
		c, _ := newTestClient(t, srv, testAPI, func(cfg *Config) { cfg.MaxResponseBytes = tt.limit })
		resp, err := get(t, c, context.Background(), "/big")
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if (err != nil) != tt.wantErr {
			t.Errorf("limit %d: read error = %v, want error %t", tt.limit, err, tt.wantErr)
		}
		if err != nil && !strings.Contains(err.Error(), fmt.Sprint(tt.limit)) {
			t.Errorf("limit %d: error %q should name the limit", tt.limit, err)
		}
		if !tt.wantErr && len(b) != len(payload) {
			t.Errorf("limit %d: read %d bytes, want %d", tt.limit, len(b), len(payload))
		}
	}
}

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
		io.WriteString(w, `{"ok":true}`)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, testAPI, func(cfg *Config) { cfg.RequestTimeout = 100 * time.Millisecond })
	resp, err := get(t, c, context.Background(), "/slow")
	if err != nil {
		t.Fatalf("second attempt should succeed: %v", err)
	}
	defer resp.Body.Close()
	// The body must stay readable after Do returns: the attempt's timeout
	// is released on Close, not before.
	b, err := io.ReadAll(resp.Body)
	if err != nil || string(b) != `{"ok":true}` {
		t.Errorf("body = %q, %v", b, err)
	}
}

func TestUserAgent(t *testing.T) {
	t.Parallel()
	h := &scripted{statuses: []int{200}, seen: make(chan *http.Request, 1)}
	srv := httptest.NewServer(h)
	defer srv.Close()
	c, _ := newTestClient(t, srv, testAPI, func(cfg *Config) { cfg.UserAgent = "myapp/1.2" })
	resp, err := get(t, c, context.Background(), "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	ua := (<-h.seen).Header.Get("User-Agent")
	want := fmt.Sprintf("cdpkit-go/%s (testapi; %s; %s/%s) myapp/1.2", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if ua != want {
		t.Errorf("User-Agent = %q, want %q", ua, want)
	}
}

func TestErrorDecodingAndHelpers(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "req-123")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"code":"not_found","message":"no such user"}`)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, testAPI, nil)
	_, err := get(t, c, context.Background(), "/users/42?token=abc")
	var apiErr *Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("error = %v, want *Error", err)
	}
	if apiErr.Code != "not_found" || apiErr.Message != "no such user" || apiErr.RequestID != "req-123" || apiErr.Method != "GET" {
		t.Errorf("decoded = %+v", apiErr)
	}
	if strings.Contains(apiErr.URL, "abc") {
		t.Errorf("URL %q shows a secret query value", apiErr.URL)
	}
	want := "testapi: GET " + srv.URL + "/users/42?token=%5BREDACTED%5D: 404 Not Found: no such user (code not_found) (request id req-123)"
	if err.Error() != want {
		t.Errorf("Error() = %q\nwant      %q", err.Error(), want)
	}
	checks := map[string]func(error) bool{"IsNotFound": IsNotFound}
	for name, f := range checks {
		if !f(err) {
			t.Errorf("%s = false", name)
		}
	}
	for name, f := range map[string]func(error) bool{"IsUnauthorized": IsUnauthorized, "IsForbidden": IsForbidden, "IsBadRequest": IsBadRequest, "IsConflict": IsConflict, "IsRateLimited": IsRateLimited, "IsServerError": IsServerError} {
		if f(err) {
			t.Errorf("%s = true for a 404", name)
		}
	}
	if StatusCode(fmt.Errorf("wrapped: %w", err)) != 404 || StatusCode(errors.New("plain")) != 0 {
		t.Error("StatusCode does not see through wrapping")
	}
}

func TestStatusHelpers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status int
		f      func(error) bool
	}{
		{400, IsBadRequest}, {401, IsUnauthorized}, {403, IsForbidden}, {404, IsNotFound},
		{409, IsConflict}, {429, IsRateLimited}, {500, IsServerError}, {503, IsServerError},
	}
	for _, tt := range tests {
		err := fmt.Errorf("ctx: %w", &Error{StatusCode: tt.status})
		if !tt.f(err) {
			t.Errorf("helper for %d returned false", tt.status)
		}
		if tt.f(&Error{StatusCode: 200}) {
			t.Errorf("helper for %d returned true for 200", tt.status)
		}
	}
}

func TestAuthSchemes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		auth   func(http.Header, Secret)
		header string
		want   string
	}{
		{"bearer", BearerAuth, "Authorization", "Bearer k1"},
		{"token", TokenAuth, "Authorization", "Token k1"},
		{"header", HeaderAuth("ApiKey"), "ApiKey", "k1"},
		{"basic password", BasicAuthPassword, "Authorization", "Basic Omsx"},
	}
	for _, tt := range tests {
		h := http.Header{}
		tt.auth(h, "k1")
		if got := h.Get(tt.header); got != tt.want {
			t.Errorf("%s: %s = %q, want %q", tt.name, tt.header, got, tt.want)
		}
	}
}

func TestSettingsForAnotherAPIAreRejected(t *testing.T) {
	t.Parallel()
	cfg := DefaultConfig()
	cfg.APIKey = "k"
	cfg.BaseURL = "https://api.example.com"
	cfg.APISetting("userpilot", func() any { return struct{}{} })
	_, err := New(cfg, testAPI)
	if err == nil || !strings.Contains(err.Error(), "userpilot.NewClient") {
		t.Errorf("error = %v, want one sending the option to userpilot.NewClient", err)
	}
	api := testAPI
	api.Name = "userpilot"
	if _, err := New(cfg, api); err != nil {
		t.Errorf("the owning API rejected its own settings: %v", err)
	}
}
