package transport

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestDefaultConfig(t *testing.T) {
	t.Parallel()
	cfg := DefaultConfig()
	checks := []struct {
		name string
		ok   bool
	}{
		{"MaxRetries 2", cfg.MaxRetries == 2},
		{"BackoffBase 500ms", cfg.BackoffBase == 500*time.Millisecond},
		{"BackoffMax 8s", cfg.BackoffMax == 8*time.Second},
		{"MaxRetryAfter 60s", cfg.MaxRetryAfter == 60*time.Second},
		{"MaxResponseBytes 32 MiB", cfg.MaxResponseBytes == 32<<20},
		{"RequestTimeout 60s", cfg.RequestTimeout == 60*time.Second},
		{"ResponseHeaderTimeout 30s", cfg.ResponseHeaderTimeout == 30*time.Second},
		{"StreamIdleTimeout 60s", cfg.StreamIdleTimeout == 60*time.Second},
		{"no key", cfg.APIKey.IsZero()},
		{"no logger", cfg.Logger == nil},
		{"headers ready", cfg.Headers != nil},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("%s: got %v", c.name, cfg)
		}
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		mutate func(*Config, *API)
		want   string
	}{
		{"missing key", func(c *Config, _ *API) { c.APIKey = NewSecret("") }, "missing API key: set it with option.WithAPIKey"},
		{"no backoff base", func(c *Config, _ *API) { c.BackoffBase = 0 }, "WithBackoff"},
		{"max below base", func(c *Config, _ *API) { c.BackoffMax = c.BackoffBase / 2 }, "WithBackoff"},
		{"negative retries", func(c *Config, _ *API) { c.MaxRetries = -1 }, "WithMaxRetries"},
		{"fixed idempotency key", func(c *Config, _ *API) { c.Headers.Set("idempotency-key", "same") }, "same idempotency key"},
		{"API without a name", func(_ *Config, a *API) { a.Name = "" }, "API.Name"},
		{"API without auth", func(_ *Config, a *API) { a.Authenticate = nil }, "API.Authenticate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := DefaultConfig()
			cfg.APIKey = NewSecret("k")
			cfg.BaseURL = "https://api.example.com"
			api := testAPI
			tt.mutate(cfg, &api)
			_, err := New(cfg, api)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestNewNormalisesOutOfRangeValues(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t, nil, testAPI, func(cfg *Config) {
		cfg.MaxResponseBytes, cfg.MaxRetryAfter, cfg.RequestTimeout = -1, -time.Second, -time.Second
		cfg.ResponseHeaderTimeout, cfg.StreamIdleTimeout = -time.Second, -time.Second
		cfg.Headers = nil
	})
	got := c.Config()
	if got.MaxResponseBytes != DefaultMaxResponseBytes || got.MaxRetryAfter != 0 || got.RequestTimeout != 0 ||
		got.ResponseHeaderTimeout != 0 || got.StreamIdleTimeout != 0 {
		t.Errorf("config = %v, want the response cap defaulted and negative durations zeroed", got)
	}
	if _, err := New(nil, testAPI); err == nil {
		t.Error("New(nil, api) without a key should fail like an empty config")
	}
}

// TestConfigIsCopied: neither the caller's Config after New nor a copy
// from Client.Config can change the client.
func TestConfigIsCopied(t *testing.T) {
	t.Parallel()
	cfg := DefaultConfig()
	cfg.APIKey = NewSecret("k")
	cfg.BaseURL = "https://api.example.com"
	cfg.Headers.Set("X-Trace", "one")
	c, err := New(cfg, testAPI)
	if err != nil {
		t.Fatal(err)
	}
	cfg.MaxRetries = 99
	cfg.Headers.Set("X-Trace", "two")
	got := c.Config()
	if got.MaxRetries != DefaultMaxRetries || got.Headers.Get("X-Trace") != "one" {
		t.Errorf("client config followed the caller's changes: %v %v", got, got.Headers)
	}
	got.Headers.Set("X-Trace", "three")
	got.MaxRetries = 7
	if again := c.Config(); again.Headers.Get("X-Trace") != "one" || again.MaxRetries != DefaultMaxRetries {
		t.Error("changing the copy from Config changed the client")
	}
}

func TestSettingsForAnotherAPIAreRejected(t *testing.T) {
	t.Parallel()
	type pilot struct{ region string }
	k := NewSettings[pilot]("userpilot")
	cfg := DefaultConfig()
	cfg.APIKey = NewSecret("k")
	cfg.BaseURL = "https://api.example.com"
	if err := k.Option("userpilot.WithRegion", func(s *pilot) error { s.region = "eu"; return nil }).client(cfg); err != nil {
		t.Fatal(err)
	}
	_, err := New(cfg, testAPI)
	if err == nil || !strings.Contains(err.Error(), "userpilot.NewClient") {
		t.Errorf("error = %v, want one sending the option to userpilot.NewClient", err)
	}
	api := testAPI
	api.Name = "userpilot"
	if _, err := New(cfg, api); err != nil {
		t.Errorf("the owning API rejected its own settings: %v", err)
	}
	if got := k.From(cfg); got.region != "eu" {
		t.Errorf("From = %+v", got)
	}
	if got := k.From(DefaultConfig()); got != (pilot{}) {
		t.Errorf("From of a config without settings = %+v, want the zero value", got)
	}
}

func TestConfigAndClientPrintWithoutKey(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t, nil, testAPI, func(cfg *Config) { cfg.APIKey = NewSecret(sentinel) })
	cfg := c.Config()
	derefClient := *c
	for _, out := range []string{
		fmt.Sprintf("%v|%+v|%#v|%s|%q|%x", cfg, cfg, cfg, cfg, cfg, cfg),
		fmt.Sprintf("%v|%+v|%#v|%s", &cfg, &cfg, &cfg, &cfg),
		fmt.Sprintf("%v|%+v|%#v|%s|%q", c, c, c, c, c),
		fmt.Sprintf("%v|%+v|%#v", derefClient, derefClient, derefClient),
		fmt.Sprint([]any{cfg, c, http.Header{}}),
	} {
		if strings.Contains(out, sentinel) {
			t.Errorf("key printed: %s", out)
		}
	}
	if s := cfg.String(); !strings.Contains(s, "[REDACTED]") || !strings.Contains(s, "MaxRetries:2") {
		t.Errorf("String() = %s, want the key masked and the other settings shown", s)
	}
}
