package speclint

import (
	"fmt"
	"strconv"

	"gopkg.in/yaml.v3"
)

func checkNullableType(root *yaml.Node) []Finding {
	var fs []Finding
	for _, s := range allSchemas(root) {
		if has(s.node, "nullable") && !has(s.node, "type") {
			fs = append(fs, newFinding(join(s.ptr, "nullable"), RuleNullableType,
				"nullable is set without a sibling type; OpenAPI 3.0 defines nullable only next to type, and Spectral and Redocly "+
					"reject the schema (so they skip validating every example that uses it); add the type (e.g. type: string), "+
					"or list the allowed types with oneOf/anyOf, each with its own type and nullable: true"))
		}
	}
	return fs
}

// numericKeywords must be numbers of at least (or, for multipleOf, above)
// zero, as the OpenAPI 3.0 schema requires.
var numericKeywords = []string{"minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"}

func checkSchemaKeywords(root *yaml.Node) []Finding {
	var fs []Finding
	for _, s := range allSchemas(root) {
		n := s.node
		if req := get(n, "required"); req != nil && req.Kind == yaml.SequenceNode {
			fs = append(fs, checkNonEmptyUnique(req, join(s.ptr, "required"), "required",
				"remove the empty required list (no property is required)")...)
		}
		if enum := get(n, "enum"); enum != nil && enum.Kind == yaml.SequenceNode && len(enum.Content) == 0 {
			fs = append(fs, newFinding(join(s.ptr, "enum"), RuleSchemaKeywords,
				"enum is empty, so no value is valid; list the allowed values or remove enum"))
		}
		if v, ok := scalar(get(n, "multipleOf")); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil && f <= 0 {
				fs = append(fs, newFinding(join(s.ptr, "multipleOf"), RuleSchemaKeywords,
					"multipleOf is %s; it must be greater than 0", v))
			}
		}
		for _, key := range numericKeywords {
			if v, ok := scalar(get(n, key)); ok {
				if i, err := strconv.Atoi(v); err == nil && i < 0 {
					fs = append(fs, newFinding(join(s.ptr, key), RuleSchemaKeywords, "%s is %d; it must be 0 or more", key, i))
				}
			}
		}
		typ := str(n, "type")
		if typ != "" && typ != "array" && has(n, "items") {
			fs = append(fs, newFinding(join(s.ptr, "items"), RuleSchemaKeywords,
				"a schema of type %s has items, which only applies to arrays; remove items or set type: array", typ))
		}
		if typ != "" && typ != "object" && has(n, "properties") {
			fs = append(fs, newFinding(join(s.ptr, "properties"), RuleSchemaKeywords,
				"a schema of type %s has properties, which only apply to objects; remove properties or set type: object", typ))
		}
	}
	return fs
}

// checkNonEmptyUnique reports an empty list and repeated entries.
func checkNonEmptyUnique(list *yaml.Node, p, key, emptyFix string) []Finding {
	if len(list.Content) == 0 {
		return []Finding{newFinding(p, RuleSchemaKeywords, "%s is an empty list, which OpenAPI 3.0 forbids; %s", key, emptyFix)}
	}
	var fs []Finding
	first := map[string]int{}
	for i, c := range items(list) {
		k := nodeKey(c)
		if j, dup := first[k]; dup {
			fs = append(fs, newFinding(join(p, itoa(i)), RuleSchemaKeywords,
				"%s lists %s twice (entries %d and %d); keep one", key, c.Value, j, i))
			continue
		}
		first[k] = i
	}
	return fs
}

// nodeKey is a canonical text of a YAML value, for finding repeats: two
// values have the same key when they are the same JSON value.
func nodeKey(n *yaml.Node) string {
	var v any
	if err := n.Decode(&v); err != nil {
		return n.Tag + ":" + n.Value
	}
	return fmt.Sprintf("%#v", normalize(v))
}

// normalize makes decoded YAML comparable: mappings become sorted lists of
// key and value, and integers become float64, as in JSON.
func normalize(v any) any {
	switch x := v.(type) {
	case map[string]any:
		keys := sortedKeys(x)
		out := make([]any, 0, 2*len(keys))
		for _, k := range keys {
			out = append(out, k, normalize(x[k]))
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalize(e)
		}
		return out
	case int:
		return float64(x)
	}
	return v
}

func checkEnumValues(root *yaml.Node) []Finding {
	var fs []Finding
	for _, s := range allSchemas(root) {
		enum := get(s.node, "enum")
		if enum == nil || enum.Kind != yaml.SequenceNode {
			continue
		}
		typ := str(s.node, "type")
		nullable := isTrue(get(s.node, "nullable"))
		first := map[string]int{}
		for i, v := range items(enum) {
			p := join(s.ptr, "enum", itoa(i))
			if j, dup := first[nodeKey(v)]; dup {
				fs = append(fs, newFinding(p, RuleEnumValues,
					"enum lists %s twice (entries %d and %d); keep one", describeValue(v), j, i))
			} else {
				first[nodeKey(v)] = i
			}
			if typ != "" && !valueHasType(v, typ, nullable) {
				fix := "change the value or the type"
				if isNull(v) {
					fix = "add nullable: true, or remove null"
				}
				fs = append(fs, newFinding(p, RuleEnumValues,
					"enum value %s is not of the schema's type %s; %s", describeValue(v), typ, fix))
			}
		}
	}
	return fs
}

// describeValue writes a YAML scalar for a message: strings quoted.
func describeValue(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" {
		return strconv.Quote(n.Value)
	}
	if n.Kind == yaml.ScalarNode {
		return n.Value
	}
	return "a " + map[yaml.Kind]string{yaml.MappingNode: "mapping", yaml.SequenceNode: "list"}[n.Kind]
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// valueHasType reports whether a YAML value is of the JSON Schema type typ
// (null counts when nullable).
func valueHasType(n *yaml.Node, typ string, nullable bool) bool {
	switch {
	case isNull(n):
		return nullable
	case n.Kind == yaml.MappingNode:
		return typ == "object"
	case n.Kind == yaml.SequenceNode:
		return typ == "array"
	}
	switch n.Tag {
	case "!!str", "!!binary", "!!timestamp":
		return typ == "string"
	case "!!bool":
		return typ == "boolean"
	case "!!int":
		return typ == "integer" || typ == "number"
	case "!!float":
		if typ == "integer" {
			f, err := strconv.ParseFloat(n.Value, 64)
			return err == nil && f == float64(int64(f))
		}
		return typ == "number"
	}
	return true
}

func checkSchemaRequired(root *yaml.Node) []Finding {
	var fs []Finding
	for _, s := range allSchemas(root) {
		if isConstraintFragment(s.node) {
			continue
		}
		for i, r := range items(get(s.node, "required")) {
			name, _ := scalar(r)
			if definesProperty(root, s.node, name, map[*yaml.Node]bool{}) {
				continue
			}
			fs = append(fs, newFinding(join(s.ptr, "required", itoa(i)), RuleSchemaRequired,
				"required names %q, which the schema does not define under properties; add the property or correct the name", name))
		}
	}
	return fs
}

// isConstraintFragment reports whether a schema only adds constraints to
// the object it is combined with ({required: [userId]} as an anyOf
// branch): it has no type, no properties and no composition of its own.
func isConstraintFragment(s *yaml.Node) bool {
	for _, key := range []string{"type", "properties", "allOf", "oneOf", "anyOf", "$ref"} {
		if has(s, key) {
			return false
		}
	}
	return true
}

// definesProperty reports whether schema s, or a schema it is composed
// of, defines the property name, or allows any property through
// additionalProperties.
func definesProperty(root, s *yaml.Node, name string, seen map[*yaml.Node]bool) bool {
	s, _ = resolve(root, s, "")
	if !isMap(s) || seen[s] {
		return false
	}
	seen[s] = true
	if get(get(s, "properties"), name) != nil {
		return true
	}
	for _, key := range []string{"allOf", "oneOf", "anyOf"} {
		for _, sub := range items(get(s, key)) {
			if definesProperty(root, sub, name, seen) {
				return true
			}
		}
	}
	return false
}

func checkComposition(root *yaml.Node) []Finding {
	var fs []Finding
	for _, s := range allSchemas(root) {
		for _, key := range []string{"allOf", "anyOf", "oneOf"} {
			list := get(s.node, key)
			if list == nil || list.Kind != yaml.SequenceNode {
				continue
			}
			subs := items(list)
			p := join(s.ptr, key)
			lone := len(subs) < 2 && !has(s.node, "discriminator")
			if key == "allOf" {
				lone = len(subs) == 0 || (len(subs) == 1 && len(pairs(s.node)) == 1)
			}
			if lone {
				fs = append(fs, newFinding(p, RuleComposition,
					"%s has %d schema(s); a composition needs at least two, so use the schema directly", key, len(subs)))
			}
			first := map[string]int{}
			for i, sub := range subs {
				if isMap(sub) && len(sub.Content) == 0 {
					fs = append(fs, newFinding(join(p, itoa(i)), RuleComposition,
						"the schema at %s/%d is empty, so it matches any value; remove it or give it a type", key, i))
				}
				k := nodeKey(sub)
				if j, dup := first[k]; dup {
					fs = append(fs, newFinding(join(p, itoa(i)), RuleComposition,
						"the schema at %s/%d repeats the one at %s/%d; remove one", key, i, key, j))
					continue
				}
				first[k] = i
			}
		}
	}
	return fs
}
