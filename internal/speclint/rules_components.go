package speclint

import (
	"regexp"

	"gopkg.in/yaml.v3"
)

// componentSections are the components maps whose entries are used
// through $refs.
var componentSections = []string{"schemas", "responses", "parameters", "examples", "requestBodies", "headers", "links", "callbacks"}

func checkComponentUnused(root *yaml.Node) []Finding {
	used := map[string]bool{}
	collectRefs(root, used, map[*yaml.Node]bool{})
	comps := get(root, "components")
	var fs []Finding
	for _, section := range componentSections {
		for _, kv := range pairs(get(comps, section)) {
			p := join("", "components", section, kv.key)
			if used[p] {
				continue
			}
			fs = append(fs, newFinding(p, RuleComponentUnused,
				"components.%s.%s is not referenced anywhere; $ref it where it applies, or remove it "+
					"(a schema kept only for its generated Go type can be $ref'd from an x- extension that says where it is used)",
				section, kv.key))
		}
	}
	usedSchemes := map[string]bool{}
	addRequirements := func(list *yaml.Node) {
		for _, req := range items(list) {
			for _, kv := range pairs(req) {
				usedSchemes[kv.key] = true
			}
		}
	}
	addRequirements(get(root, "security"))
	for _, op := range operations(root) {
		addRequirements(get(op.node, "security"))
	}
	for _, kv := range pairs(get(comps, "securitySchemes")) {
		if !usedSchemes[kv.key] {
			fs = append(fs, newFinding(join("", "components", "securitySchemes", kv.key), RuleComponentUnused,
				"security scheme %q is not named by any security requirement; name it in security, or remove it", kv.key))
		}
	}
	return fs
}

// collectRefs marks the target pointer of every local $ref below n,
// extensions included (a schema $ref'd from x-request-body is used), but
// not a component's refs to itself.
func collectRefs(n *yaml.Node, used map[string]bool, seen map[*yaml.Node]bool) {
	collectRefsAt(n, "", used, seen)
}

func collectRefsAt(n *yaml.Node, p string, used map[string]bool, seen map[*yaml.Node]bool) {
	n = deref(n)
	if n == nil || seen[n] {
		return
	}
	seen[n] = true
	switch n.Kind {
	case yaml.SequenceNode:
		for i, c := range n.Content {
			collectRefsAt(c, join(p, itoa(i)), used, seen)
		}
	case yaml.MappingNode:
		for _, kv := range pairs(n) {
			if kv.key == "$ref" {
				if ref, ok := scalar(kv.val); ok {
					if target, local := refPointer(ref); local && !hasPointerPrefix(p, componentOf(target)) {
						used[componentOf(target)] = true
					}
				}
				continue
			}
			collectRefsAt(kv.val, join(p, kv.key), used, seen)
		}
	}
}

// componentOf returns the pointer of the component a pointer is in
// (/components/schemas/User for /components/schemas/User/properties/id),
// or the pointer itself when it is not in components.
func componentOf(p string) string {
	toks := splitPointer(p)
	if len(toks) >= 3 && toks[0] == "components" {
		return join("", toks[:3]...)
	}
	return p
}

func checkInfoDescription(root *yaml.Node) []Finding {
	info := get(root, "info")
	if info == nil || nonEmpty(info, "description") {
		return nil // openapi-structure reports a missing info
	}
	return []Finding{newFinding("/info", RuleInfoDescription,
		"info has no description; say what the API is, where its vendor documents it, and list the deviations from the vendor's document")}
}

func checkTagDescription(root *yaml.Node) []Finding {
	var fs []Finding
	for i, t := range items(get(root, "tags")) {
		if !nonEmpty(t, "description") {
			fs = append(fs, newFinding(join("", "tags", itoa(i)), RuleTagDescription,
				"tag %q has no description; add one that says what the operations under it act on", str(t, "name")))
		}
	}
	return fs
}

// unsafeMarkdown are the patterns the standard linters reject in
// descriptions: script tags, event handler attributes, javascript: URLs
// and eval(.
var unsafeMarkdown = []struct {
	re   *regexp.Regexp
	what string
}{
	{regexp.MustCompile(`(?i)<script\b`), "a <script> tag"},
	{regexp.MustCompile(`(?i)<[a-z][^>]*\bon[a-z]+\s*=`), "an HTML event handler attribute (on...=)"},
	{regexp.MustCompile(`(?i)(?:\]\(\s*|\b(?:href|src)\s*=\s*["']?\s*)javascript:`), "a javascript: URL"},
	{regexp.MustCompile(`eval\(`), "eval("},
}

func checkMarkdownSafe(root *yaml.Node) []Finding {
	var fs []Finding
	walkObjects(root, func(p string, n *yaml.Node) {
		for _, key := range []string{"description", "summary", "title"} {
			text, ok := scalar(get(n, key))
			if !ok {
				continue
			}
			for _, u := range unsafeMarkdown {
				if u.re.MatchString(text) {
					fs = append(fs, newFinding(join(p, key), RuleMarkdownSafe,
						"the %s contains %s, which documentation renderers must not run; describe it in words or put it in a code span", key, u.what))
				}
			}
		}
	})
	return fs
}
