package transport

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestCredentialsNeverFollowARedirectToAnotherHost covers every auth scheme:
// net/http drops Authorization on a cross-host hop, but not headers such as
// ApiKey, so the client strips them itself.
func TestCredentialsNeverFollowARedirectToAnotherHost(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		auth func(http.Header, Secret)
	}{
		{"bearer", BearerAuth}, {"token", TokenAuth}, {"api key header", HeaderAuth("ApiKey")}, {"basic", BasicAuthPassword},
	}
	for _, tt := range tests {
		for _, custom := range []bool{false, true} {
			t.Run(tt.name, func(t *testing.T) {
				t.Parallel()
				var leaked atomic.Value
				leaked.Store("")
				other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					for _, h := range []string{"Authorization", "ApiKey"} {
						if v := r.Header.Get(h); v != "" {
							leaked.Store(h + ": " + v)
						}
					}
				}))
				defer other.Close()
				// Same machine, other host name: 127.0.0.1 redirects to localhost.
				target := strings.Replace(other.URL, "127.0.0.1", "localhost", 1)
				origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					http.Redirect(w, r, target+"/landing", http.StatusFound)
				}))
				defer origin.Close()
				api := testAPI
				api.Authenticate = tt.auth
				c, _ := newTestClient(t, origin, api, func(cfg *Config) {
					cfg.APIKey = NewSecret("sk_live_SECRET")
					if custom {
						cfg.HTTPClient = &http.Client{}
					}
				})
				resp, err := get(t, c, context.Background(), "/start")
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if l := leaked.Load().(string); l != "" {
					t.Errorf("the other host received %q", l)
				}
			})
		}
	}
}

func TestRedirectToPlainHTTPIsRefusedAndNotRetried(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		http.Redirect(w, r, "http://api.example.com/landing", http.StatusFound)
	}))
	defer origin.Close()
	c, _ := newTestClient(t, origin, testAPI, nil)
	_, err := get(t, c, context.Background(), "/start")
	var connErr *ConnError
	if !errors.As(err, &connErr) || !connErr.Permanent || !strings.Contains(err.Error(), "not https") {
		t.Fatalf("error = %v, want a permanent ConnError refusing the plain-http redirect", err)
	}
	if calls.Load() != 1 {
		t.Errorf("attempts = %d, want 1: a refused redirect is not retried", calls.Load())
	}
}

func TestAbsurdRetryAfterIsTooLongNotNegative(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"1e12", "Inf", "NaN", "-5"} {
		d := parseRetryAfter(http.Header{"Retry-After": {v}}, timeNowForTest())
		if d < 0 || (v != "NaN" && v != "-5" && d != maxServerWait) || ((v == "NaN" || v == "-5") && d != 0) {
			t.Errorf("Retry-After %q parsed as %s", v, d)
		}
	}
}
