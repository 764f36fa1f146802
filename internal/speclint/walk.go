package speclint

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// literalKeys hold values that are data, not OpenAPI structure: an example
// may well contain a key named "$ref" or "x-unverified" that means nothing.
var literalKeys = map[string]bool{
	"example": true,
	"default": true,
	"enum":    true,
	"const":   true,
	"value":   true, // Example Object
}

// nameMapKeys hold maps whose keys are names chosen by the author (a
// property named "example", a response named "default"), not keywords.
var nameMapKeys = map[string]bool{
	"paths":             true,
	"webhooks":          true,
	"properties":        true,
	"patternProperties": true,
	"responses":         true,
	"content":           true,
	"headers":           true,
	"examples":          true,
	"links":             true,
	"callbacks":         true,
	"encoding":          true,
	"variables":         true,
	"mapping":           true,
	"schemas":           true,
	"parameters":        true, // a map under components, a list elsewhere
	"requestBodies":     true,
	"securitySchemes":   true,
	"pathItems":         true,
}

// walkObjects calls fn for every mapping of the document that is OpenAPI
// structure, in document order, with its JSON pointer. It does not descend
// into literal values (examples, defaults, enums) or extension values
// (x-...), so a key found there is never mistaken for a keyword.
func walkObjects(root *yaml.Node, fn func(p string, n *yaml.Node)) {
	walkNode(deref(root), "", false, fn, map[*yaml.Node]bool{})
}

func walkNode(n *yaml.Node, p string, nameMap bool, fn func(string, *yaml.Node), seen map[*yaml.Node]bool) {
	if n == nil || seen[n] {
		return
	}
	seen[n] = true // an alias may point back up the tree
	defer delete(seen, n)
	switch n.Kind {
	case yaml.SequenceNode:
		for i, c := range n.Content {
			walkNode(deref(c), join(p, itoa(i)), false, fn, seen)
		}
	case yaml.MappingNode:
		if !nameMap {
			fn(p, n)
		}
		for _, kv := range pairs(n) {
			if !nameMap && (literalKeys[kv.key] || strings.HasPrefix(kv.key, "x-")) {
				continue
			}
			walkNode(kv.val, join(p, kv.key), !nameMap && nameMapKeys[kv.key], fn, seen)
		}
	}
}
