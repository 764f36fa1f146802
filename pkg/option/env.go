package option

import (
	"fmt"
	"os"
	"strings"

	"github.com/cdpkit/cdpkit/internal/transport"
)

// EnvVar names an environment variable a client falls back to, and the
// option whose checks its value must pass: a value read from the
// environment is trimmed and validated exactly like the same value passed
// as an option, and an error names the variable.
type EnvVar struct {
	// Name is the variable, e.g. "USERMOST_API_KEY".
	Name string
	// apply builds the option for the variable's value.
	apply func(string) RequestOption
	// isSet reports whether an option already set the value, which then wins.
	isSet func(*transport.Config) bool
}

// EnvAPIKey reads the API key from the named variable, checked like
// WithAPIKey.
func EnvAPIKey(name string) EnvVar {
	return EnvVar{Name: name, apply: WithAPIKey, isSet: func(c *transport.Config) bool { return !c.APIKey.IsZero() }}
}

// EnvLicenseCode reads the Usermost license code, checked like
// WithLicenseCode.
func EnvLicenseCode(name string) EnvVar {
	return EnvVar{Name: name, apply: WithLicenseCode, isSet: func(c *transport.Config) bool { return c.LicenseCode != "" }}
}

// EnvTenant reads the Userlot tenant, checked like WithTenant.
func EnvTenant(name string) EnvVar {
	return EnvVar{Name: name, apply: WithTenant, isSet: func(c *transport.Config) bool { return c.Tenant != "" }}
}

// FromEnv fills each setting no option has set from its environment
// variable. An unset or empty variable is skipped (the client then reports
// the missing setting); a variable holding only whitespace, or a value the
// option would refuse, is an error naming the variable and the fix. Client
// constructors call it after applying the options.
func FromEnv(cfg *transport.Config, vars ...EnvVar) error {
	if cfg == nil {
		return fmt.Errorf("option.FromEnv: the config is nil: start from transport.DefaultConfig()")
	}
	for _, v := range vars {
		if v.apply == nil || v.isSet(cfg) {
			continue
		}
		value, ok := os.LookupEnv(v.Name)
		if !ok || value == "" {
			continue
		}
		if strings.TrimSpace(value) == "" {
			return fmt.Errorf("environment variable %s holds only whitespace: set it to the value from your dashboard, or unset it", v.Name)
		}
		if err := v.apply(value)(cfg); err != nil {
			return fmt.Errorf("environment variable %s: %w", v.Name, err)
		}
	}
	return nil
}
