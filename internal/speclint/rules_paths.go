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
		p := join("", "paths", pi.key)
		if before, query, ok := strings.Cut(pi.key, "?"); ok {
			fs = append(fs, newFinding(p, RulePathTemplate,
				"path %q has a query string (?%s); write the path as %q and declare each query item as a parameter with in: query",
				pi.key, query, before))
		}
		if strings.Contains(pi.key, "{}") {
			fs = append(fs, newFinding(p, RulePathTemplate,
				"path %q has an empty {}; name the parameter, e.g. {id}, and declare it with in: path", pi.key))
		}
		if !strings.Contains(pi.key, "{{") && !strings.Contains(pi.key, "}}") {
			continue
		}
		fixed := postmanVar.ReplaceAllString(pi.key, "{$1}")
		fs = append(fs, newFinding(p, RulePathTemplate,
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
		itemPtr := join("", "paths", pi.key)
		for _, m := range pathParam.FindAllStringSubmatch(pi.key, -1) {
			if slices.Contains(inPath, m[1]) {
				fs = append(fs, newFinding(itemPtr, RulePathParameters,
					"path %q uses {%s} twice; a parameter can fill one segment only, so rename one of them", pi.key, m[1]))
				continue
			}
			inPath = append(inPath, m[1])
		}
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

func checkPathTrailingSlash(root *yaml.Node) []Finding {
	var fs []Finding
	for _, pi := range pairs(get(root, "paths")) {
		if len(pi.key) > 1 && strings.HasSuffix(pi.key, "/") {
			fs = append(fs, newFinding(join("", "paths", pi.key), RulePathTrailingSlash,
				"path %q ends with a slash; write it as %q (a client that normalises URLs would otherwise call another path), "+
					"and if the vendor really needs the slash, say so in the operation's description",
				pi.key, strings.TrimRight(pi.key, "/")))
		}
	}
	return fs
}

// templateShape returns a path with every {param} replaced by {}, so
// that paths differing only in parameter names compare equal.
func templateShape(path string) string {
	return pathParam.ReplaceAllString(path, "{}")
}

func checkPathUnique(root *yaml.Node) []Finding {
	var fs []Finding
	byShape := map[string]string{}
	var earlier []string
	for _, pi := range pairs(get(root, "paths")) {
		p := join("", "paths", pi.key)
		shape := templateShape(pi.key)
		if first, dup := byShape[shape]; dup {
			fs = append(fs, newFinding(p, RulePathUnique,
				"path %q is %q with other parameter names; a request cannot tell them apart, so merge the two path items", pi.key, first))
			continue
		}
		byShape[shape] = pi.key
		for _, other := range earlier {
			if ambiguous(other, pi.key) {
				fs = append(fs, newFinding(p, RulePathAmbiguous,
					"path %q and %q can match the same URL (a literal segment of one is a {parameter} of the other); "+
						"routers pick one by their own order, so rename a segment or make sure the literal is never a valid parameter value",
					pi.key, other))
				break
			}
		}
		earlier = append(earlier, pi.key)
	}
	return fs
}

// ambiguous reports whether two paths with as many segments and as many
// {parameters} (Redocly's test) can match one URL: each pair of segments
// is equal or one of them is a {parameter}.
func ambiguous(a, b string) bool {
	sa, sb := strings.Split(a, "/"), strings.Split(b, "/")
	if len(sa) != len(sb) || len(pathParam.FindAllString(a, -1)) != len(pathParam.FindAllString(b, -1)) {
		return false
	}
	for i := range sa {
		if sa[i] != sb[i] && !isTemplateSegment(sa[i]) && !isTemplateSegment(sb[i]) {
			return false
		}
	}
	return true
}

func isTemplateSegment(s string) bool {
	return strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") && len(s) > 2
}
