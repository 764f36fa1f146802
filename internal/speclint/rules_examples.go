package speclint

import (
	"gopkg.in/yaml.v3"
)

func checkExampleRequired(root *yaml.Node) []Finding {
	var fs []Finding
	for _, b := range bodies(root, true) {
		for _, mt := range mediaTypes(b.node, b.ptr) {
			if has(mt.node, "example") || has(mt.node, "examples") || isBinary(root, get(mt.node, "schema"), mt.ptr) {
				continue
			}
			fs = append(fs, newFinding(mt.ptr, RuleExampleRequired,
				"%s has no example; add example: with a realistic value (it is validated against the schema and shows in the docs)", bodyLabel(b, mt)))
		}
	}
	return fs
}

// isBinary reports whether a body schema is a file (type: string, format:
// binary), for which an example shows nothing useful.
func isBinary(root, schema *yaml.Node, p string) bool {
	s, _ := resolve(root, schema, join(p, "schema"))
	return str(s, "type") == "string" && str(s, "format") == "binary"
}
