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
// is there, the formats its strings obviously have, nothing required.
// Values that are Postman variables ({{id}}) say nothing about format.
func inferSchema(v *yaml.Node) *yaml.Node {
	s := mapNode()
	switch v.Kind {
	case yaml.MappingNode:
		set(s, "type", strNode("object"))
		props := mapNode()
		for i := 0; i+1 < len(v.Content); i += 2 {
			set(props, v.Content[i].Value, inferSchema(v.Content[i+1]))
		}
		set(s, "properties", props)
	case yaml.SequenceNode:
		set(s, "type", strNode("array"))
		if len(v.Content) > 0 {
			set(s, "items", inferSchema(v.Content[0]))
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
		default:
			set(s, "type", strNode("string"))
			set(s, "format", formatOf(v.Value))
		}
	}
	return s
}

var (
	uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

// formatOf returns the OpenAPI format a string example evidently has, or
// nil.
func formatOf(s string) *yaml.Node {
	if s == "" || strings.Contains(s, "{{") {
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
	if _, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return strNode("date-time")
	}
	if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
		if u, err := url.Parse(s); err == nil && u.Host != "" {
			return strNode("uri")
		}
	}
	if strings.Count(s, "@") == 1 && !strings.ContainsAny(s, " <>") {
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
