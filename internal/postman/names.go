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

// operationID proposes a verb-first lowerCamel id from the method and the
// path, the way specgen lint suggests them: GET /users → listUsers,
// GET /users/{id} → getUser, POST /users → createUser, PUT /users →
// upsertUser, PUT /users/{id} → updateUser, PUT /identify → identify.
func operationID(method, path string) string {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	byID := len(segs) > 0 && strings.HasPrefix(segs[len(segs)-1], "{")
	noun := "Resource"
	for i := len(segs) - 1; i >= 0; i-- {
		s := segs[i]
		if s == "" || strings.ContainsAny(s, "{}") {
			continue
		}
		w := camel(s)
		if first := speclint.Words(w); len(first) > 0 && slices.Contains(speclint.OperationVerbs(), strings.ToLower(first[0])) {
			return w // the path names the action: /identify, /bulk_import
		}
		if w != "" {
			noun = pascal(s)
		}
		break
	}
	switch method {
	case "get":
		if byID {
			return "get" + speclint.Singular(noun)
		}
		return "list" + noun
	case "post":
		return "create" + speclint.Singular(noun)
	case "put":
		if byID {
			return "update" + speclint.Singular(noun)
		}
		return "upsert" + speclint.Singular(noun)
	case "patch":
		return "update" + speclint.Singular(noun)
	case "delete":
		return "delete" + speclint.Singular(noun)
	case "head":
		return "check" + speclint.Singular(noun)
	}
	return "get" + noun + pascal(method)
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
