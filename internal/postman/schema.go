package postman

import (
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// inferSchema derives a schema from one example value: the types of what
// is there, the formats its strings evidently have, nothing required.
// Values that are Postman variables ({{id}}) say nothing about format.
// Each format guessed is added to guesses as "key: format".
func inferSchema(key string, v *yaml.Node, guesses *[]string) *yaml.Node {
	s := mapNode()
	switch v.Kind {
	case yaml.MappingNode:
		set(s, "type", strNode("object"))
		props := mapNode()
		for i := 0; i+1 < len(v.Content); i += 2 {
			set(props, v.Content[i].Value, inferSchema(v.Content[i].Value, v.Content[i+1], guesses))
		}
		set(s, "properties", props)
	case yaml.SequenceNode:
		set(s, "type", strNode("array"))
		if len(v.Content) > 0 {
			set(s, "items", inferSchema(key, v.Content[0], guesses))
		} else {
			set(s, "items", mapNode())
		}
	case yaml.ScalarNode:
		switch v.Tag {
		case "!!int":
			set(s, "type", strNode("integer"))
		case "!!float":
			set(s, "type", strNode("number"))
		case "!!bool":
			set(s, "type", strNode("boolean"))
		case "!!null":
			// nullable needs a type beside it (OpenAPI 3.0); string is a guess.
			set(s, "type", strNode("string"))
			set(s, "nullable", boolNode(true))
			set(s, "description", strNode("null in the example, so its type is a guess (string); correct it."))
			*guesses = append(*guesses, key+": string (null in the example)")
		default:
			set(s, "type", strNode("string"))
			if f := formatOf(key, v.Value); f != nil {
				set(s, "format", f)
				*guesses = append(*guesses, key+": "+f.Value)
			}
		}
	}
	return s
}

var (
	uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	// emailRE is the e-mail address the standard linters accept (AJV's):
	// the domain has a dot, so "MyP@ssword4" is not one.
	emailRE = regexp.MustCompile(`(?i)^[a-z0-9!#$%&'*+/=?^_` + "`" + `{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_` + "`" + `{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$`)
	// secretKey matches keys whose values are secrets: whatever they look
	// like, they get no format.
	secretKey = regexp.MustCompile(`(?i)(pass(word|wd|phrase)?|secret|token|api[_-]?key|pin|otp|credential|answer)`)
)

// formatOf returns the OpenAPI format a string value under key evidently
// has, or nil. Only strong evidence counts: a value that is a UUID, an
// RFC 3339 date or date-time, an absolute http(s) URL, or an e-mail
// address with a dotted domain. A key that names a secret gets no format.
func formatOf(key, s string) *yaml.Node {
	if s == "" || strings.Contains(s, "{{") || secretKey.MatchString(key) {
		return nil
	}
	if uuidRE.MatchString(s) {
		return strNode("uuid")
	}
	if dateRE.MatchString(s) {
		if _, err := time.Parse(time.DateOnly, s); err == nil {
			return strNode("date")
		}
	}
	if _, err := time.Parse(time.RFC3339Nano, s); err == nil && strings.Contains(s, "T") {
		return strNode("date-time")
	}
	if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
		if u, err := url.Parse(s); err == nil && u.Host != "" && !strings.ContainsAny(s, " {}") {
			return strNode("uri")
		}
	}
	if emailRE.MatchString(s) {
		if a, err := mail.ParseAddress(s); err == nil && a.Address == s {
			return strNode("email")
		}
	}
	return nil
}

// scalarExample turns a query, header or form value into a typed example
// and the schema type that fits it. Empty values and {{variables}} give a
// string type and no example.
func scalarExample(v string) (typ string, example *yaml.Node) {
	switch {
	case v == "" || strings.Contains(v, "{{"):
		return "string", nil
	case intRE.MatchString(v):
		return "integer", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: v}
	case floatRE.MatchString(v):
		return "number", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: v}
	case v == "true" || v == "false":
		return "boolean", boolNode(v == "true")
	}
	return "string", strNode(v)
}

var (
	intRE   = regexp.MustCompile(`^-?(0|[1-9]\d{0,17})$`)
	floatRE = regexp.MustCompile(`^-?(0|[1-9]\d*)\.\d+$`)
)
