package transport

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// errRedirectRefused marks a redirect the client will not follow; retrying
// the request would meet the same redirect.
var errRedirectRefused = errors.New("redirect refused")

// authHeaderNames lists the headers api.Authenticate sets, found by letting
// it write into an empty header.
func authHeaderNames(api API) []string {
	h := http.Header{}
	api.Authenticate(h, NewSecret("probe"))
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	return names
}

// redirectGuard wraps next (which may be nil, or the caller's own
// CheckRedirect) with the rules that keep credentials safe across
// redirects: never follow one to plain http (except loopback); never re-send
// a request body to another host (a 307 or 308 would, and a body can create
// credentials); and strip every credential header when the redirect leaves
// the original host — the headers the API's scheme sets and those it lists,
// and any header with a secret-looking name (IsSecretName). net/http strips
// Authorization and Cookie on such a hop, but not custom headers such as
// ApiKey or X-Partner-Key.
func (c *Client) redirectGuard(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	listed := append(authHeaderNames(c.api), c.api.SecretHeaders...)
	return func(req *http.Request, via []*http.Request) error {
		if len(via) >= 10 {
			return fmt.Errorf("%w: stopped after 10 redirects", errRedirectRefused)
		}
		if !strings.EqualFold(req.URL.Scheme, "https") && !IsLoopback(req.URL.Hostname()) {
			return fmt.Errorf("%w: %s is not https", errRedirectRefused, redactURL(req.URL))
		}
		if !strings.EqualFold(req.URL.Host, via[0].URL.Host) {
			if req.Body != nil && req.Body != http.NoBody {
				return fmt.Errorf("%w: %s would re-send the request body to another host", errRedirectRefused, redactURL(req.URL))
			}
			for _, h := range listed {
				req.Header.Del(h)
			}
			for h := range req.Header {
				if IsSecretName(h) {
					req.Header.Del(h)
				}
			}
		}
		if next != nil {
			return next(req, via)
		}
		return nil
	}
}

// guardHTTPClient applies redirectGuard to an *http.Client, on a copy so
// the caller's client is left as it was. Other Doers are used as given.
func (c *Client) guardHTTPClient(d Doer) Doer {
	hc, ok := d.(*http.Client)
	if !ok {
		return d
	}
	guarded := *hc
	guarded.CheckRedirect = c.redirectGuard(hc.CheckRedirect)
	return &guarded
}

// permanentConnError reports connection failures that another attempt
// cannot fix: a certificate the client will not trust, or a redirect it
// refused.
func permanentConnError(err error) bool {
	var unknownAuthority x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verify *tls.CertificateVerificationError
	return errors.Is(err, errRedirectRefused) ||
		errors.As(err, &unknownAuthority) || errors.As(err, &hostname) ||
		errors.As(err, &invalid) || errors.As(err, &verify)
}
