package transport

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// CheckBaseURL accepts an absolute https URL, and plain http only for
// loopback hosts (tests and local fakes), so a key is never sent in clear
// text. User info, a query or a fragment are refused too: generated clients
// append paths to the base URL, and credentials belong in option.WithAPIKey.
// Errors quote the URL (without user info) and say how to fix it.
func CheckBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Scheme == "" || u.Opaque != "" {
		return nil, fmt.Errorf("base URL %q is not an absolute URL: use the form https://host[/path]", withoutUserInfo(raw, u))
	}
	shown := withoutUserInfo(raw, u)
	if u.User != nil {
		return nil, fmt.Errorf("base URL %q carries user info: remove it and pass the key with option.WithAPIKey", shown)
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return nil, fmt.Errorf("base URL %q has a query or fragment: use only scheme, host and path", shown)
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return u, nil
	case "http":
		if IsLoopback(u.Hostname()) {
			return u, nil
		}
		return nil, fmt.Errorf("base URL %q uses plain http: use https (http is allowed only for loopback hosts such as 127.0.0.1)", shown)
	}
	return nil, fmt.Errorf("base URL %q has scheme %q: use https", shown, u.Scheme)
}

// withoutUserInfo keeps a password in a mistyped base URL out of errors.
func withoutUserInfo(raw string, u *url.URL) string {
	if u == nil || u.User == nil {
		return raw
	}
	c := *u
	c.User = nil
	return c.String()
}

// IsLoopback reports whether host names this machine: localhost, an
// address in 127.0.0.0/8, or ::1. Other names that usually resolve to
// loopback (foo.localhost) are not trusted: their resolution is up to DNS.
func IsLoopback(host string) bool {
	host = strings.TrimSuffix(host, ".")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
