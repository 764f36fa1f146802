package transport

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"runtime"
	"testing"
)

// capture sends req through a fresh client and returns the request the
// server saw.
func capture(t *testing.T, api API, mutate func(*Config), build func(base string) *http.Request) *http.Request {
	t.Helper()
	h := &scripted{statuses: []int{200}, seen: make(chan *http.Request, 1)}
	srv := httptest.NewServer(h)
	defer srv.Close()
	c, _ := newTestClient(t, srv, api, mutate)
	resp, err := c.Do(build(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	closeBody(resp)
	return <-h.seen
}

func TestRequestHeaders(t *testing.T) {
	t.Parallel()
	ua := fmt.Sprintf("cdpkit-go/%s (testapi; %s; %s/%s)", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	tests := []struct {
		name   string
		mutate func(*Config)
		set    http.Header // on the caller's request
		want   http.Header // on the wire; "" means absent
	}{
		{"defaults", nil, nil, http.Header{
			"User-Agent": {ua}, "Accept": {"application/json"}, "Authorization": {"Bearer sk_test"},
		}},
		{"user agent suffix", func(c *Config) { c.UserAgent = "myapp/1.2" }, nil, http.Header{"User-Agent": {ua + " myapp/1.2"}}},
		{"caller's Accept kept", nil, http.Header{"Accept": {"text/csv"}}, http.Header{"Accept": {"text/csv"}}},
		{"configured headers added", func(c *Config) { c.Headers.Add("X-Trace", "t1"); c.Headers.Add("X-Trace", "t2") }, nil,
			http.Header{"X-Trace": {"t1", "t2"}}},
		{"caller's header beats configured", func(c *Config) { c.Headers.Set("X-Trace", "config") }, http.Header{"X-Trace": {"caller"}},
			http.Header{"X-Trace": {"caller"}}},
		{"auth always from the key", nil, http.Header{"Authorization": {"Bearer stale"}}, http.Header{"Authorization": {"Bearer sk_test"}}},
		{"caller's User-Agent replaced", nil, http.Header{"User-Agent": {"curl/8"}}, http.Header{"User-Agent": {ua}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var sent *http.Request
			got := capture(t, testAPI, tt.mutate, func(base string) *http.Request {
				sent, _ = http.NewRequest(http.MethodGet, base+"/x", nil)
				for k, v := range tt.set {
					sent.Header[k] = v
				}
				return sent
			})
			for k, want := range tt.want {
				if g := got.Header.Values(k); fmt.Sprint(g) != fmt.Sprint(want) {
					t.Errorf("%s = %q, want %q", k, g, want)
				}
			}
			// The caller's request is left as it was.
			if len(sent.Header) != len(tt.set) {
				t.Errorf("caller's request headers changed: %v", sent.Header)
			}
		})
	}
}

func TestIdempotencyKey(t *testing.T) {
	t.Parallel()
	hex32 := regexp.MustCompile(`^[0-9a-f]{32}$`)
	tests := []struct {
		name    string
		method  string
		preset  string
		newKey  func() string
		wantKey string // "hex" means a fresh 32-hex key
	}{
		{"post gets a fresh key", http.MethodPost, "", nil, "hex"},
		{"put gets a fresh key", http.MethodPut, "", nil, "hex"},
		{"patch gets a fresh key", http.MethodPatch, "", nil, "hex"},
		{"delete gets a fresh key", http.MethodDelete, "", nil, "hex"},
		{"caller's key is kept", http.MethodPost, "caller-chosen", nil, "caller-chosen"},
		{"API's key maker is used", http.MethodPost, "", func() string { return "made-by-api" }, "made-by-api"},
		{"get gets none", http.MethodGet, "", nil, ""},
		{"head gets none", http.MethodHead, "", nil, ""},
		{"options gets none", http.MethodOptions, "", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := &scripted{statuses: []int{500, 503, 200}, seen: make(chan *http.Request, 3)}
			srv := httptest.NewServer(h)
			defer srv.Close()
			api := testAPI
			api.NewIdempotencyKey = tt.newKey
			c, _ := newTestClient(t, srv, api, nil)
			req, _ := http.NewRequest(tt.method, srv.URL+"/x", bytes.NewReader([]byte("{}")))
			if tt.preset != "" {
				req.Header.Set("Idempotency-Key", tt.preset)
			}
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			closeBody(resp)
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
			switch tt.wantKey {
			case "hex":
				if !hex32.MatchString(keys[0]) {
					t.Errorf("key = %q, want 32 lowercase hex characters", keys[0])
				}
			default:
				if keys[0] != tt.wantKey {
					t.Errorf("key = %q, want %q", keys[0], tt.wantKey)
				}
			}
		})
	}
	t.Run("fresh per call", func(t *testing.T) {
		t.Parallel()
		seen := map[string]bool{}
		for range 5 {
			got := capture(t, testAPI, nil, func(base string) *http.Request {
				r, _ := http.NewRequest(http.MethodPost, base+"/x", nil)
				return r
			})
			seen[got.Header.Get("Idempotency-Key")] = true
		}
		if len(seen) != 5 {
			t.Errorf("5 calls got %d distinct keys", len(seen))
		}
	})
	t.Run("no header when the API has none", func(t *testing.T) {
		t.Parallel()
		api := testAPI
		api.IdempotencyHeader = ""
		got := capture(t, api, nil, func(base string) *http.Request {
			r, _ := http.NewRequest(http.MethodPost, base+"/x", nil)
			return r
		})
		if v := got.Header.Get("Idempotency-Key"); v != "" {
			t.Errorf("Idempotency-Key = %q, want none", v)
		}
	})
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
		{"basic password", BasicAuthPassword, "Authorization", "Basic Omsx"}, // base64(":k1")
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := http.Header{}
			tt.auth(h, NewSecret("k1"))
			if got := h.Get(tt.header); got != tt.want {
				t.Errorf("%s = %q, want %q", tt.header, got, tt.want)
			}
			api := testAPI
			api.Authenticate = tt.auth
			sent := capture(t, api, func(c *Config) { c.APIKey = NewSecret("k1") }, func(base string) *http.Request {
				r, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, base+"/x", nil)
				return r
			})
			if got := sent.Header.Get(tt.header); got != tt.want {
				t.Errorf("on the wire %s = %q, want %q", tt.header, got, tt.want)
			}
		})
	}
}

func TestUserAgentFormat(t *testing.T) {
	t.Parallel()
	re := regexp.MustCompile(`^cdpkit-go/0\.1\.0 \(usermost; go1\.\d+(\.\d+)?[^;]*; [a-z0-9]+/[a-z0-9]+\)( .+)?$`)
	for _, suffix := range []string{"", "myapp/1.2"} {
		ua := userAgent("usermost", suffix)
		if !re.MatchString(ua) {
			t.Errorf("User-Agent %q does not match %s", ua, re)
		}
		if suffix != "" && ua[len(ua)-len(suffix)-1:] != " "+suffix {
			t.Errorf("User-Agent %q does not end with the suffix", ua)
		}
	}
}
