package transport

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

func TestBaseURLMustBeHTTPSUnlessLoopback(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url     string
		ok      bool
		wantMsg string
	}{
		{"https://api.usermost.com", true, ""},
		{"https://api.usermost.com/base/", true, ""},
		{"HTTPS://API.USERMOST.COM", true, ""},
		{"https://10.0.0.1:8443", true, ""},
		{"http://127.0.0.1:8080", true, ""},
		{"http://127.5.6.7", true, ""},
		{"http://localhost:3000", true, ""},
		{"http://LOCALHOST", true, ""},
		{"http://localhost.:3000", true, ""},
		{"http://[::1]:9000", true, ""},
		{"http://[::1]", true, ""},
		{"http://example.com", false, "use https"},
		{"http://10.0.0.1", false, "use https"},
		{"http://127.0.0.1.example.com", false, "use https"},
		{"http://api.localhost", false, "use https"},
		{"http://[::2]", false, "use https"},
		{"ftp://example.com", false, "use https"},
		{"ws://localhost", false, "use https"},
		{"api.usermost.com", false, "https://host"},
		{"not a url", false, "https://host"},
		{"://bad", false, "https://host"},
		{"https://", false, "https://host"},
		{"mailto:ops@example.com", false, "https://host"},
		{"%%%", false, "https://host"},
		{"https://user:hunter2@api.example.com", false, "WithAPIKey"},
		{"https://api.example.com/?key=1", false, "query"},
		{"https://api.example.com/#frag", false, "fragment"},
		{"", false, "https://host"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			t.Parallel()
			cfg := DefaultConfig()
			cfg.APIKey = NewSecret("k")
			cfg.BaseURL = tt.url
			api := testAPI
			api.DefaultBaseURL = "" // so "" is rejected too
			_, err := New(cfg, api)
			if (err == nil) != tt.ok {
				t.Fatalf("New with base URL %q: error = %v, want ok=%t", tt.url, err, tt.ok)
			}
			if err == nil {
				return
			}
			if !strings.Contains(err.Error(), tt.wantMsg) || !strings.HasPrefix(err.Error(), "testapi: ") {
				t.Errorf("error %q should start with the API and contain %q", err, tt.wantMsg)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("error %q shows the password", err)
			}
			if !strings.Contains(tt.url, "hunter2") && !strings.Contains(err.Error(), tt.url) {
				t.Errorf("error %q does not name the URL", err)
			}
		})
	}
}

func TestDefaultBaseURLIsUsed(t *testing.T) {
	t.Parallel()
	cfg := DefaultConfig()
	cfg.APIKey = NewSecret("k")
	api := testAPI
	api.DefaultBaseURL = "https://api.example.com/v1/"
	c, err := New(cfg, api)
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseURL() != "https://api.example.com/v1" {
		t.Errorf("BaseURL = %q, want the default without trailing slash", c.BaseURL())
	}
}

func TestRequestToPlainHTTPHostIsRefused(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url  string
		sent bool
	}{
		{"http://api.example.com/x", false},
		{"http://api.example.com/x?api_key=sk_test", false},
		{"ftp://api.example.com/x", false},
		{"https://api.example.com/x", true},
		{"http://127.0.0.1:1/x", true},
		{"http://localhost:1/x", true},
		{"http://[::1]:1/x", true},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			t.Parallel()
			var sent atomic.Bool
			stub := doerFunc(func(*http.Request) (*http.Response, error) {
				sent.Store(true)
				return &http.Response{StatusCode: 200, Body: http.NoBody, Header: http.Header{}}, nil
			})
			c, _ := newTestClient(t, nil, testAPI, func(cfg *Config) { cfg.HTTPClient = stub })
			req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, tt.url, nil)
			resp, err := c.Do(req)
			closeBody(resp)
			if sent.Load() != tt.sent || (err == nil) != tt.sent {
				t.Fatalf("sent = %t, error = %v; want sent %t", sent.Load(), err, tt.sent)
			}
			if err != nil && (!strings.Contains(err.Error(), "use https") || strings.Contains(err.Error(), "sk_test")) {
				t.Errorf("error %q should say use https and hide the key", err)
			}
		})
	}
}

func TestIsLoopback(t *testing.T) {
	t.Parallel()
	for host, want := range map[string]bool{
		"localhost": true, "LocalHost": true, "localhost.": true, "127.0.0.1": true, "127.255.255.254": true,
		"::1": true, "::ffff:127.0.0.1": true,
		"": false, "example.com": false, "foo.localhost": false, "localhost.example.com": false,
		"128.0.0.1": false, "0.0.0.0": false, "::": false, "10.0.0.1": false,
	} {
		if got := IsLoopback(host); got != want {
			t.Errorf("IsLoopback(%q) = %t, want %t", host, got, want)
		}
	}
}
