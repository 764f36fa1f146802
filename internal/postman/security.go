package postman

import (
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// scheme is a security scheme of the draft.
type scheme struct {
	name string
	node *yaml.Node
}

// credentialHeaders are header names (lower case, without - and _) that
// carry credentials; the draft turns them into security schemes, never
// header parameters.
var credentialHeaders = map[string]bool{
	"authorization": true, "apikey": true, "xapikey": true, "token": true,
	"apitoken": true, "xapitoken": true, "authtoken": true, "xauthtoken": true,
	"accesstoken": true, "xaccesstoken": true,
}

func isCredentialHeader(name string) bool {
	n := strings.NewReplacer("-", "", "_", "").Replace(strings.ToLower(name))
	return credentialHeaders[n]
}

// schemeFromAuth maps a Postman auth block to a scheme. ok is false for
// auth types OpenAPI cannot express the same way; none is true for noauth.
func schemeFromAuth(a *Auth) (s scheme, none, ok bool) {
	switch a.Type {
	case "noauth":
		return scheme{}, true, true
	case "apikey":
		in := a.Attrs["in"]
		if in == "" {
			in = "header"
		}
		key := a.Attrs["key"]
		if key == "" {
			key = "X-API-Key"
		}
		return apiKeyScheme(key, in, "From the Postman auth block (type apikey)."), false, true
	case "bearer":
		return httpScheme("bearer"), false, true
	case "basic":
		return httpScheme("basic"), false, true
	}
	return scheme{}, false, false
}

func apiKeyScheme(name, in, description string) scheme {
	n := mapNode()
	set(n, "type", strNode("apiKey"))
	set(n, "in", strNode(in))
	set(n, "name", strNode(name))
	set(n, "description", strNode(description))
	sn := schemeName(name)
	switch in {
	case "query":
		sn += "Query"
	case "cookie":
		sn += "Cookie"
	}
	return scheme{name: sn, node: n}
}

func httpScheme(kind string) scheme {
	n := mapNode()
	set(n, "type", strNode("http"))
	set(n, "scheme", strNode(kind))
	return scheme{name: kind + "Auth", node: n}
}

// schemeFromHeader maps a credential header a request sets by hand.
func schemeFromHeader(name, value string) scheme {
	if strings.EqualFold(name, "Authorization") {
		switch {
		case hasPrefixFold(value, "bearer "):
			return httpScheme("bearer")
		case hasPrefixFold(value, "basic "):
			return httpScheme("basic")
		}
	}
	return apiKeyScheme(name, "header", "From the "+name+" header the Postman requests send.")
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// credentialVarName matches variable names that hold secrets.
var credentialVarName = regexp.MustCompile(`(?i)(api[_-]?key|token|secret|password)`)

// headerMention finds "header `ApiKey`" or "`ApiKey` header" in prose.
var headerMention = regexp.MustCompile("(?i)header\\s+(?:named\\s+|called\\s+)?[`'\"]([A-Za-z0-9_-]+)[`'\"]|[`'\"]([A-Za-z0-9_-]+)[`'\"]\\s+header")

// inferScheme is the last resort when no auth block or header says how
// requests authenticate: a secret variable plus a header the description
// names. The result is marked x-unverified.
func (c *converter) inferScheme() (scheme, bool) {
	var secret, where string
	for _, sc := range c.scopes() {
		for _, name := range sortedKeys(sc.values) {
			v := sc.values[name]
			if v.Type == "secret" || credentialVarName.MatchString(name) {
				secret, where = name, sc.name
				break
			}
		}
		if secret != "" {
			break
		}
	}
	if secret == "" {
		return scheme{}, false
	}
	m := headerMention.FindStringSubmatch(string(c.src.Collection.Info.Description))
	if m == nil {
		c.note("variables", "the variable {{%s}} looks like a credential, but the draft found no auth block, credential header or cookie that sends it, and the description names no header for it; add a security scheme by hand", secret)
		return scheme{}, false
	}
	header := m[1] + m[2]
	c.used[secret] = true
	origin := "the collection's variables"
	if where != "" {
		origin = "the environment \"" + where + "\""
	}
	desc := "Inferred, not read from an auth block: the collection's description says the key goes in the `" + header +
		"` header, and " + origin + " holds the secret variable {{" + secret + "}}."
	s := apiKeyScheme(header, "header", desc)
	set(s.node, "x-unverified", boolNode(true))
	c.note("security", "inferred the apiKey scheme %s (header %s) from the description and the secret variable {{%s}}; marked x-unverified", s.name, header, secret)
	return s, true
}
