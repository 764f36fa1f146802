package speclint

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// componentSchemas returns the schemas under components.schemas with their
// pointers, in document order.
func componentSchemas(root *yaml.Node) []pair {
	return pairs(get(get(root, "components"), "schemas"))
}

func checkSchemaNamed(root *yaml.Node) []Finding {
	var fs []Finding
	for _, b := range bodies(root, false) {
		for _, mt := range mediaTypes(b.node, b.ptr) {
			schema := get(mt.node, "schema")
			if schema == nil {
				if isJSON(mt.name) {
					fs = append(fs, newFinding(mt.ptr, RuleSchemaNamed,
						"%s has no schema; add schema: {$ref: '#/components/schemas/Name'} naming a described components schema", bodyLabel(b, mt)))
				}
				continue
			}
			if at, bad := inlineObject(schema, join(mt.ptr, "schema")); bad {
				fs = append(fs, newFinding(at, RuleSchemaNamed,
					"%s uses an inline schema; move it to components.schemas under a name, with a description, and $ref it here "+
						"(otherwise the generated client invents a name for it)", bodyLabel(b, mt)))
			}
		}
	}
	return fs
}

// bodyLabel names a body in messages: "the request body (application/json)".
func bodyLabel(b body, mt mediaType) string {
	if b.request {
		return "the request body (" + mt.name + ")"
	}
	if b.status != "" {
		return "the " + b.status + " response (" + mt.name + ")"
	}
	return "the response (" + mt.name + ")"
}

// inlineObject reports whether a body schema is anything but a $ref, an
// array of $refs or a scalar, and where.
func inlineObject(s *yaml.Node, p string) (string, bool) {
	if has(s, "$ref") {
		return "", false
	}
	switch str(s, "type") {
	case "array":
		items := get(s, "items")
		if items == nil {
			return p, true
		}
		return inlineObject(items, join(p, "items"))
	case "string", "integer", "number", "boolean":
		if !has(s, "properties") && !has(s, "allOf") && !has(s, "oneOf") && !has(s, "anyOf") {
			return "", false
		}
	}
	return p, true
}

func checkSchemaDescription(root *yaml.Node) []Finding {
	var fs []Finding
	for _, kv := range componentSchemas(root) {
		if has(kv.val, "$ref") || nonEmpty(kv.val, "description") {
			continue
		}
		fs = append(fs, newFinding(join("", "components", "schemas", kv.key), RuleSchemaDescription,
			"schema %q has no description; add one that says what the object is (it becomes the Go type's doc comment)", kv.key))
	}
	return fs
}

// property is one property of a schema below components.schemas.
type property struct {
	name   string
	ptr    string
	node   *yaml.Node
	parent *yaml.Node // the schema whose properties hold it
}

// componentProperties returns every property of every components schema,
// nested inline schemas included, in document order.
func componentProperties(root *yaml.Node) []property {
	var out []property
	for _, sc := range allSchemas(root) {
		if !isSchemaPointer(sc.ptr) || has(sc.node, "$ref") {
			continue
		}
		for _, kv := range pairs(get(sc.node, "properties")) {
			out = append(out, property{name: kv.key, ptr: join(sc.ptr, "properties", kv.key), node: kv.val, parent: sc.node})
		}
	}
	return out
}

func checkPropertyType(root *yaml.Node) []Finding {
	var fs []Finding
	for _, prop := range componentProperties(root) {
		n := prop.node
		if !isMap(n) {
			continue // kin-openapi reports a property that is not a schema
		}
		if has(n, "type") || has(n, "$ref") || has(n, "allOf") || has(n, "oneOf") || has(n, "anyOf") {
			continue
		}
		fs = append(fs, newFinding(prop.ptr, RulePropertyType,
			"property %q has no type; add type (and format where one applies), or $ref a components schema", prop.name))
	}
	return fs
}

// expectedFormat returns the format a string property with this name
// should declare, or "".
func expectedFormat(name string) string {
	lower := strings.ToLower(name)
	switch {
	case strings.HasSuffix(name, "_at") && len(name) > 3,
		strings.HasSuffix(name, "At") && len(name) > 2 && isLowerOrDigit(name[len(name)-3]):
		return "date-time"
	case lower == "email" || strings.HasSuffix(name, "_email") || strings.HasSuffix(name, "Email"):
		return "email"
	case lower == "url" || strings.HasSuffix(name, "_url") || strings.HasSuffix(name, "Url") || strings.HasSuffix(name, "URL"):
		return "uri"
	}
	return ""
}

func isLowerOrDigit(c byte) bool {
	return ('a' <= c && c <= 'z') || ('0' <= c && c <= '9')
}

// explainsUnverified reports whether a schema is marked x-unverified and
// says why in its description.
func explainsUnverified(s *yaml.Node) bool {
	return isTrue(get(s, "x-unverified")) && nonEmpty(s, "description")
}

func checkPropertyFormat(root *yaml.Node) []Finding {
	var fs []Finding
	for _, prop := range componentProperties(root) {
		n := prop.node
		want := expectedFormat(prop.name)
		if want == "" || str(n, "type") != "string" || has(n, "format") {
			continue
		}
		if nonEmpty(n, "x-format-note") || explainsUnverified(n) || explainsUnverified(prop.parent) {
			continue
		}
		eg := ""
		if want == "date-time" {
			eg = " (e.g. timestamps like 2013-01-26T07:31+0000)"
		}
		fs = append(fs, newFinding(prop.ptr, RulePropertyFormat,
			"string property %q has no format; add format: %s, or, if the vendor's values do not follow it%s, "+
				"an x-format-note that says what they look like", prop.name, want, eg))
	}
	return fs
}
