package speclint

import (
	"regexp"

	"github.com/getkin/kin-openapi/openapi3"
)

// validTypes are the values OpenAPI 3.0 allows for a schema's type.
var validTypes = map[string]bool{
	"string": true, "number": true, "integer": true, "boolean": true, "array": true, "object": true,
}

// schemaUsable reports whether s and every schema below it have a valid
// type and a pattern Go can compile. Examples are validated only against
// usable schemas: against a broken one, kin-openapi reports nonsense (or
// panics), and openapi-structure reports the schema itself.
func schemaUsable(s *openapi3.Schema) bool {
	return usable(s, map[*openapi3.Schema]bool{})
}

func usable(s *openapi3.Schema, seen map[*openapi3.Schema]bool) bool {
	if s == nil || seen[s] {
		return true
	}
	seen[s] = true
	if s.Type != nil {
		for _, t := range s.Type.Slice() {
			if !validTypes[t] {
				return false
			}
		}
	}
	if s.Pattern != "" {
		if _, err := regexp.Compile(s.Pattern); err != nil {
			return false
		}
	}
	subs := []*openapi3.SchemaRef{s.Items, s.Not, s.AdditionalProperties.Schema}
	for _, p := range s.Properties {
		subs = append(subs, p)
	}
	for _, c := range compositions(s) {
		subs = append(subs, c.list...)
	}
	for _, sub := range subs {
		if sub != nil && !usable(sub.Value, seen) {
			return false
		}
	}
	return true
}
