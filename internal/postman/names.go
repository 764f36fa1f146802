package postman

import (
	"slices"
	"strings"
	"unicode"

	"github.com/cdpkit/cdpkit/internal/speclint"
)

// pascal joins words as PascalCase: "end_users" → "EndUsers".
func pascal(s string) string {
	var b strings.Builder
	for _, w := range speclint.Words(s) {
		w = strings.ToLower(w)
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

// camel is pascal with a lower-case first letter.
func camel(s string) string {
	p := pascal(s)
	if p == "" {
		return ""
	}
	return strings.ToLower(p[:1]) + p[1:]
}

// actionWords are path segments that name an action, with the verb an
// operationId uses for them: /guests/create → createGuest, /rooms/edit →
// updateRoom.
var actionWords = map[string]string{
	"create": "create", "add": "create", "new": "create", "insert": "create",
	"edit": "update", "update": "update", "modify": "update", "change": "update",
	"delete": "delete", "remove": "delete", "destroy": "delete",
	"list": "list", "all": "list", "search": "search", "find": "find",
	"get": "get", "show": "get", "view": "get", "detail": "get", "details": "get",
}

// methodVerbs gives the verb of an operation whose path names no action:
// byID says whether the path ends in a {parameter}.
func methodVerb(method string, byID bool) string {
	switch method {
	case "get":
		if byID {
			return "get"
		}
		return "list"
	case "post":
		return "create"
	case "put":
		if byID {
			return "update"
		}
		return "upsert"
	case "patch":
		return "update"
	case "delete":
		return "delete"
	case "head":
		return "check"
	}
	return method
}

// pathName is what a path says about the operation on it.
type pathName struct {
	action string   // the path is itself the action: "identify" for /v1/identify
	verb   string   // a verb one of its segments states: "create" for /guests/create
	nouns  []string // its literal segments, PascalCase, versions left out
	params []string // its {parameters}
	byID   bool     // it ends in a {parameter}
}

// parsePath reads a path template for naming.
func parsePath(path string) pathName {
	var n pathName
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for i, s := range segs {
		last := i == len(segs)-1
		switch {
		case s == "":
		case strings.HasPrefix(s, "{"):
			n.params = append(n.params, strings.Trim(s, "{}"))
			n.byID = last
		case isVersion(s):
		default:
			if v, ok := actionWords[strings.ToLower(s)]; ok && last && len(n.nouns) > 0 {
				n.verb = v
				continue
			}
			w := camel(s)
			if first := speclint.Words(w); last && len(first) > 0 && slices.Contains(speclint.OperationVerbs(), strings.ToLower(first[0])) {
				n.action = w
				continue
			}
			if w != "" {
				n.nouns = append(n.nouns, pascal(s))
			}
		}
	}
	return n
}

// isVersion reports whether a segment is an API version or prefix that
// says nothing about the resource: v1, v2beta, api.
func isVersion(s string) bool {
	l := strings.ToLower(s)
	if l == "api" || l == "rest" {
		return true
	}
	return len(l) >= 2 && l[0] == 'v' && l[1] >= '0' && l[1] <= '9'
}

// operationID proposes a verb-first lowerCamel id from the method and the
// path, the way specgen lint suggests them: GET /users → listUsers,
// GET /users/{id} → getUser, POST /users → createUser, PUT /users →
// upsertUser, PUT /users/{id} → updateUser, PUT /identify → identify,
// POST /guests/create → createGuest.
func operationID(method, path string) string {
	return operationIDs(method, path, nil)[0]
}

// operationIDs returns the candidate ids for an operation, from the
// shortest to the most qualified: the verb and the last noun; more of the
// path's nouns; the folder's words; the path's parameters. An operation
// takes the first candidate no other has taken, so ids stay meaningful and
// are never told apart by a counter.
func operationIDs(method, path string, folders []string) []string {
	n := parsePath(path)
	all := strings.Join(n.nouns, "")
	if n.action != "" {
		out := []string{n.action}
		if all != "" {
			out = append(out, n.action+all)
		}
		return append(out, qualified(n.action, all, folders, n.params)...)
	}
	verb := n.verb
	if verb == "" {
		verb = methodVerb(method, n.byID)
	}
	last := "Resource"
	if len(n.nouns) > 0 {
		last = n.nouns[len(n.nouns)-1]
	}
	if verb != "list" && verb != "search" && verb != "find" {
		last = speclint.Singular(last)
	}
	out := []string{verb + last}
	if method == "patch" && verb == "update" {
		out = append(out, "patch"+last)
	}
	if len(n.nouns) > 1 {
		out = append(out, verb+strings.Join(n.nouns[:len(n.nouns)-1], "")+last)
	}
	return append(out, qualified(verb, all, folders, n.params)...)
}

// qualified returns the longest candidates: with the folder's words, then
// with the parameters ("By...").
func qualified(verb, nouns string, folders, params []string) []string {
	var out []string
	if len(folders) > 0 {
		out = append(out, verb+pascal(strings.Join(folders, " "))+nouns)
	}
	if len(params) > 0 {
		by := ""
		for _, p := range params {
			by += pascal(p)
		}
		out = append(out, verb+nouns+"By"+by)
	}
	return out
}

// pickName returns the first candidate not taken and records it; when
// every one is, the last candidate with the method spelt out.
func pickName(taken map[string]bool, candidates []string, method string) string {
	for _, c := range candidates {
		if !taken[c] {
			taken[c] = true
			return c
		}
	}
	return uniqueName(taken, candidates[len(candidates)-1]+"Via"+pascal(method))
}

// slug turns a saved example's name into an examples key.
func slug(s string) string {
	c := camel(s)
	if c == "" {
		return "example"
	}
	return c
}

// schemeName names a security scheme after its header or type.
func schemeName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "apiKey"
	}
	return b.String()
}

// uniqueName returns name, or name followed by the smallest number ≥ 2
// that taken does not hold, and records it.
func uniqueName(taken map[string]bool, name string) string {
	out := name
	for i := 2; taken[out]; i++ {
		out = name + itoa(i)
	}
	taken[out] = true
	return out
}
