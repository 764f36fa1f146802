package transport

import (
	"fmt"
	"os"
	"strings"
)

// EnvVar names an environment variable a client falls back to, and the
// option whose checks its value must pass: a value read from the
// environment is trimmed and validated exactly like the same value passed
// as an option, and an error names the variable.
type EnvVar struct {
	// Name is the variable, e.g. "USERMOST_LICENSE_CODE".
	Name string
	// Option builds the option for the variable's value.
	Option func(string) Option
	// IsSet reports whether an option already set the value, which then
	// wins over the variable.
	IsSet func(*Config) bool
}

// FromEnv fills each setting no option has set from its environment
// variable. An unset or empty variable is skipped (the client then reports
// the missing setting); a variable holding only whitespace, or a value the
// option would refuse, is an error naming the variable and the fix.
func FromEnv(cfg *Config, vars ...EnvVar) error {
	for _, v := range vars {
		if v.Option == nil || (v.IsSet != nil && v.IsSet(cfg)) {
			continue
		}
		value, ok := os.LookupEnv(v.Name)
		if !ok || value == "" {
			continue
		}
		if strings.TrimSpace(value) == "" {
			return fmt.Errorf("environment variable %s holds only whitespace: set it to the value from your dashboard, or unset it", v.Name)
		}
		o := v.Option(value)
		if o.client == nil {
			return fmt.Errorf("environment variable %s: %s is not a client option", v.Name, o.name)
		}
		if err := o.client(cfg); err != nil {
			return fmt.Errorf("environment variable %s: %w", v.Name, err)
		}
	}
	return nil
}
