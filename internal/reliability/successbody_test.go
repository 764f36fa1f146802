package reliability

import (
	"errors"
	"testing"

	"github.com/cdpkit/cdpkit/internal/faultproxy"
	"github.com/cdpkit/cdpkit/internal/transport"
)

// TestUndecodableSuccessKeepsNoBody is defect 10 (and class 12) over every
// call: a 2xx answer the client cannot use is an *Error naming the API and
// the status — never a bare encoding/json error — and never carries the raw
// body, which may hold secrets the API returned.
func TestUndecodableSuccessKeepsNoBody(t *testing.T) {
	e, proxies := proxied(t, func(string) faultproxy.Config { return faultproxy.Config{} })
	for _, c := range catalogue() {
		if c.name == "ExportsService.Open" || c.name == "ExportsService.Rows" {
			continue // downloads go to the presigned URL, not through the proxy
		}
		for _, f := range []faultproxy.Fault{{Kind: faultproxy.GarbageJSON}, {Kind: faultproxy.WrongContentType}, {Kind: faultproxy.TruncatedBody}} {
			o := run(t, e, proxies[c.api], c, f)
			if o.err == nil || o.unmet {
				continue // the call did not need the body
			}
			var apiErr *transport.Error
			if !errors.As(o.err, &apiErr) {
				var connErr *transport.ConnError
				if errors.As(o.err, &connErr) {
					continue
				}
				t.Errorf("%s %s under %s: a bare error, not an *Error with API, operation and status: %v", c.api, c.name, f, o.err)
				continue
			}
			if apiErr.StatusCode >= 200 && apiErr.StatusCode < 300 && len(apiErr.Body) > 0 {
				t.Errorf("%s %s under %s: a %d answer kept its body in Error.Body: %.60q", c.api, c.name, f, apiErr.StatusCode, apiErr.Body)
			}
			if apiErr.API != c.api {
				t.Errorf("%s %s under %s: Error.API = %q", c.api, c.name, f, apiErr.API)
			}
		}
	}
}
