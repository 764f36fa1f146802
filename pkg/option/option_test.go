package option_test

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit/pkg/userlot"
	"github.com/cdpkit/cdpkit/pkg/usermost"
	"github.com/cdpkit/cdpkit/pkg/userpilot"

	"github.com/cdpkit/cdpkit/internal/transport"
	"github.com/cdpkit/cdpkit/pkg/option"
)

func TestOptionsSetTheirField(t *testing.T) {
	t.Parallel()
	logger := slog.Default()
	doer := &http.Client{}
	tests := []struct {
		name string
		opt  option.RequestOption
		ok   func(*transport.Config) bool
	}{
		{"key", option.WithAPIKey("k1"), func(c *transport.Config) bool { return c.APIKey.Reveal() == "k1" }},
		{"key trimmed", option.WithAPIKey(" k1\n"), func(c *transport.Config) bool { return c.APIKey.Reveal() == "k1" }},
		{"base URL trimmed", option.WithBaseURL("https://eu.example.com/"), func(c *transport.Config) bool { return c.BaseURL == "https://eu.example.com" }},
		{"base URL with path", option.WithBaseURL("https://h.example.com/api/v2"), func(c *transport.Config) bool { return c.BaseURL == "https://h.example.com/api/v2" }},
		{"loopback base URL", option.WithBaseURL("http://127.0.0.1:8080"), func(c *transport.Config) bool { return c.BaseURL == "http://127.0.0.1:8080" }},
		{"http client", option.WithHTTPClient(doer), func(c *transport.Config) bool { return c.HTTPClient == doer }},
		{"retries", option.WithMaxRetries(5), func(c *transport.Config) bool { return c.MaxRetries == 5 }},
		{"no retries", option.WithMaxRetries(0), func(c *transport.Config) bool { return c.MaxRetries == 0 }},
		{"backoff", option.WithBackoff(time.Second, 30*time.Second), func(c *transport.Config) bool {
			return c.BackoffBase == time.Second && c.BackoffMax == 30*time.Second
		}},
		{"backoff base equals max", option.WithBackoff(time.Second, time.Second), func(c *transport.Config) bool { return c.BackoffMax == time.Second }},
		{"max retry-after", option.WithMaxRetryAfter(2 * time.Minute), func(c *transport.Config) bool { return c.MaxRetryAfter == 2*time.Minute }},
		{"max retry-after zero", option.WithMaxRetryAfter(0), func(c *transport.Config) bool { return c.MaxRetryAfter == 0 }},
		{"timeout", option.WithRequestTimeout(10 * time.Second), func(c *transport.Config) bool { return c.RequestTimeout == 10*time.Second }},
		{"header timeout", option.WithResponseHeaderTimeout(7 * time.Second), func(c *transport.Config) bool { return c.ResponseHeaderTimeout == 7*time.Second }},
		{"idle timeout", option.WithStreamIdleTimeout(9 * time.Second), func(c *transport.Config) bool { return c.StreamIdleTimeout == 9*time.Second }},
		{"zero disables", option.WithStreamIdleTimeout(0), func(c *transport.Config) bool { return c.StreamIdleTimeout == 0 }},
		{"logger", option.WithLogger(logger), func(c *transport.Config) bool { return c.Logger == logger }},
		{"nil logger", option.WithLogger(nil), func(c *transport.Config) bool { return c.Logger == nil }},
		{"header", option.WithHeader("X-Trace", "abc"), func(c *transport.Config) bool { return c.Headers.Get("X-Trace") == "abc" }},
		{"header with tab", option.WithHeader("X-Note", "a\tb"), func(c *transport.Config) bool { return c.Headers.Get("X-Note") == "a\tb" }},
		{"user agent", option.WithUserAgent(" myapp/1.0 "), func(c *transport.Config) bool { return c.UserAgent == "myapp/1.0" }},
		{"response cap", option.WithMaxResponseBytes(1024), func(c *transport.Config) bool { return c.MaxResponseBytes == 1024 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := transport.DefaultConfig()
			if err := transport.ApplyClientOptions(cfg, "any", tt.opt); err != nil {
				t.Fatal(err)
			}
			if !tt.ok(cfg) {
				t.Errorf("not applied: %v", cfg)
			}
		})
	}
}

func TestHeadersAccumulate(t *testing.T) {
	t.Parallel()
	cfg := &transport.Config{} // no Headers map yet
	if err := transport.ApplyClientOptions(cfg, "any", option.WithHeader("X-A", "1"), option.WithHeader("x-a", "2")); err != nil {
		t.Fatal(err)
	}
	if got := cfg.Headers.Values("X-A"); len(got) != 2 || got[0] != "1" || got[1] != "2" {
		t.Errorf("X-A = %q, want both values", got)
	}
}

func TestOptionsRejectBadInput(t *testing.T) {
	t.Parallel()
	var nilClient *http.Client
	tests := []struct {
		name string
		opt  option.RequestOption
		want []string // the option's name first, then the fix
	}{
		{"empty key", option.WithAPIKey(""), []string{"option.WithAPIKey:", "empty"}},
		{"blank key", option.WithAPIKey(" \n"), []string{"option.WithAPIKey:", "empty"}},
		{"key with a line break", option.WithAPIKey("sk_1\nInjected: x"), []string{"option.WithAPIKey:", "control"}},
		{"key with a space", option.WithAPIKey("sk_1 sk_2"), []string{"option.WithAPIKey:", "whitespace"}},
		{"key with NUL", option.WithAPIKey("sk_\x00"), []string{"option.WithAPIKey:", "control"}},
		{"key with invalid UTF-8", option.WithAPIKey("sk_\xff\xfe"), []string{"option.WithAPIKey:", "non-ASCII"}},
		{"key with non-ASCII", option.WithAPIKey("sk_ключ"), []string{"option.WithAPIKey:", "non-ASCII"}},
		{"plain http", option.WithBaseURL("http://api.example.com"), []string{"option.WithBaseURL:", "use https"}},
		{"not a URL", option.WithBaseURL("not a url"), []string{"option.WithBaseURL:", "https://host"}},
		{"ftp", option.WithBaseURL("ftp://example.com"), []string{"option.WithBaseURL:", "use https"}},
		{"empty URL", option.WithBaseURL(""), []string{"option.WithBaseURL:"}},
		{"URL with credentials", option.WithBaseURL("https://u:p@example.com"), []string{"option.WithBaseURL:", "WithAPIKey"}},
		{"nil client", option.WithHTTPClient(nil), []string{"option.WithHTTPClient:", "nil"}},
		{"typed nil client", option.WithHTTPClient(nilClient), []string{"option.WithHTTPClient:", "nil"}},
		{"negative retries", option.WithMaxRetries(-1), []string{"option.WithMaxRetries:", "use 0"}},
		{"zero backoff", option.WithBackoff(0, time.Second), []string{"option.WithBackoff:", "positive"}},
		{"max below base", option.WithBackoff(2*time.Second, time.Second), []string{"option.WithBackoff:", "max at least base"}},
		{"negative retry-after", option.WithMaxRetryAfter(-time.Second), []string{"option.WithMaxRetryAfter:", "use 0"}},
		{"negative timeout", option.WithRequestTimeout(-time.Second), []string{"option.WithRequestTimeout:", "use 0"}},
		{"negative header timeout", option.WithResponseHeaderTimeout(-time.Second), []string{"option.WithResponseHeaderTimeout:", "use 0"}},
		{"negative idle timeout", option.WithStreamIdleTimeout(-time.Second), []string{"option.WithStreamIdleTimeout:", "use 0"}},
		{"Authorization header", option.WithHeader("Authorization", "Bearer x"), []string{"option.WithHeader:", "use option.WithAPIKey"}},
		{"lower-case auth header", option.WithHeader("authorization", "Bearer x"), []string{"option.WithHeader:", "use option.WithAPIKey"}},
		{"X-API-Key header", option.WithHeader("X-API-Key", "x"), []string{"option.WithHeader:", "use option.WithAPIKey"}},
		{"ApiKey header", option.WithHeader("ApiKey", "x"), []string{"option.WithHeader:", "use option.WithAPIKey"}},
		{"Token header", option.WithHeader("Token", "x"), []string{"option.WithHeader:", "use option.WithAPIKey"}},
		{"Cookie header", option.WithHeader("Cookie", "a=b"), []string{"option.WithHeader:", "use option.WithAPIKey"}},
		{"User-Agent header", option.WithHeader("User-Agent", "x"), []string{"option.WithHeader:", "WithUserAgent"}},
		{"Host header", option.WithHeader("Host", "x"), []string{"option.WithHeader:", "WithBaseURL"}},
		{"space in name", option.WithHeader("bad header", "x"), []string{"option.WithHeader:", "not a valid header name"}},
		{"empty name", option.WithHeader("", "x"), []string{"option.WithHeader:", "not a valid header name"}},
		{"colon in name", option.WithHeader("X-A:", "x"), []string{"option.WithHeader:", "not a valid header name"}},
		{"CRLF in value", option.WithHeader("X-Ok", "a\r\nInjected: 1"), []string{"option.WithHeader:", "line break"}},
		{"NUL in value", option.WithHeader("X-Ok", "a\x00b"), []string{"option.WithHeader:", "control character"}},
		{"line break in UA", option.WithUserAgent("a\nb"), []string{"option.WithUserAgent:", "line break"}},
		{"zero cap", option.WithMaxResponseBytes(0), []string{"option.WithMaxResponseBytes:", "positive"}},
		{"negative cap", option.WithMaxResponseBytes(-1), []string{"option.WithMaxResponseBytes:", "positive"}},
		{"empty license code", usermost.WithLicenseCode(""), []string{"usermost.WithLicenseCode:", "dashboard"}},
		{"license code with slash", usermost.WithLicenseCode("a/b"), []string{"usermost.WithLicenseCode:"}},
		{"license code with space", usermost.WithLicenseCode("a b"), []string{"usermost.WithLicenseCode:"}},
		{"tenant as host", userlot.WithTenant("acme.userlot.app"), []string{"userlot.WithTenant:", "before .userlot.app"}},
		{"tenant leading hyphen", userlot.WithTenant("-bad"), []string{"userlot.WithTenant:"}},
		{"tenant trailing hyphen", userlot.WithTenant("bad-"), []string{"userlot.WithTenant:"}},
		{"tenant underscore", userlot.WithTenant("a_b"), []string{"userlot.WithTenant:"}},
		{"tenant too long", userlot.WithTenant(strings.Repeat("a", 64)), []string{"userlot.WithTenant:"}},
		{"empty tenant", userlot.WithTenant(""), []string{"userlot.WithTenant:"}},
		{"unknown region", userpilot.WithRegion("mars"), []string{"userpilot.WithRegion:", "us, eu, in"}},
		{"empty region", userpilot.WithRegion(""), []string{"userpilot.WithRegion:", "us, eu, in"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := transport.DefaultConfig()
			before := cfg.String()
			err := option.Validate(tt.opt)
			if err == nil {
				t.Fatal("Validate: want an error")
			}
			err = transport.ApplyClientOptions(cfg, transport.OptionOwner(tt.opt), tt.opt)
			if err == nil {
				t.Fatal("want an error")
			}
			if !strings.HasPrefix(err.Error(), tt.want[0]) {
				t.Errorf("error %q should start with %q", err, tt.want[0])
			}
			for _, w := range tt.want[1:] {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if cfg.String() != before || len(cfg.Headers) != 0 || cfg.HTTPClient != nil {
				t.Errorf("a rejected option changed the config: %v", cfg)
			}
		})
	}
}

func TestKeyErrorsDoNotEchoTheKey(t *testing.T) {
	t.Parallel()
	err := option.Validate(option.WithAPIKey("sk_SENTINEL_123\x00"))
	if err == nil || strings.Contains(err.Error(), "SENTINEL") {
		t.Errorf("error = %v, want one that does not repeat the key", err)
	}
}

func TestValidateReportsEveryBadOption(t *testing.T) {
	t.Parallel()
	err := option.Validate(option.WithMaxRetries(-1), option.RequestOption{}, userpilot.WithRegion("xx"))
	if err == nil || !strings.Contains(err.Error(), "WithMaxRetries") || !strings.Contains(err.Error(), "WithRegion") {
		t.Fatalf("error = %v, want both failures", err)
	}
	var joined interface{ Unwrap() []error }
	if !errors.As(err, &joined) || len(joined.Unwrap()) != 2 {
		t.Errorf("want the two failures joined, got %v", err)
	}
}

func TestApplyOrderAndEdgeCases(t *testing.T) {
	t.Parallel()
	cfg := transport.DefaultConfig()
	if err := transport.ApplyClientOptions(cfg, "any", option.WithMaxRetries(1), option.WithMaxRetries(4)); err != nil || cfg.MaxRetries != 4 {
		t.Errorf("the last option should win: %d, %v", cfg.MaxRetries, err)
	}
	if err := transport.ApplyClientOptions(cfg, "any"); err != nil {
		t.Errorf("no options: %v", err)
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	if err := option.Validate(option.WithAPIKey("k"), userpilot.WithRegion("eu"), userlot.WithTenant("acme")); err != nil {
		t.Errorf("valid options rejected: %v", err)
	}
	if err := option.Validate(option.WithBackoff(0, 0)); err == nil {
		t.Error("invalid option accepted")
	}
}

// The API packages' own options reach their client: each value is trimmed
// or lower-cased as the option promises.
func TestAPIOptionsReachTheirClient(t *testing.T) {
	um, err := usermost.NewClient(option.WithAPIKey("k"), usermost.WithLicenseCode(" lc-1 "))
	if err != nil || um.LicenseCode() != "lc-1" {
		t.Errorf("usermost.WithLicenseCode: %v, %q", err, um.LicenseCode())
	}
	ul, err := userlot.NewClient(option.WithAPIKey("k"), userlot.WithTenant(" Acme-2 "))
	if err != nil || ul.BaseURL() != "https://acme-2.userlot.app" {
		t.Errorf("userlot.WithTenant: %v, %q", err, ul.BaseURL())
	}
	for _, tt := range []struct{ opts []option.RequestOption }{
		{[]option.RequestOption{usermost.WithLicenseCode("lc"), userlot.WithTenant("acme")}},
		{[]option.RequestOption{userpilot.WithRegion("eu")}},
	} {
		_, err := usermost.NewClient(append([]option.RequestOption{option.WithAPIKey("k")}, tt.opts...)...)
		if len(tt.opts) == 2 && (err == nil || !strings.Contains(err.Error(), "usermost: userlot.WithTenant is an option of the userlot client: pass it to userlot.NewClient")) {
			t.Errorf("tenant on usermost: %v", err)
		}
		if len(tt.opts) == 1 && (err == nil || !strings.Contains(err.Error(), "userpilot.WithRegion is an option of the userpilot client")) {
			t.Errorf("region on usermost: %v", err)
		}
	}
}
