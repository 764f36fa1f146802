package transport

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// CheckBaseURL accepts https URLs, and plain http only for loopback hosts
// (tests and local fakes), so a key is never sent in clear text.
func CheckBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Scheme == "" {
		return nil, fmt.Errorf("base URL %q is not an absolute URL: use the form https://host[/path]", raw)
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return u, nil
	case "http":
		if IsLoopback(u.Hostname()) {
			return u, nil
		}
		return nil, fmt.Errorf("base URL %q uses plain http: use https (http is allowed only for loopback hosts such as 127.0.0.1)", raw)
	}
	return nil, fmt.Errorf("base URL %q has scheme %q: use https", raw, u.Scheme)
}

// IsLoopback reports whether host names this machine.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
