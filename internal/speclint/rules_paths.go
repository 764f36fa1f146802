package speclint

import (
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// postmanVar matches a {{variable}} in a path.
var postmanVar = regexp.MustCompile(`\{\{\s*([^{}]*?)\s*\}\}`)

func checkPathTemplates(root *yaml.Node) []Finding {
	var fs []Finding
	for _, pi := range pairs(get(root, "paths")) {
		if !strings.Contains(pi.key, "{{") && !strings.Contains(pi.key, "}}") {
			continue
		}
		fixed := postmanVar.ReplaceAllString(pi.key, "{$1}")
		fs = append(fs, newFinding(join("", "paths", pi.key), RulePathTemplate,
			"path %q uses {{...}}, a Postman variable; OpenAPI path parameters take single braces: rename the path to %q "+
				"and list the fix under \"Deviations from the vendor's document\" in info.description", pi.key, fixed))
	}
	return fs
}

// pathParam matches a {param} of a path template.
var pathParam = regexp.MustCompile(`\{([^{}]+)\}`)

func checkPathParameters(root *yaml.Node) []Finding {
	var fs []Finding
	for _, pi := range pairs(get(root, "paths")) {
		if strings.Contains(pi.key, "{{") {
			continue // path-template reports it
		}
		var inPath []string
		for _, m := range pathParam.FindAllStringSubmatch(pi.key, -1) {
			inPath = append(inPath, m[1])
		}
		itemPtr := join("", "paths", pi.key)
		common := pathParameters(root, get(pi.val, "parameters"), join(itemPtr, "parameters"))
		for _, m := range methods {
			op := get(pi.val, m)
			if !isMap(op) {
				continue
			}
			opPtr := join(itemPtr, m)
			declared := map[string]bool{}
			for _, p := range append(common, pathParameters(root, get(op, "parameters"), join(opPtr, "parameters"))...) {
				declared[p.name] = true
				switch {
				case !slices.Contains(inPath, p.name):
					fs = append(fs, newFinding(p.ptr, RulePathParameters,
						"path parameter %q does not appear in the path %q; rename it to match the template (%s) or change the path",
						p.name, pi.key, strings.Join(braced(inPath), ", ")))
				case !isTrue(get(p.node, "required")):
					fs = append(fs, newFinding(p.ptr, RulePathParameters,
						"path parameter %q is not required: true; path parameters always are, so add required: true", p.name))
				}
			}
			for _, name := range inPath {
				if !declared[name] {
					fs = append(fs, newFinding(opPtr, RulePathParameters,
						"%s %s has no parameter for {%s}; add {name: %s, in: path, required: true, schema: {type: string}} "+
							"to the operation's or the path's parameters", strings.ToUpper(m), pi.key, name, name))
				}
			}
		}
	}
	return fs
}

// pathParameterRef is one in: path parameter and where it is written.
type pathParameterRef struct {
	name string
	ptr  string
	node *yaml.Node
}

// pathParameters returns the in: path parameters of a parameter list at p,
// following $refs.
func pathParameters(root, list *yaml.Node, p string) []pathParameterRef {
	var out []pathParameterRef
	for i, prm := range items(list) {
		n, np := resolve(root, prm, join(p, itoa(i)))
		if str(n, "in") == "path" {
			out = append(out, pathParameterRef{name: str(n, "name"), ptr: np, node: n})
		}
	}
	return out
}

// braced writes each name as {name}.
func braced(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "{" + n + "}"
	}
	return out
}
