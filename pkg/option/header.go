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

// credentialHeaders may only be set through WithAPIKey, so that the key is
// redacted everywhere and sent with the API's own scheme.
var credentialHeaders = []string{
	"authorization", "proxy-authorization", "apikey", "api-key", "x-api-key", "token",
	"x-auth-token", "x-access-token", "cookie",
}

// managedHeaders are set by the client itself; a fixed value would be
// overwritten or would break the request.
var managedHeaders = map[string]string{
	"user-agent":        "use option.WithUserAgent to add to it",
	"host":              "use option.WithBaseURL",
	"content-length":    "the client computes it",
	"transfer-encoding": "the client chooses it",
	"connection":        "the client manages connections",
}

// WithHeader adds a header to every request; a header the request already
// carries wins. Credentials (Authorization, ApiKey…) are refused: pass them
// with WithAPIKey. Calling it twice with one name sends both values.
func WithHeader(key, value string) RequestOption {
	return func(c *transport.Config) error {
		if !headerName.MatchString(key) {
			return fmt.Errorf("option.WithHeader: %q is not a valid header name: use letters, digits and hyphens", key)
		}
		for _, h := range credentialHeaders {
			if strings.EqualFold(key, h) {
				return fmt.Errorf("option.WithHeader: %q carries credentials: use option.WithAPIKey instead", key)
			}
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
	}
}
