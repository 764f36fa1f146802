package speclint

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// refSite is a $ref that does not resolve inside the document.
type refSite struct {
	ptr  string     // JSON pointer of the object that holds the $ref
	ref  string     // the $ref value
	node *yaml.Node // the object that holds the $ref
}

// findUnresolvedRefs returns every $ref of the document that is external or
// points at nothing. kin-openapi stops at the first one it meets; scanning
// the tree finds all of them and knows where each one is.
func findUnresolvedRefs(root *yaml.Node) []refSite {
	var out []refSite
	walkObjects(root, func(p string, n *yaml.Node) {
		ref, ok := scalar(get(n, "$ref"))
		if !ok {
			return
		}
		if target, local := refPointer(ref); local && lookup(root, target) != nil {
			return
		}
		out = append(out, refSite{ptr: p, ref: ref, node: n})
	})
	return out
}

// unresolvedRefFinding explains one unresolved $ref.
func unresolvedRefFinding(root *yaml.Node, s refSite) Finding {
	p := join(s.ptr, "$ref")
	target, local := refPointer(s.ref)
	if !local {
		return newFinding(p, RuleUnresolvedRef,
			"$ref %q points outside this document, and external refs are not allowed; "+
				"copy the target under components and use a local ref such as \"#/components/schemas/Name\"", s.ref)
	}
	fix := "add the missing component or correct the ref"
	if alt := nearestSibling(root, target); alt != "" {
		fix = fmt.Sprintf("did you mean %q? correct the ref, or add the missing component", "#"+alt)
	}
	return newFinding(p, RuleUnresolvedRef, "$ref %q does not resolve: the document has nothing at %s; %s", s.ref, target, fix)
}

// nearestSibling suggests an existing pointer for a broken one: a key of the
// same parent that differs only in case, or by one edit per four letters
// (two at most).
func nearestSibling(root *yaml.Node, target string) string {
	toks := splitPointer(target)
	if len(toks) == 0 {
		return ""
	}
	parent := join("", toks[:len(toks)-1]...)
	want := toks[len(toks)-1]
	best, bestDist := "", min(max(1, len(want)/4), 2)+1
	for _, kv := range pairs(lookup(root, parent)) {
		d := editDistance(strings.ToLower(kv.key), strings.ToLower(want))
		if d < bestDist {
			best, bestDist = join(parent, kv.key), d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, by bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// isSchemaRef reports whether a $ref names a schema, so that it can be
// replaced by the empty schema {} without changing what the rest of the
// document means.
func isSchemaRef(ref string) bool {
	return strings.Contains(ref, "#/components/schemas/")
}

// patchUnresolved replaces every unresolved schema $ref of a fresh copy of
// the document with the empty schema and returns the new YAML, so that
// kin-openapi can load and validate everything else. It returns false when
// some unresolved $ref is not a schema ref: then no stand-in is neutral.
func patchUnresolved(data []byte, sites []refSite) ([]byte, bool) {
	for _, s := range sites {
		if !isSchemaRef(s.ref) {
			return nil, false
		}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, false
	}
	root := deref(&doc)
	for _, s := range sites {
		n := lookup(root, s.ptr)
		if n == nil || n.Kind != yaml.MappingNode {
			return nil, false
		}
		n.Content = nil
		n.Style = yaml.FlowStyle
	}
	out, err := yaml.Marshal(&doc)
	if err != nil {
		return nil, false
	}
	return out, true
}

// uriUnsafe are characters a URI reference cannot hold unencoded.
const uriUnsafe = " \"<>\\^`{|}"

func checkRefSyntax(root *yaml.Node) []Finding {
	var fs []Finding
	walkObjects(root, func(p string, n *yaml.Node) {
		ref, ok := scalar(get(n, "$ref"))
		if !ok || !strings.ContainsAny(ref, uriUnsafe) {
			return
		}
		fs = append(fs, newFinding(join(p, "$ref"), RuleUnresolvedRef,
			"$ref %q is not a valid URI reference; percent-encode the characters a URI cannot hold (a space is %%20), "+
				"or better, rename the component to letters, digits, '.', '-' and '_'", ref))
	})
	return fs
}
