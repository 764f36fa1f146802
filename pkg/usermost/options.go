package usermost

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/cdpkit/cdpkit/internal/transport"
	"github.com/cdpkit/cdpkit/pkg/option"
)

// clientSettings are the options only Usermost's client has.
type clientSettings struct {
	licenseCode string
}

var settings = transport.NewSettings[clientSettings](apiName)

// WithLicenseCode selects the Usermost account (default: the
// USERMOST_LICENSE_CODE environment variable). Surrounding whitespace is
// trimmed; a code with a path or query character, whitespace or a control
// character inside is refused. Client only; the other clients refuse it.
func WithLicenseCode(code string) option.RequestOption {
	return settings.Option("usermost.WithLicenseCode", func(s *clientSettings) error {
		code = strings.TrimSpace(code)
		if code == "" || strings.ContainsAny(code, "/?#%") || strings.ContainsFunc(code, unicode.IsSpace) || strings.ContainsFunc(code, unicode.IsControl) {
			return fmt.Errorf("usermost.WithLicenseCode: %q is not a license code: copy it from the Usermost dashboard", code)
		}
		s.licenseCode = code
		return nil
	})
}

// checkRequestID is the form Usermost's x-request-id takes, for a caller's
// option.WithIdempotencyKey as for SendBatch's requestID.
func checkRequestID(id string) error {
	if !requestIDPattern.MatchString(id) {
		return fmt.Errorf("%q is not 8 to 64 hexadecimal characters, the form of Usermost's x-request-id: derive it from a hash of the write", id)
	}
	return nil
}
