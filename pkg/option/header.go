package option

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/cdpkit/cdpkit/internal/transport"
)

// headerName is the RFC 9110 token syntax.
var headerName = regexp.MustCompile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")

// managedHeaders are set by the client itself; a fixed value would be
// overwritten or would break the request.
var managedHeaders = map[string]string{
	"user-agent":        "use option.WithUserAgent to add to it",
	"host":              "use option.WithBaseURL",
	"content-length":    "the client computes it",
	"transfer-encoding": "the client chooses it",
	"connection":        "the client manages connections",
}

// WithHeader adds a header to every request of a client, or to the
// requests of one call; a header the request already carries wins.
// Calling it twice with one name sends both values. Client or call.
//
// A header whose name looks like a credential (Authorization, ApiKey,
// anything with key, token, secret, auth… in its name: the list logs are
// redacted by) is refused: pass the key with WithAPIKey, so it is sent with
// the API's own scheme and masked everywhere. So is the API's idempotency
// header (use WithIdempotencyKey) and the headers the client manages.
func WithHeader(key, value string) RequestOption {
	return transport.PolicyOption("option.WithHeader", func(c *transport.Policy) error {
		if !headerName.MatchString(key) {
			return fmt.Errorf("option.WithHeader: %q is not a valid header name: use letters, digits and hyphens", key)
		}
		if transport.IsSecretName(key) {
			return fmt.Errorf("option.WithHeader: %q carries credentials: use option.WithAPIKey instead", key)
		}
		if why, ok := managedHeaders[strings.ToLower(key)]; ok {
			return fmt.Errorf("option.WithHeader: %q is set by the client: %s", key, why)
		}
		if strings.ContainsFunc(value, isControl) {
			return fmt.Errorf("option.WithHeader: the value of %q contains a line break or control character", key)
		}
		if c.Headers == nil {
			c.Headers = http.Header{}
		}
		c.Headers.Add(key, value)
		return nil
	})
}
