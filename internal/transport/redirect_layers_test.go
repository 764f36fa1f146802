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

	"github.com/cdpkit/cdpkit"
)

// hop builds the request net/http hands to CheckRedirect for a redirect
// from https://api.example.com to target.
func hop(t *testing.T, method, target string, header http.Header, body string) (*http.Request, []*http.Request) {
	t.Helper()
	first, _ := http.NewRequest(method, "https://api.example.com/start", nil)
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	next, err := http.NewRequest(method, target, rd)
	if err != nil {
		t.Fatal(err)
	}
	next.Header = header.Clone()
	return next, []*http.Request{first}
}

// TestEachStrippingLayerWorksAlone gives every layer a header that only it
// catches: a name the API lists, the header the API's scheme sets, and a
// secret-looking name nobody listed. Disabling any one layer fails its row.
func TestEachStrippingLayerWorksAlone(t *testing.T) {
	t.Parallel()
	api := testAPI
	api.Authenticate = HeaderAuth("X-Tenant-Pin")  // scheme layer only
	api.SecretHeaders = []string{"X-Vendor-Stamp"} // listed layer only
	for _, h := range []string{"X-Tenant-Pin", "X-Vendor-Stamp", "X-Trace"} {
		if IsSecretName(h) {
			t.Fatalf("%s must not look secret by name, or this test proves nothing", h)
		}
	}
	c, _ := newTestClient(t, nil, api, nil)
	guard := c.redirectGuard(nil)
	header := http.Header{
		"X-Tenant-Pin":   {"pin"},
		"X-Vendor-Stamp": {"stamp"},
		"X-Partner-Key":  {"partner"}, // name layer only
		"X-Trace":        {"t-1"},
	}
	for _, tt := range []struct {
		target string
		kept   []string
		gone   []string
	}{
		{"https://other.example.com/landing", []string{"X-Trace"}, []string{"X-Tenant-Pin", "X-Vendor-Stamp", "X-Partner-Key"}},
		{"https://api.example.com/landing", []string{"X-Trace", "X-Tenant-Pin", "X-Vendor-Stamp", "X-Partner-Key"}, nil},
		// A port is part of the host: another port is another server.
		{"https://api.example.com:8443/landing", []string{"X-Trace"}, []string{"X-Tenant-Pin", "X-Vendor-Stamp", "X-Partner-Key"}},
	} {
		req, via := hop(t, http.MethodGet, tt.target, header, "")
		if err := guard(req, via); err != nil {
			t.Fatalf("%s: %v", tt.target, err)
		}
		for _, h := range tt.kept {
			if req.Header.Get(h) == "" {
				t.Errorf("%s: %s was stripped", tt.target, h)
			}
		}
		for _, h := range tt.gone {
			if v := req.Header.Get(h); v != "" {
				t.Errorf("%s: %s = %q followed the redirect", tt.target, h, v)
			}
		}
	}
}

func TestCallersCheckRedirectStillRuns(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t, nil, testAPI, nil)
	stop := errors.New("caller says stop")
	var sawKey atomic.Value
	guard := c.redirectGuard(func(req *http.Request, _ []*http.Request) error {
		sawKey.Store(req.Header.Get("X-Partner-Key"))
		return stop
	})
	req, via := hop(t, http.MethodGet, "https://other.example.com/x", http.Header{"X-Partner-Key": {"p"}}, "")
	if err := guard(req, via); !errors.Is(err, stop) {
		t.Fatalf("guard = %v, want the caller's own error", err)
	}
	if v, _ := sawKey.Load().(string); v != "" {
		t.Errorf("the caller's CheckRedirect saw X-Partner-Key = %q: it must run after stripping", v)
	}

	// End to end: a caller's client that refuses redirects keeps doing so.
	var landed atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/landing" {
			landed.Add(1)
			return
		}
		http.Redirect(w, r, "/landing", http.StatusFound)
	}))
	defer srv.Close()
	own := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	c2, _ := newTestClient(t, srv, testAPI, func(cfg *Config) { cfg.HTTPClient = own; cfg.MaxRetries = 0 })
	_, err := get(t, c2, context.Background(), "/start")
	if cdpkit.StatusCode(err) != http.StatusFound || landed.Load() != 0 {
		t.Errorf("err = %v, landed = %d: the caller's CheckRedirect (use the 302 as is) was ignored", err, landed.Load())
	}
}

// TestCrossHostRedirectNeverResendsABody: a 307 or 308 keeps the method and
// the body; if the body creates a credential, following it hands the
// password to whoever the Location names.
func TestCrossHostRedirectNeverResendsABody(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t, nil, testAPI, nil)
	guard := c.redirectGuard(nil)
	req, via := hop(t, http.MethodPost, "https://other.example.com/x", http.Header{}, `{"password":"pw"}`)
	if err := guard(req, via); !errors.Is(err, errRedirectRefused) {
		t.Errorf("cross-host redirect with a body: %v, want it refused", err)
	}
	req, via = hop(t, http.MethodPost, "https://api.example.com/x", http.Header{}, `{"password":"pw"}`)
	if err := guard(req, via); err != nil {
		t.Errorf("same-host redirect with a body: %v, want it followed", err)
	}
	req, via = hop(t, http.MethodGet, "https://other.example.com/x", http.Header{}, "")
	if err := guard(req, via); err != nil {
		t.Errorf("cross-host redirect without a body: %v, want it followed", err)
	}

	var received atomic.Value
	received.Store("")
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		received.Store(string(b))
	}))
	defer other.Close()
	target := strings.Replace(other.URL, "127.0.0.1", "localhost", 1)
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target+"/steal", http.StatusTemporaryRedirect)
	}))
	defer origin.Close()
	c2, _ := newTestClient(t, origin, testAPI, nil)
	r, _ := http.NewRequest(http.MethodPost, c2.BaseURL()+"/credentials", strings.NewReader(`{"password":"hunter2"}`))
	_, err := c2.Do(r)
	var connErr *ConnError
	if !errors.As(err, &connErr) || !connErr.Permanent || !strings.Contains(err.Error(), "re-send the request body") {
		t.Errorf("err = %v, want a permanent refusal", err)
	}
	if got := received.Load().(string); got != "" {
		t.Errorf("the other host received %q", got)
	}
}
