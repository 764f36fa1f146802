package option_test

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit/internal/transport"
	"github.com/cdpkit/cdpkit/pkg/option"
)

func TestOptionsApply(t *testing.T) {
	t.Parallel()
	logger := slog.Default()
	doer := &http.Client{}
	cfg := transport.DefaultConfig()
	err := option.Apply(cfg,
		option.WithAPIKey("k1"),
		option.WithBaseURL("https://eu.example.com/"),
		option.WithHTTPClient(doer),
		option.WithMaxRetries(5),
		option.WithBackoff(time.Second, 30*time.Second),
		option.WithMaxRetryAfter(2*time.Minute),
		option.WithRequestTimeout(10*time.Second),
		option.WithLogger(logger),
		option.WithHeader("X-Trace", "abc"),
		option.WithUserAgent("myapp/1.0"),
		option.WithMaxResponseBytes(1024),
		option.WithLicenseCode("lc-1"),
		option.WithTenant("Acme"),
		option.WithRegion("EU"),
	)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name string
		ok   bool
	}{
		{"key", cfg.APIKey.Reveal() == "k1"},
		{"base URL trimmed", cfg.BaseURL == "https://eu.example.com"},
		{"http client", cfg.HTTPClient == doer},
		{"retries", cfg.MaxRetries == 5},
		{"backoff", cfg.BackoffBase == time.Second && cfg.BackoffMax == 30*time.Second},
		{"max retry-after", cfg.MaxRetryAfter == 2*time.Minute},
		{"timeout", cfg.RequestTimeout == 10*time.Second},
		{"logger", cfg.Logger == logger},
		{"header", cfg.Headers.Get("X-Trace") == "abc"},
		{"user agent", cfg.UserAgent == "myapp/1.0"},
		{"response cap", cfg.MaxResponseBytes == 1024},
		{"license code", cfg.LicenseCode == "lc-1"},
		{"tenant lower-cased", cfg.Tenant == "acme"},
		{"region lower-cased", cfg.Region == "eu"},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("%s not applied: %+v", c.name, cfg)
		}
	}
}

func TestOptionsRejectBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		opt  option.RequestOption
		want string
	}{
		{option.WithAPIKey(" "), "option.WithAPIKey"},
		{option.WithBaseURL("http://api.example.com"), "option.WithBaseURL"},
		{option.WithBaseURL("not a url"), "option.WithBaseURL"},
		{option.WithHTTPClient(nil), "option.WithHTTPClient"},
		{option.WithMaxRetries(-1), "option.WithMaxRetries"},
		{option.WithBackoff(0, time.Second), "option.WithBackoff"},
		{option.WithBackoff(2*time.Second, time.Second), "option.WithBackoff"},
		{option.WithMaxRetryAfter(-time.Second), "option.WithMaxRetryAfter"},
		{option.WithRequestTimeout(-time.Second), "option.WithRequestTimeout"},
		{option.WithHeader("Authorization", "Bearer x"), "use option.WithAPIKey"},
		{option.WithHeader("X-API-Key", "x"), "use option.WithAPIKey"},
		{option.WithHeader("bad header", "x"), "not a valid header name"},
		{option.WithHeader("X-Ok", "a\r\nInjected: 1"), "line break"},
		{option.WithUserAgent("a\nb"), "line break"},
		{option.WithMaxResponseBytes(0), "option.WithMaxResponseBytes"},
		{option.WithLicenseCode(""), "option.WithLicenseCode"},
		{option.WithLicenseCode("a/b"), "option.WithLicenseCode"},
		{option.WithTenant("acme.userlot.app"), "option.WithTenant"},
		{option.WithTenant("-bad"), "option.WithTenant"},
		{option.WithRegion("mars"), "us, eu, in"},
	}
	for _, tt := range tests {
		err := option.Apply(transport.DefaultConfig(), tt.opt)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("error = %v, want one containing %q", err, tt.want)
		}
	}
}

func TestApplyReportsEveryBadOption(t *testing.T) {
	t.Parallel()
	err := option.Apply(transport.DefaultConfig(), option.WithMaxRetries(-1), nil, option.WithRegion("xx"))
	if err == nil || !strings.Contains(err.Error(), "WithMaxRetries") || !strings.Contains(err.Error(), "WithRegion") {
		t.Fatalf("error = %v, want both failures", err)
	}
	var joined interface{ Unwrap() []error }
	if !errors.As(err, &joined) || len(joined.Unwrap()) != 2 {
		t.Errorf("want the two failures joined, got %v", err)
	}
}
