package speclint

import (
	"fmt"
	"slices"

	"github.com/getkin/kin-openapi/openapi3"
)

// The checks in this file make example validation as strict as that of
// Spectral and Redocly, which validate examples with AJV (JSON Schema
// draft 4 plus OpenAPI's nullable), where kin-openapi is more lenient:
//
//   - Redocly's recommended ruleset treats a schema that lists properties
//     and says nothing of additionalProperties as closed (its AJV runs with
//     unevaluatedProperties false by default), so an example with an
//     undeclared property fails. As in AJV, properties evaluated by allOf
//     branches (and by the oneOf/anyOf branches the value matches) count,
//     and no default applies inside oneOf, anyOf or not, or to a schema
//     that is itself an allOf branch.
//   - A null that nullable allows must still be in the enum, if any.
//   - A schema with nullable but no type, or a repeated or empty enum or
//     required list, is rejected outright (ajvSchemaProblem), so those
//     linters report every example that uses it.

// strictError is one failure found by strictErrors.
type strictError struct {
	ptr    string
	reason string
}

// strictErrors checks value, found at ptr, against s as described above.
// composite is true inside oneOf, anyOf or not; allOfBranch when s is an
// allOf branch applied to the same value as its parent.
func (w *exampleWalker) strictErrors(ptr string, s *openapi3.Schema, value any, composite, allOfBranch bool) []strictError {
	return strictCheck(ptr, s, value, composite, allOfBranch, 0)
}

func strictCheck(ptr string, s *openapi3.Schema, value any, composite, allOfBranch bool, depth int) []strictError {
	if s == nil || depth > 64 {
		return nil
	}
	var out []strictError
	switch v := value.(type) {
	case nil:
		if s.Nullable && len(s.Enum) > 0 && !slices.Contains(s.Enum, any(nil)) {
			out = append(out, strictError{ptr, "null is allowed by nullable but is not one of the enum values, which JSON Schema " +
				"validators check as well; add null to the enum"})
		}
	case map[string]any:
		closed := !composite && !allOfBranch && s.Properties != nil &&
			s.AdditionalProperties.Has == nil && s.AdditionalProperties.Schema == nil
		if closed {
			declared := evaluatedProperties(s, v, map[*openapi3.Schema]bool{})
			for _, k := range sortedKeys(v) {
				if !declared[k] {
					out = append(out, strictError{join(ptr, k), fmt.Sprintf("property %q is not declared in the schema, and Redocly "+
						"treats a schema with properties as closed; declare it, remove it, or set additionalProperties: true", k)})
				}
			}
		}
		for _, k := range sortedKeys(v) {
			for _, ps := range propertySchemas(s, k) {
				out = append(out, strictCheck(join(ptr, k), ps, v[k], composite, false, depth+1)...)
			}
		}
	case []any:
		if s.Items != nil {
			for i, e := range v {
				out = append(out, strictCheck(join(ptr, itoa(i)), s.Items.Value, e, composite, false, depth+1)...)
			}
		}
	}
	for _, sub := range s.AllOf {
		if sub != nil {
			out = append(out, strictCheck(ptr, sub.Value, value, composite, true, depth+1)...)
		}
	}
	for _, list := range []openapi3.SchemaRefs{s.OneOf, s.AnyOf, {s.Not}} {
		for _, sub := range list {
			if sub != nil {
				out = append(out, strictCheck(ptr, sub.Value, value, true, false, depth+1)...)
			}
		}
	}
	return out
}

// propertySchemas returns the schemas that apply to property k of an
// object validated against s: its own property schema, or its
// additionalProperties schema.
func propertySchemas(s *openapi3.Schema, k string) []*openapi3.Schema {
	if p := s.Properties[k]; p != nil {
		return []*openapi3.Schema{p.Value}
	}
	if ap := s.AdditionalProperties.Schema; ap != nil {
		return []*openapi3.Schema{ap.Value}
	}
	return nil
}

// evaluatedProperties returns the properties of v that s evaluates: its
// own, those of its allOf branches, and those of the oneOf and anyOf
// branches that v matches.
func evaluatedProperties(s *openapi3.Schema, v map[string]any, seen map[*openapi3.Schema]bool) map[string]bool {
	out := map[string]bool{}
	if s == nil || seen[s] {
		return out
	}
	seen[s] = true
	if s.AdditionalProperties.Has != nil || s.AdditionalProperties.Schema != nil {
		for k := range v {
			out[k] = true
		}
	}
	for k := range s.Properties {
		out[k] = true
	}
	add := func(sub *openapi3.SchemaRef) {
		if sub == nil {
			return
		}
		for k := range evaluatedProperties(sub.Value, v, seen) {
			out[k] = true
		}
	}
	for _, sub := range s.AllOf {
		add(sub)
	}
	for _, sub := range append(slices.Clone(s.OneOf), s.AnyOf...) {
		if sub != nil && sub.Value != nil && visit(sub.Value, any(v), nil) == nil {
			add(sub)
		}
	}
	return out
}

// ajvSchemaProblem returns why an AJV-based validator would refuse the
// schema s or one it uses, or "".
func ajvSchemaProblem(ref *openapi3.SchemaRef, seen map[*openapi3.Schema]bool) string {
	if ref == nil || ref.Value == nil || seen[ref.Value] {
		return ""
	}
	s := ref.Value
	seen[s] = true
	at := ""
	if ref.Ref != "" {
		at = " (in " + ref.Ref + ")"
	}
	for _, t := range s.Type.Slice() {
		if !validTypes[t] {
			return fmt.Sprintf("type %q is not a JSON Schema type", t) + at
		}
	}
	switch {
	case s.MultipleOf != nil && *s.MultipleOf <= 0:
		return "multipleOf is not above 0" + at
	case s.Nullable && s.Type == nil:
		return "nullable is used without type" + at
	case len(s.Required) == 0 && s.Required != nil:
		return "required is an empty list" + at
	case hasRepeats(s.Required):
		return "required repeats a name" + at
	case s.Enum != nil && len(s.Enum) == 0:
		return "enum is empty" + at
	case hasRepeats(s.Enum):
		return "enum repeats a value" + at
	}
	subs := []*openapi3.SchemaRef{s.Items, s.Not, s.AdditionalProperties.Schema}
	for _, k := range sortedKeys(s.Properties) {
		subs = append(subs, s.Properties[k])
	}
	for _, c := range compositions(s) {
		subs = append(subs, c.list...)
	}
	for _, sub := range subs {
		if p := ajvSchemaProblem(sub, seen); p != "" {
			return p
		}
	}
	return ""
}

// hasRepeats reports whether two entries of list are the same JSON value.
func hasRepeats[T any](list []T) bool {
	seen := map[string]bool{}
	for _, e := range list {
		k := fmt.Sprintf("%#v", normalize(any(e)))
		if seen[k] {
			return true
		}
		seen[k] = true
	}
	return false
}
