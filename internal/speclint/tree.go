package speclint

import (
	"strconv"

	"gopkg.in/yaml.v3"
)

// The helpers in this file read the YAML node tree of a document. The lint
// rules work on the tree rather than on kin-openapi's model because the tree
// keeps what the model loses: where each node is (its JSON pointer), whether
// a value was a $ref, and the raw text of keys. It also exists when
// kin-openapi cannot load the document at all.

// pair is one key/value entry of a YAML mapping.
type pair struct {
	key string
	val *yaml.Node
}

// deref follows YAML aliases and unwraps a document node.
func deref(n *yaml.Node) *yaml.Node {
	for n != nil {
		switch n.Kind {
		case yaml.AliasNode:
			n = n.Alias
		case yaml.DocumentNode:
			if len(n.Content) == 0 {
				return nil
			}
			n = n.Content[0]
		default:
			return n
		}
	}
	return nil
}

// isMap reports whether n is a mapping.
func isMap(n *yaml.Node) bool {
	n = deref(n)
	return n != nil && n.Kind == yaml.MappingNode
}

// pairs returns the entries of mapping n in document order, or nil when n
// is not a mapping.
func pairs(n *yaml.Node) []pair {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	out := make([]pair, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		out = append(out, pair{key: n.Content[i].Value, val: deref(n.Content[i+1])})
	}
	return out
}

// get returns the value of key in mapping n, or nil.
func get(n *yaml.Node, key string) *yaml.Node {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return deref(n.Content[i+1])
		}
	}
	return nil
}

// has reports whether mapping n has key, whatever its value.
func has(n *yaml.Node, key string) bool {
	return get(n, key) != nil
}

// items returns the elements of sequence n, or nil when n is not one.
func items(n *yaml.Node) []*yaml.Node {
	n = deref(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, len(n.Content))
	for i, c := range n.Content {
		out[i] = deref(c)
	}
	return out
}

// scalar returns the text of scalar n and whether n is a scalar.
func scalar(n *yaml.Node) (string, bool) {
	n = deref(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		return "", false
	}
	return n.Value, true
}

// str returns the text of the scalar at key in mapping n, or "".
func str(n *yaml.Node, key string) string {
	s, _ := scalar(get(n, key))
	return s
}

// isTrue reports whether n is the YAML boolean true.
func isTrue(n *yaml.Node) bool {
	n = deref(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		return false
	}
	b, err := strconv.ParseBool(n.Value)
	return err == nil && b && n.Tag == "!!bool"
}

// nonEmpty reports whether the scalar at key in mapping n has text other
// than white space.
func nonEmpty(n *yaml.Node, key string) bool {
	return oneLine(str(n, key)) != ""
}

// lookup returns the node at JSON pointer p below root, or nil.
func lookup(root *yaml.Node, p string) *yaml.Node {
	n := deref(root)
	for _, tok := range splitPointer(p) {
		switch {
		case n == nil:
			return nil
		case n.Kind == yaml.MappingNode:
			n = get(n, tok)
		case n.Kind == yaml.SequenceNode:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(n.Content) {
				return nil
			}
			n = deref(n.Content[i])
		default:
			return nil
		}
	}
	return n
}

// maxRefHops bounds how many $refs resolve follows, so that a cycle of
// references cannot loop forever.
const maxRefHops = 32

// resolve follows local $refs from n, found at pointer p, and returns the
// node the chain ends at and its pointer. A $ref that cannot be followed
// (external, or missing) ends the chain at the node that holds it; the
// unresolved-ref rule reports those.
func resolve(root, n *yaml.Node, p string) (*yaml.Node, string) {
	n = deref(n)
	for range maxRefHops {
		ref, ok := scalar(get(n, "$ref"))
		if !ok {
			return n, p
		}
		target, local := refPointer(ref)
		if !local {
			return n, p
		}
		next := lookup(root, target)
		if next == nil {
			return n, p
		}
		n, p = next, target
	}
	return n, p
}
