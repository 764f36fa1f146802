package transport

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
)

// alwaysSecretHeaders are redacted in logs whatever the API.
var alwaysSecretHeaders = []string{"Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "Apikey", "X-Api-Key", "Token"}

// secretHeaderHints catch credential headers nobody listed (X-Auth-Token,
// X-Session-Id…). Hiding a harmless header in a log costs little; showing a
// credential costs a rotation.
var secretHeaderHints = []string{"auth", "token", "secret", "password", "passwd", "api-key", "apikey", "api_key", "cookie", "session", "signature", "credential"}

// secretQueryHints mark a query parameter whose value must not be shown.
// "key" covers api_key, apikey, access_key and the like.
var secretQueryHints = []string{"key", "token", "secret", "password", "passwd", "pwd", "signature", "auth", "credential", "session", "jwt"}

func nameHints(name string, hints []string) bool {
	n := strings.ToLower(name)
	for _, h := range hints {
		if strings.Contains(n, h) {
			return true
		}
	}
	return false
}

// redactURL masks the values of query parameters that look like secrets
// and drops user info and fragment. It edits the raw query in place rather
// than re-encoding it, so the parameters keep their order and the mask reads
// as [REDACTED], not %5BREDACTED%5D.
func redactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.User = nil
	c.Fragment, c.RawFragment = "", ""
	if c.RawQuery != "" {
		parts := strings.Split(c.RawQuery, "&")
		for i, p := range parts {
			rawName, _, _ := strings.Cut(p, "=")
			name, err := url.QueryUnescape(rawName)
			if err != nil {
				name = rawName
			}
			if nameHints(name, secretQueryHints) {
				parts[i] = rawName + "=" + redacted
			}
		}
		c.RawQuery = strings.Join(parts, "&")
	}
	return c.String()
}

// safeURL is redactURL plus the key masked, for keys a caller put in a path.
func (c *Client) safeURL(u *url.URL) string { return c.mask(redactURL(u)) }

// maskKey replaces every occurrence of the key in b, for servers that echo
// credentials back in error bodies.
func maskKey(b []byte, key Secret) []byte {
	if key == "" || len(b) == 0 {
		return b
	}
	return bytes.ReplaceAll(b, []byte(key.Reveal()), []byte(redacted))
}

func maskKeyString(s string, key Secret) string {
	if key == "" || s == "" {
		return s
	}
	return strings.ReplaceAll(s, key.Reveal(), redacted)
}

// mask removes the client's key from s.
func (c *Client) mask(s string) string { return maskKeyString(s, c.cfg.APIKey) }

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
			vs[i] = c.mask(v[i])
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
	return nameHints(name, secretHeaderHints)
}
