package reliability

import (
	"fmt"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit/pkg/activeprospect"
	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/userlot"
	"github.com/cdpkit/cdpkit/pkg/usermost"
	"github.com/cdpkit/cdpkit/pkg/userpilot"
)

// constructors builds each client from options alone (no environment).
var constructors = map[string]func(...option.RequestOption) (any, error){
	apiUsermost:       func(o ...option.RequestOption) (any, error) { return usermost.NewClient(o...) },
	apiUserpilot:      func(o ...option.RequestOption) (any, error) { return userpilot.NewClient(o...) },
	apiUserlot:        func(o ...option.RequestOption) (any, error) { return userlot.NewClient(o...) },
	apiActiveProspect: func(o ...option.RequestOption) (any, error) { return activeprospect.NewClient(o...) },
}

// clearEnv unsets every variable the clients read.
func clearEnv(t *testing.T) {
	for _, v := range []string{usermost.EnvAPIKey, usermost.EnvLicenseCode, userpilot.EnvAPIKey, userpilot.EnvRegion,
		userlot.EnvAPIKey, userlot.EnvTenant, activeprospect.EnvAPIKey} {
		t.Setenv(v, "")
	}
}

// TestOptionsRefuseZeroAndHostileValues: every option given its zero value
// or a hostile one either is accepted on purpose or says what is wrong;
// none panics.
func TestOptionsRefuseZeroAndHostileValues(t *testing.T) {
	var nilClient *http.Client
	tests := []struct {
		name   string
		opt    option.RequestOption
		reject string // fragment of the error; empty means accepted
	}{
		{"WithAPIKey empty", option.WithAPIKey(""), "option.WithAPIKey"},
		{"WithAPIKey NUL", option.WithAPIKey("k\x00"), "option.WithAPIKey"},
		{"WithAPIKey invalid UTF-8", option.WithAPIKey("k\xff"), "option.WithAPIKey"},
		{"WithBaseURL empty", option.WithBaseURL(""), "option.WithBaseURL"},
		{"WithBaseURL plain http", option.WithBaseURL("http://api.example.com"), "option.WithBaseURL"},
		{"WithBaseURL NUL", option.WithBaseURL("https://a\x00.example.com"), "option.WithBaseURL"},
		{"WithHTTPClient nil", option.WithHTTPClient(nil), "option.WithHTTPClient"},
		{"WithHTTPClient typed nil", option.WithHTTPClient(nilClient), "option.WithHTTPClient"},
		{"WithMaxRetries negative", option.WithMaxRetries(-1), "option.WithMaxRetries"},
		{"WithMaxRetries zero", option.WithMaxRetries(0), ""},
		{"WithBackoff zero", option.WithBackoff(0, 0), "option.WithBackoff"},
		{"WithBackoff max below base", option.WithBackoff(time.Second, time.Millisecond), "option.WithBackoff"},
		{"WithMaxRetryAfter negative", option.WithMaxRetryAfter(-1), "option.WithMaxRetryAfter"},
		{"WithRequestTimeout negative", option.WithRequestTimeout(math.MinInt64), "option.WithRequestTimeout"},
		{"WithResponseHeaderTimeout negative", option.WithResponseHeaderTimeout(-1), "option.WithResponseHeaderTimeout"},
		{"WithStreamIdleTimeout negative", option.WithStreamIdleTimeout(-1), "option.WithStreamIdleTimeout"},
		{"WithLogger nil", option.WithLogger(nil), ""},
		{"WithHeader empty", option.WithHeader("", ""), "option.WithHeader"},
		{"WithHeader line break", option.WithHeader("X-A", "v\r\nX-B: 1"), "option.WithHeader"},
		{"WithHeader credential", option.WithHeader("Authorization", "Bearer x"), "option.WithHeader"},
		{"WithUserAgent empty", option.WithUserAgent(""), ""},
		{"WithUserAgent NUL", option.WithUserAgent("a\x00"), "option.WithUserAgent"},
		{"WithMaxResponseBytes zero", option.WithMaxResponseBytes(0), "option.WithMaxResponseBytes"},
		{"WithLicenseCode empty", usermost.WithLicenseCode(""), "usermost.WithLicenseCode"},
		{"WithLicenseCode path", usermost.WithLicenseCode("a/../b?c"), "usermost.WithLicenseCode"},
		{"WithTenant empty", userlot.WithTenant(""), "userlot.WithTenant"},
		{"WithTenant host", userlot.WithTenant("evil.com/x"), "userlot.WithTenant"},
		{"WithRegion empty", userpilot.WithRegion(""), "userpilot.WithRegion"},
		{"WithRegion unknown", userpilot.WithRegion("mars"), "userpilot.WithRegion"},
		{"userpilot.WithExportBaseURL empty", userpilot.WithExportBaseURL(""), "WithExportBaseURL"},
		{"userpilot.WithPolling zero", userpilot.WithPolling(0, 0), "WithPolling"},
		{"zero option", option.RequestOption{}, ""},
	}
	for _, tt := range tests {
		err, panicked := guarded(func() error { return option.Validate(tt.opt) })
		switch {
		case panicked:
			t.Errorf("%s: %v", tt.name, err)
		case tt.reject == "" && err != nil:
			t.Errorf("%s: refused: %v", tt.name, err)
		case tt.reject != "" && (err == nil || !strings.Contains(err.Error(), tt.reject)):
			t.Errorf("%s: err = %v, want one naming %s", tt.name, err, tt.reject)
		}
	}
}

// TestConstructorsRefuseBadEnvironment is defect 14 seen from the clients:
// a variable gets the checks its option gets, and the error names it.
func TestConstructorsRefuseBadEnvironment(t *testing.T) {
	tests := []struct {
		api, name, value string
		extra            map[string]string
	}{
		{apiUsermost, usermost.EnvAPIKey, "sk 1\r\nX-Evil: 1", map[string]string{usermost.EnvLicenseCode: "lc-1"}},
		{apiUsermost, usermost.EnvAPIKey, " \n", map[string]string{usermost.EnvLicenseCode: "lc-1"}},
		{apiUsermost, usermost.EnvLicenseCode, "lc/../x?y", map[string]string{usermost.EnvAPIKey: "k"}},
		{apiUserpilot, userpilot.EnvAPIKey, "k\x01", nil},
		{apiUserpilot, userpilot.EnvRegion, "mars", map[string]string{userpilot.EnvAPIKey: "k"}},
		{apiUserlot, userlot.EnvAPIKey, "k\xff", map[string]string{userlot.EnvTenant: "acme"}},
		{apiUserlot, userlot.EnvTenant, "evil.com/x", map[string]string{userlot.EnvAPIKey: "k"}},
		{apiActiveProspect, activeprospect.EnvAPIKey, "key with spaces", nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s %s=%q", tt.api, tt.name, tt.value), func(t *testing.T) {
			clearEnv(t)
			for k, v := range tt.extra {
				t.Setenv(k, v)
			}
			t.Setenv(tt.name, tt.value)
			_, err := constructors[tt.api]()
			if err == nil || !strings.Contains(err.Error(), tt.name) {
				t.Errorf("err = %v, want one naming %s", err, tt.name)
			}
			if err != nil && strings.Contains(err.Error(), "sk 1") {
				t.Errorf("the error quotes the key: %v", err)
			}
		})
	}
	t.Run("trailing newline is trimmed", func(t *testing.T) {
		clearEnv(t)
		t.Setenv(usermost.EnvAPIKey, "sk_1\n")
		t.Setenv(usermost.EnvLicenseCode, "lc-1\n")
		c, err := usermost.NewClient()
		if err != nil || c.LicenseCode() != "lc-1" {
			t.Errorf("NewClient = %v (license %q)", err, c.LicenseCode())
		}
	})
}

func TestConstructorsWithoutAnythingSayWhatIsMissing(t *testing.T) {
	clearEnv(t)
	for api, build := range constructors {
		for _, opts := range [][]option.RequestOption{nil, {{}}, {option.WithBaseURL("https://x.example.com")}} {
			c, err := build(opts...)
			if err == nil || !strings.Contains(err.Error(), "missing") {
				t.Errorf("%s NewClient(%d options) = %v, %v; want an error naming what is missing", api, len(opts), c, err)
			}
		}
	}
}
