package userpilot_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit"

	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/userpilot"
	"github.com/cdpkit/cdpkit/pkg/userpilot/userpilottest"
)

// fast are client options for tests: quick retries and polling, and no
// client-side rate limits unless a test sets its own.
func fast() []option.RequestOption {
	return []option.RequestOption{
		option.WithBackoff(time.Millisecond, 5*time.Millisecond),
		userpilot.WithPolling(5*time.Millisecond, 20*time.Millisecond),
		userpilot.WithRateLimits(userpilot.RateLimits{RealTimePerMinute: -1, DeleteEvery: -1}),
	}
}

// newTestClient starts a fake and returns a client pointed at it.
func newTestClient(t testing.TB, srvOpts []userpilottest.Option, opts ...option.RequestOption) (*userpilottest.Server, *userpilot.Client) {
	t.Helper()
	srv := userpilottest.NewServer(t, srvOpts...)
	base := append([]option.RequestOption{option.WithBaseURL(srv.URL), option.WithAPIKey(srv.APIKey)}, fast()...)
	client, err := userpilot.NewClient(append(base, opts...)...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return srv, client
}

// steppedTestClient is newTestClient with a fake whose jobs move one
// status per minute of a clock that moves only when the test says so;
// stepping waits one step per poll, so a job ends after a few polls
// whatever the machine's speed.
func steppedTestClient(t testing.TB, opts ...userpilottest.Option) (*userpilottest.Server, *userpilot.Client, userpilot.WaitOption) {
	t.Helper()
	clock := userpilottest.NewManualClock(time.Date(2025, 5, 19, 7, 0, 0, 0, time.UTC))
	srv, client := newTestClient(t, append([]userpilottest.Option{userpilottest.WithJobStepDelay(time.Minute), userpilottest.WithClock(clock.Now)}, opts...))
	return srv, client, userpilot.OnPoll(func(string) { clock.Advance(time.Minute) })
}

// wireRecorder is an http.RoundTripper in front of the default transport
// that notes, per path, the length each request goes out with: its
// Content-Length, or -1 when its body is sent chunked.
type wireRecorder struct {
	mu      sync.Mutex
	lengths map[string][]int64
}

func (w *wireRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	n := req.ContentLength
	if n == 0 && req.Body != nil && req.Body != http.NoBody {
		n = -1
	}
	w.mu.Lock()
	if w.lengths == nil {
		w.lengths = map[string][]int64{}
	}
	w.lengths[req.URL.Path] = append(w.lengths[req.URL.Path], n)
	w.mu.Unlock()
	return http.DefaultTransport.RoundTrip(req)
}

func (w *wireRecorder) sent(path string) []int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.lengths[path])
}

func TestNewClientRejectsBadConfiguration(t *testing.T) {
	t.Setenv(userpilot.EnvAPIKey, "")
	t.Setenv(userpilot.EnvRegion, "")
	key := option.WithAPIKey("k")
	tests := []struct {
		name    string
		opts    []option.RequestOption
		wantErr string
	}{
		{"no key", nil, "USERPILOT_API_KEY"},
		{"unknown region", []option.RequestOption{key, option.WithRegion("mars")}, "mars"},
		{"region and base URL", []option.RequestOption{key, option.WithRegion("eu"), option.WithBaseURL("https://analytex.example.com")}, "pass only one"},
		{"tenant is for userlot", []option.RequestOption{key, option.WithTenant("acme")}, "WithTenant"},
		{"license code is for usermost", []option.RequestOption{key, option.WithLicenseCode("lc")}, "WithLicenseCode"},
		{"plain http to a public host", []option.RequestOption{key, option.WithBaseURL("http://analytex.userpilot.io")}, "http"},
		{"relative export URL", []option.RequestOption{key, userpilot.WithExportBaseURL("appex")}, "absolute URL"},
		{"plain-http export URL", []option.RequestOption{key, userpilot.WithExportBaseURL("http://appex.example.com")}, "use https"},
		{"bad polling", []option.RequestOption{key, userpilot.WithPolling(time.Second, time.Millisecond)}, "WithPolling"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := userpilot.NewClient(tt.opts...)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("NewClient error = %v, want one mentioning %q", err, tt.wantErr)
			}
		})
	}
}

func TestNewClientRejectsUnknownRegionFromEnvironment(t *testing.T) {
	t.Setenv(userpilot.EnvAPIKey, "k")
	t.Setenv(userpilot.EnvRegion, "moon")
	_, err := userpilot.NewClient()
	if err == nil || !strings.Contains(err.Error(), userpilot.EnvRegion) {
		t.Fatalf("error = %v, want one naming %s", err, userpilot.EnvRegion)
	}
}

// hostRecorder answers every request with 202 {} and remembers the hosts
// asked, so the region logic can be checked without leaving the process.
type hostRecorder struct{ hosts []string }

func (h *hostRecorder) Do(r *http.Request) (*http.Response, error) {
	h.hosts = append(h.hosts, r.URL.Scheme+"://"+r.URL.Host+" "+r.Header.Get("X-API-Version"))
	return &http.Response{StatusCode: 202, Header: http.Header{"Content-Type": {"application/json"}}, Body: http.NoBody, Request: r}, nil
}

func TestRegionChoosesTheAnalyticsHost(t *testing.T) {
	tests := []struct {
		env, opt string
		want     string
	}{
		{"", "", "https://analytex.userpilot.io"},
		{"eu", "", "https://analytex-eu.userpilot.io"},
		{"", "in", "https://analytex-in.userpilot.io"},
		{"eu", "us", "https://analytex.userpilot.io"},
	}
	for _, tt := range tests {
		t.Run(tt.env+"/"+tt.opt, func(t *testing.T) {
			t.Setenv(userpilot.EnvRegion, tt.env)
			rec := &hostRecorder{}
			opts := []option.RequestOption{option.WithAPIKey("k"), option.WithHTTPClient(rec), option.WithMaxRetries(0)}
			if tt.opt != "" {
				opts = append(opts, option.WithRegion(tt.opt))
			}
			client, err := userpilot.NewClient(opts...)
			if err != nil {
				t.Fatal(err)
			}
			if err := client.Identify(context.Background(), userpilot.User{UserID: "u"}); err != nil {
				t.Fatal(err)
			}
			_, _ = client.Lookups.Flows(context.Background())
			if len(rec.hosts) != 2 || rec.hosts[0] != tt.want+" "+userpilot.APIVersion || rec.hosts[1] != "https://appex.userpilot.io " {
				t.Errorf("hosts = %q, want [%q %q]", rec.hosts, tt.want+" "+userpilot.APIVersion, "https://appex.userpilot.io ")
			}
		})
	}
}

func TestExportBaseURLOption(t *testing.T) {
	t.Setenv(userpilot.EnvRegion, "")
	rec := &hostRecorder{}
	client, err := userpilot.NewClient(option.WithAPIKey("k"), option.WithHTTPClient(rec),
		option.WithBaseURL("https://analytex.acme-dedicated.example"), userpilot.WithExportBaseURL("https://appex.acme-dedicated.example"))
	if err != nil {
		t.Fatal(err)
	}
	_ = client.ValidateKey(context.Background())
	_, _ = client.Lookups.Flows(context.Background())
	want := []string{"https://analytex.acme-dedicated.example " + userpilot.APIVersion, "https://appex.acme-dedicated.example "}
	if strings.Join(rec.hosts, ",") != strings.Join(want, ",") {
		t.Errorf("hosts = %q, want %q", rec.hosts, want)
	}
}

func TestWrongKeyIsUnauthorizedWithoutLeakingIt(t *testing.T) {
	t.Parallel()
	srv := userpilottest.NewServer(t)
	client, err := userpilot.NewClient(append([]option.RequestOption{option.WithBaseURL(srv.URL), option.WithAPIKey("NX-app-token-by-mistake")}, fast()...)...)
	if err != nil {
		t.Fatal(err)
	}
	err = client.ValidateKey(context.Background())
	var apiErr *userpilot.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusUnauthorized || !cdpkit.IsUnauthorized(err) {
		t.Fatalf("error = %v, want a 401 *userpilot.Error", err)
	}
	if apiErr.Code != "invalid_api_key" || !strings.Contains(apiErr.Message, "Invalid API key") {
		t.Errorf("code/message = %q / %q, want Userpilot's envelope decoded", apiErr.Code, apiErr.Message)
	}
	if strings.Contains(err.Error(), "NX-app-token-by-mistake") {
		t.Errorf("error text %q leaks the key", err)
	}
	if err := (mustClient(t, srv)).ValidateKey(context.Background()); err != nil {
		t.Errorf("ValidateKey with the right key: %v", err)
	}
}

func mustClient(t *testing.T, srv *userpilottest.Server, opts ...option.RequestOption) *userpilot.Client {
	t.Helper()
	base := append([]option.RequestOption{option.WithBaseURL(srv.URL), option.WithAPIKey(srv.APIKey)}, fast()...)
	c, err := userpilot.NewClient(append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
