package userlot

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/cdpkit/cdpkit/internal/transport"
	"github.com/cdpkit/cdpkit/pkg/option"
)

// clientSettings are the options only Userlot's client has.
type clientSettings struct {
	tenant string
}

var settings = transport.NewSettings[clientSettings](apiName)

var dnsLabel = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// WithTenant selects the Userlot workspace, the subdomain in
// https://<tenant>.userlot.app (default: USERLOT_TENANT). It is trimmed and
// lower-cased; anything but a DNS label is refused. Client only; the other
// clients refuse it.
func WithTenant(tenant string) option.RequestOption {
	return settings.Option("userlot.WithTenant", func(s *clientSettings) error {
		t := strings.ToLower(strings.TrimSpace(tenant))
		if !dnsLabel.MatchString(t) {
			return fmt.Errorf("userlot.WithTenant: %q is not a subdomain: use the part before %s, e.g. \"acme\"", tenant, HostSuffix)
		}
		s.tenant = t
		return nil
	})
}
