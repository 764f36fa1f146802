package transport

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
)

// alwaysSecretHeaders are redacted in logs whatever the API.
var alwaysSecretHeaders = []string{"Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "Apikey", "X-Api-Key", "Token"}

// secretQueryHint marks a query parameter whose value must not be shown.
var secretQueryHints = []string{"key", "token", "secret", "password", "signature", "auth"}

// redactURL masks the values of query parameters that look like secrets.
func redactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	if u.RawQuery == "" && u.User == nil {
		return u.String()
	}
	c := *u
	c.User = nil
	q := c.Query()
	for k := range q {
		lk := strings.ToLower(k)
		for _, hint := range secretQueryHints {
			if strings.Contains(lk, hint) {
				q[k] = []string{redacted}
				break
			}
		}
	}
	c.RawQuery = q.Encode()
	return c.String()
}

// maskKey replaces every occurrence of the key in b, for servers that echo
// credentials back in error bodies.
func maskKey(b []byte, key Secret) []byte {
	if key == "" || len(b) == 0 {
		return b
	}
	return bytes.ReplaceAll(b, []byte(key.Reveal()), []byte(redacted))
}

func maskKeyString(s string, key Secret) string {
	if key == "" {
		return s
	}
	return strings.ReplaceAll(s, key.Reveal(), redacted)
}

// redactHeaders returns a copy of h that is safe to log.
func (c *Client) redactHeaders(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for k, v := range h {
		if c.isSecretHeader(k) {
			out[k] = []string{redacted}
			continue
		}
		vs := make([]string, len(v))
		for i := range v {
			vs[i] = maskKeyString(v[i], c.cfg.APIKey)
		}
		out[k] = vs
	}
	return out
}

func (c *Client) isSecretHeader(name string) bool {
	for _, s := range alwaysSecretHeaders {
		if strings.EqualFold(s, name) {
			return true
		}
	}
	for _, s := range c.api.SecretHeaders {
		if strings.EqualFold(s, name) {
			return true
		}
	}
	return false
}
