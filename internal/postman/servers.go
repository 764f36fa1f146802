package postman

import (
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// varRef matches a {{variable}} reference.
var varRef = regexp.MustCompile(`\{\{\s*([^{}]*?)\s*\}\}`)

// scope is one set of variable values: the collection's variables with
// one environment's values laid over them, as Postman resolves them.
type scope struct {
	name   string // environment name, or "" for the collection alone
	values map[string]Variable
}

// server is one entry of the draft's servers.
type server struct {
	url         string
	description string
	vars        []serverVar
}

type serverVar struct {
	name, def, description string
}

// expand resolves the {{variables}} in a base URL. A variable with a
// concrete value is substituted; one that is undefined, empty, or only
// refers to an undefined variable stays as a {server variable} whose
// default is what Postman holds for it, so the gap is visible.
func (c *converter) expand(raw string, sc scope) (string, []serverVar) {
	var vars []serverVar
	seen := map[string]bool{}
	active := map[string]bool{} // variables being expanded: a cycle stops here
	var walk func(s string) string
	walk = func(s string) string {
		return varRef.ReplaceAllStringFunc(s, func(m string) string {
			name := varRef.FindStringSubmatch(m)[1]
			c.used[name] = true
			v, ok := sc.values[name]
			value := string(v.Value)
			switch {
			case !ok || value == "" || active[name]:
			case !varRef.MatchString(value):
				return value
			case !isSingleRef(value) || c.resolvable(varRef.FindStringSubmatch(value)[1], sc):
				active[name] = true
				defer delete(active, name)
				return walk(value)
			}
			if !seen[name] {
				seen[name] = true
				def := value
				desc := "Postman variable {{" + name + "}}"
				switch {
				case !ok:
					def = "{{" + name + "}}"
					desc += ", which no environment defines"
				case value == "":
					def = "{{" + name + "}}"
					desc += ", which is empty"
				default:
					desc += ", set to " + value + ", which nothing defines"
				}
				if sc.name != "" {
					desc += " in the environment \"" + sc.name + "\""
				}
				vars = append(vars, serverVar{name: name, def: def, description: desc + "; replace the default with a real value."})
			}
			return "{" + name + "}"
		})
	}
	return walk(raw), vars
}

// resolvable reports whether a variable has a value that is not a bare
// reference to an undefined or empty variable.
func (c *converter) resolvable(name string, sc scope) bool {
	for range 8 {
		v, ok := sc.values[name]
		value := string(v.Value)
		if !ok || value == "" {
			return false
		}
		if !isSingleRef(value) {
			return true
		}
		name = varRef.FindStringSubmatch(value)[1]
	}
	return false
}

func isSingleRef(s string) bool {
	m := varRef.FindStringIndex(s)
	return m != nil && m[0] == 0 && m[1] == len(s)
}

// scopes returns the variable scopes servers are resolved in: one per
// environment, or the collection's variables alone when there is none.
func (c *converter) scopes() []scope {
	base := map[string]Variable{}
	for _, v := range c.src.Collection.Variable {
		if v.active() {
			base[v.name()] = v
		}
	}
	if len(c.envs) == 0 {
		return []scope{{values: base}}
	}
	var out []scope
	for _, env := range c.envs {
		values := map[string]Variable{}
		for k, v := range base {
			values[k] = v
		}
		for _, v := range env.Values {
			if v.active() {
				values[v.name()] = v
			}
		}
		out = append(out, scope{name: env.Name, values: values})
	}
	return out
}

// serversFor resolves one request base (such as "{{api_url}}" or
// "https://api.example.com") in every scope. Identical results merge.
func (c *converter) serversFor(base string) []server {
	var out []server
	for _, sc := range c.scopes() {
		url, vars := c.expand(base, sc)
		desc := ""
		if sc.name != "" && strings.Contains(base, "{{") {
			desc = "Postman environment \"" + sc.name + "\": " + base
		} else if strings.Contains(base, "{{") {
			desc = "Postman collection variables: " + base
		}
		dup := false
		for i := range out {
			if out[i].url == url {
				dup = true
			}
		}
		if !dup {
			out = append(out, server{url: url, description: desc, vars: vars})
		}
	}
	return out
}

// baseCandidates returns the variables whose resolved value is an absolute
// URL: the guesses for the base URL when the collection has no requests
// that would say which variable they start with.
func (c *converter) baseCandidates() []string {
	seen := map[string]bool{}
	var out []string
	for _, sc := range c.scopes() {
		for _, name := range sortedKeys(sc.values) {
			v := sc.values[name]
			if seen[name] || v.Type == "secret" {
				continue
			}
			saved := c.used
			c.used = map[string]bool{}
			url, _ := c.expand("{{"+name+"}}", sc)
			c.used = saved
			if absoluteURL.MatchString(url) {
				seen[name] = true
				out = append(out, "{{"+name+"}}")
			}
		}
	}
	return out
}

var absoluteURL = regexp.MustCompile(`^([a-zA-Z][a-zA-Z0-9+.-]*|\{[^{}]+\})://[^/\s]+`)

// serverNode renders one server.
func serverNode(s server) *yaml.Node {
	n := mapNode()
	set(n, "url", strNode(s.url))
	if s.description != "" {
		set(n, "description", strNode(s.description))
	}
	if len(s.vars) > 0 {
		vars := mapNode()
		for _, v := range s.vars {
			vn := mapNode()
			set(vn, "default", strNode(v.def))
			set(vn, "description", strNode(v.description))
			set(vars, v.name, vn)
		}
		set(n, "variables", vars)
	}
	return n
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortStrings(keys)
	return keys
}
