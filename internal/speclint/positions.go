package speclint

import (
	"gopkg.in/yaml.v3"
)

// position is a 1-based line and column in a YAML text.
type position struct{ line, col int }

// keyEntry describes one mapping key of the document.
type keyEntry struct {
	key        string // the key's text
	ptr        string // JSON pointer of the key's value
	parent     string // JSON pointer of the mapping that holds the key
	collection bool   // the value is a mapping or a sequence
}

// positionIndex maps the position of every mapping key to JSON pointers.
// kin-openapi records positions (its Origin) on the errors it returns; the
// index turns them back into pointers.
type positionIndex map[position]keyEntry

// indexPositions indexes every mapping key below root.
func indexPositions(root *yaml.Node) positionIndex {
	idx := positionIndex{}
	var walk func(n *yaml.Node, p string)
	walk = func(n *yaml.Node, p string) {
		switch n.Kind {
		case yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c, p)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, join(p, itoa(i)))
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				vp := join(p, k.Value)
				idx[position{k.Line, k.Column}] = keyEntry{
					key:        k.Value,
					ptr:        vp,
					parent:     p,
					collection: v.Kind == yaml.MappingNode || v.Kind == yaml.SequenceNode || v.Kind == yaml.AliasNode,
				}
				walk(v, vp)
			}
		}
	}
	walk(root, "")
	return idx
}

// object returns the pointer of the object whose key kin-openapi recorded
// at (line, col) under the name key. A sequence item has no key of its own,
// so kin-openapi records its first field instead; then the item, which
// holds that field, is the object.
func (idx positionIndex) object(line, col int, key string) (string, bool) {
	e, ok := idx[position{line, col}]
	if !ok || (key != "" && e.key != key) {
		return "", false
	}
	if e.collection {
		return e.ptr, true
	}
	return e.parent, true
}

// field returns the pointer of the value of the key at (line, col).
func (idx positionIndex) field(line, col int) (string, bool) {
	e, ok := idx[position{line, col}]
	return e.ptr, ok
}
