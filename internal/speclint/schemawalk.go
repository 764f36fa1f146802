package speclint

import (
	"gopkg.in/yaml.v3"
)

// schemaNode is one Schema Object of the document, written out (not a
// $ref), and where it is.
type schemaNode struct {
	ptr  string
	node *yaml.Node
}

// allSchemas returns every schema written in the document, each once, in
// document order: those under components.schemas, those of parameters,
// headers and media types, and every schema nested in them (properties,
// items, additionalProperties, not, allOf, oneOf, anyOf). $refs are not
// followed: the schema they point at is visited where it is written.
func allSchemas(root *yaml.Node) []schemaNode {
	var out []schemaNode
	seen := map[string]bool{}
	var visit func(n *yaml.Node, p string, depth int)
	visit = func(n *yaml.Node, p string, depth int) {
		if !isMap(n) || seen[p] || depth > 64 {
			return
		}
		seen[p] = true
		out = append(out, schemaNode{ptr: p, node: n})
		for _, kv := range pairs(get(n, "properties")) {
			visit(kv.val, join(p, "properties", kv.key), depth+1)
		}
		for _, key := range []string{"items", "additionalProperties", "not"} {
			visit(get(n, key), join(p, key), depth+1)
		}
		for _, key := range []string{"allOf", "oneOf", "anyOf"} {
			for i, sub := range items(get(n, key)) {
				visit(sub, join(p, key, itoa(i)), depth+1)
			}
		}
	}
	for _, kv := range componentSchemas(root) {
		visit(kv.val, join("", "components", "schemas", kv.key), 0)
	}
	walkObjects(root, func(p string, n *yaml.Node) {
		if s := get(n, "schema"); isMap(s) && !isSchemaPointer(p) {
			visit(s, join(p, "schema"), 0)
		}
	})
	return out
}

// isSchemaPointer reports whether p is inside components.schemas, where
// a key named "schema" is a property, not a keyword.
func isSchemaPointer(p string) bool {
	return hasPointerPrefix(p, "/components/schemas")
}
