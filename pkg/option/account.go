package option

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/cdpkit/cdpkit/internal/transport"
)

// WithLicenseCode selects the Usermost account (default: the
// USERMOST_LICENSE_CODE environment variable). Only the Usermost client
// accepts it.
func WithLicenseCode(code string) RequestOption {
	return func(c *transport.Config) error {
		code = strings.TrimSpace(code)
		if code == "" || strings.ContainsAny(code, "/?#%") || strings.ContainsFunc(code, unicode.IsSpace) || strings.ContainsFunc(code, isControl) {
			return fmt.Errorf("option.WithLicenseCode: %q is not a license code: copy it from the Usermost dashboard", code)
		}
		c.LicenseCode = code
		return nil
	}
}

var dnsLabel = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// WithTenant selects the Userlot workspace, the subdomain in
// https://<tenant>.userlot.app (default: USERLOT_TENANT). Only the Userlot
// client accepts it.
func WithTenant(tenant string) RequestOption {
	return func(c *transport.Config) error {
		t := strings.ToLower(strings.TrimSpace(tenant))
		if !dnsLabel.MatchString(t) {
			return fmt.Errorf("option.WithTenant: %q is not a subdomain: use the part before .userlot.app, e.g. \"acme\"", tenant)
		}
		c.Tenant = t
		return nil
	}
}

// Regions accepted by WithRegion.
var regions = []string{"us", "eu", "in"}

// WithRegion selects the Userpilot data centre: "us" (default), "eu" or
// "in" (default: USERPILOT_REGION). Only the Userpilot client accepts it.
// Userpilot's API pages name the US and EU hosts; the "in" host
// (analytex-in.userpilot.io) is inferred from its content-security-policy
// page, so check the account's Environment page before choosing it.
func WithRegion(region string) RequestOption {
	return func(c *transport.Config) error {
		r := strings.ToLower(strings.TrimSpace(region))
		for _, ok := range regions {
			if r == ok {
				c.Region = r
				return nil
			}
		}
		return fmt.Errorf("option.WithRegion: %q is not a region: use one of %s, or option.WithBaseURL for an enterprise host", region, strings.Join(regions, ", "))
	}
}
