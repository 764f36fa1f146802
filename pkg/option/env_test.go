package option_test

import (
	"strings"
	"testing"

	"github.com/cdpkit/cdpkit/internal/transport"
	"github.com/cdpkit/cdpkit/pkg/option"
)

// TestEnvironmentGetsTheOptionsChecks is defect 14: values read from the
// environment skipped the checks the options make.
func TestEnvironmentGetsTheOptionsChecks(t *testing.T) {
	tests := []struct {
		name, value string
		v           option.EnvVar
		want        string // error fragment; empty means accepted
		check       func(*transport.Config) bool
	}{
		{"key with a trailing newline", "sk_env_1\n", option.EnvAPIKey("CDPKIT_TEST_KEY"), "", func(c *transport.Config) bool { return c.APIKey.Reveal() == "sk_env_1" }},
		{"key with a header injection", "sk_1\r\nX-Evil: 1", option.EnvAPIKey("CDPKIT_TEST_KEY"), "CDPKIT_TEST_KEY: option.WithAPIKey:", nil},
		{"blank key", "  \n", option.EnvAPIKey("CDPKIT_TEST_KEY"), "CDPKIT_TEST_KEY holds only whitespace", nil},
		{"license code with / and ?", "abc/../x?y=1", option.EnvLicenseCode("CDPKIT_TEST_LC"), "CDPKIT_TEST_LC: option.WithLicenseCode:", nil},
		{"license code with a newline", "lc-1\n", option.EnvLicenseCode("CDPKIT_TEST_LC"), "", func(c *transport.Config) bool { return c.LicenseCode == "lc-1" }},
		{"tenant with a dot", "evil.example.com", option.EnvTenant("CDPKIT_TEST_TENANT"), "CDPKIT_TEST_TENANT: option.WithTenant:", nil},
		{"tenant upper case", "Acme\n", option.EnvTenant("CDPKIT_TEST_TENANT"), "", func(c *transport.Config) bool { return c.Tenant == "acme" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(tt.v.Name, tt.value)
			cfg := transport.DefaultConfig()
			err := option.FromEnv(cfg, tt.v)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("err = %v, want %q", err, tt.want)
			case tt.check != nil && !tt.check(cfg):
				t.Errorf("not applied: %v", cfg)
			}
			if err != nil && strings.Contains(err.Error(), "sk_1") {
				t.Errorf("the error quotes the key: %v", err)
			}
		})
	}
}

func TestOptionsWinOverTheEnvironment(t *testing.T) {
	t.Setenv("CDPKIT_TEST_KEY", "bad key with spaces")
	cfg := transport.DefaultConfig()
	if err := option.Apply(cfg, option.WithAPIKey("from-option")); err != nil {
		t.Fatal(err)
	}
	if err := option.FromEnv(cfg, option.EnvAPIKey("CDPKIT_TEST_KEY")); err != nil || cfg.APIKey.Reveal() != "from-option" {
		t.Errorf("FromEnv = %v, key %q: an option must win, and a bad variable it overrides must not matter", err, cfg.APIKey.Reveal())
	}
	t.Setenv("CDPKIT_TEST_KEY", "")
	cfg = transport.DefaultConfig()
	if err := option.FromEnv(cfg, option.EnvAPIKey("CDPKIT_TEST_KEY")); err != nil || !cfg.APIKey.IsZero() {
		t.Errorf("an empty variable: %v", err)
	}
	if err := option.FromEnv(nil); err == nil {
		t.Error("FromEnv(nil) accepted")
	}
}
