package speclint

import (
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// placeholder matches text that stands for a value the author did not
// fill in: <tenant>, YOUR_API_HOST, {{baseUrl}}.
var placeholder = regexp.MustCompile(`<[^<>]*>|(?i:\byour[_-]\w*)|\{\{[^{}]*\}\}`)

// serverVariable matches a {variable} of a server URL (not {{...}}).
var serverVariable = regexp.MustCompile(`\{([^{}]+)\}`)

func checkServers(root *yaml.Node) []Finding {
	var fs []Finding
	servers := get(root, "servers")
	if len(items(servers)) == 0 {
		at := ""
		if servers != nil {
			at = "/servers"
		}
		fs = append(fs, newFinding(at, RuleServerVariables,
			"the document has no servers; add servers: [{url: 'https://{region}.api.example.com', variables: {region: {default: ...}}}] with the vendor's base URL"))
	}
	fs = append(fs, checkServerList(servers, "/servers")...)
	for _, pi := range pairs(get(root, "paths")) {
		itemPtr := join("", "paths", pi.key)
		fs = append(fs, checkServerList(get(pi.val, "servers"), join(itemPtr, "servers"))...)
		for _, m := range methods {
			fs = append(fs, checkServerList(get(get(pi.val, m), "servers"), join(itemPtr, m, "servers"))...)
		}
	}
	return fs
}

// checkServerList checks the servers of the list at p.
func checkServerList(list *yaml.Node, p string) []Finding {
	var fs []Finding
	for i, srv := range items(list) {
		sp := join(p, itoa(i))
		fs = append(fs, checkServerShape(srv, sp)...)
		url := str(srv, "url")
		up := join(sp, "url")
		if ph := placeholder.FindString(url); ph != "" {
			fs = append(fs, newFinding(up, RuleServerVariables,
				"server URL %q contains the placeholder %q; replace it with a {variable} declared under variables with a default", url, ph))
		}
		lower := strings.ToLower(url)
		if !strings.HasPrefix(lower, "https://") {
			fs = append(fs, newFinding(up, RuleServerVariables,
				"server URL %q is not an absolute https:// URL; write the vendor's https base URL, with {variables} for what differs by tenant or region", url))
		}
		vars := get(srv, "variables")
		for _, m := range serverVariable.FindAllStringSubmatch(stripPostmanVars(url), -1) {
			name := m[1]
			v := get(vars, name)
			switch {
			case v == nil:
				fs = append(fs, newFinding(sp, RuleServerVariables,
					"server URL uses {%s} but variables.%s is not declared; add variables: {%s: {default: ..., description: ...}}", name, name, name))
			case !nonEmpty(v, "default"):
				fs = append(fs, newFinding(join(sp, "variables", name), RuleServerVariables,
					"server variable %q has no default; add the default the generated client should use (e.g. the vendor's main region)", name))
			default:
				def := str(v, "default")
				if ph := placeholder.FindString(def); ph != "" {
					fs = append(fs, newFinding(join(sp, "variables", name, "default"), RuleServerVariables,
						"server variable %q defaults to the placeholder %q; use a real default (e.g. the vendor's main region) and let users override it", name, ph))
				}
			}
		}
	}
	return fs
}

// stripPostmanVars removes {{...}} so that its braces are not read as a
// server variable; the placeholder check reports it.
func stripPostmanVars(s string) string {
	return postmanVar.ReplaceAllString(s, "")
}

// exampleHost matches server URLs on example.com or localhost, which the
// standard linters take for placeholders.
var exampleHost = regexp.MustCompile(`^(.*[/.])?(example\.com|localhost)([/:?].*|$)`)

// checkServerShape reports what the standard linters reject in a server
// beyond its variables: a trailing slash, an example host, declared
// variables the URL does not use, empty enums and defaults outside the
// enum, and substitutions that do not give a URL.
func checkServerShape(srv *yaml.Node, sp string) []Finding {
	var fs []Finding
	url := str(srv, "url")
	up := join(sp, "url")
	if len(url) > 1 && strings.HasSuffix(url, "/") {
		fs = append(fs, newFinding(up, RuleServerVariables,
			"server URL %q ends with a slash; remove it, since every path starts with one", url))
	}
	if exampleHost.MatchString(url) {
		fs = append(fs, newFinding(up, RuleServerVariables,
			"server URL %q points at example.com or localhost; write the vendor's host", url))
	}
	used := map[string]bool{}
	for _, m := range serverVariable.FindAllStringSubmatch(stripPostmanVars(url), -1) {
		used[m[1]] = true
	}
	for _, kv := range pairs(get(srv, "variables")) {
		vp := join(sp, "variables", kv.key)
		if !used[kv.key] {
			fs = append(fs, newFinding(vp, RuleServerVariables,
				"server variable %q is declared but the URL %q does not use it; use {%s} in the URL or remove the variable", kv.key, url, kv.key))
		}
		enum := get(kv.val, "enum")
		if enum == nil {
			continue
		}
		if len(items(enum)) == 0 {
			fs = append(fs, newFinding(vp, RuleServerVariables,
				"server variable %q has an empty enum; list the allowed values or remove enum", kv.key))
			continue
		}
		def, ok := scalar(get(kv.val, "default"))
		if !ok {
			continue
		}
		found := false
		for _, e := range items(enum) {
			found = found || e.Value == def
		}
		if !found {
			fs = append(fs, newFinding(join(vp, "default"), RuleServerVariables,
				"server variable %q defaults to %q, which its enum does not list; add it to the enum or change the default", kv.key, def))
		}
	}
	return fs
}
