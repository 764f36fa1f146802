package speclint

import (
	"gopkg.in/yaml.v3"
)

// findDuplicateKeys reports every key that appears more than once in one
// mapping. YAML forbids it, yet the node tree keeps both entries, and
// kin-openapi then fails with a message that does not say where.
func findDuplicateKeys(root *yaml.Node) []Finding {
	var fs []Finding
	var walk func(n *yaml.Node, p string)
	walk = func(n *yaml.Node, p string) {
		switch n.Kind {
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, join(p, itoa(i)))
			}
		case yaml.MappingNode:
			first := map[string]int{}
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i]
				if line, dup := first[k.Value]; dup {
					fs = append(fs, newFinding(join(p, k.Value), RuleOpenAPILoad,
						"key %q appears twice in one mapping (lines %d and %d), which YAML forbids; keep one of them",
						k.Value, line, k.Line))
					continue
				}
				first[k.Value] = k.Line
				walk(n.Content[i+1], join(p, k.Value))
			}
		}
	}
	walk(root, "")
	return fs
}
