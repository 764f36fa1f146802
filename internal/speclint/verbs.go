package speclint

import (
	"slices"
	"strings"
	"unicode"
)

// operationVerbs are the words an operationId may start with. This is the
// one place to extend when an API needs another verb.
var operationVerbs = []string{
	"add", "archive", "assign", "batch", "bulk", "cancel", "check", "complete",
	"count", "create", "delete", "disable", "download", "enable", "export",
	"fetch", "find", "generate", "get", "identify", "import", "invite", "list",
	"merge", "patch", "ping", "poll", "query", "refresh", "remove", "replace", "reset",
	"restore", "retry", "revoke", "search", "send", "set", "start", "stop",
	"submit", "subscribe", "sync", "track", "unassign", "unsubscribe", "update",
	"upload", "upsert", "validate", "verify",
}

// OperationVerbs returns the verbs an operationId may start with, sorted.
func OperationVerbs() []string {
	return slices.Clone(operationVerbs)
}

// isVerb reports whether w is one of the operation verbs.
func isVerb(w string) bool {
	_, ok := slices.BinarySearch(operationVerbs, w)
	return ok
}

// isLowerCamel reports whether id is lowerCamelCase: ASCII letters and
// digits only, starting with a lower-case letter.
func isLowerCamel(id string) bool {
	if id == "" || id[0] < 'a' || id[0] > 'z' {
		return false
	}
	for _, r := range id {
		if r > unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}

// leadingWord returns the first word of a lowerCamelCase identifier: its
// run of lower-case letters.
func leadingWord(id string) string {
	for i, r := range id {
		if r < 'a' || r > 'z' {
			return id[:i]
		}
	}
	return id
}

// toLowerCamel rewrites an identifier such as Get_user-by_ID or
// ListUsers as lowerCamelCase (getUserById, listUsers).
func toLowerCamel(id string) string {
	var b strings.Builder
	for i, w := range Words(id) {
		w = strings.ToLower(w)
		if i > 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		b.WriteString(w)
	}
	return b.String()
}

// Words splits an identifier at separators and at case changes; a run of
// capitals is one word (ID, URL). The Postman converter names things with it
// too, so drafts and lint suggestions agree.
func Words(id string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = cur[:0]
		}
	}
	rs := []rune(id)
	for i, r := range rs {
		switch {
		case r > unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r)):
			flush()
			continue
		case unicode.IsUpper(r) && len(cur) > 0:
			prev := cur[len(cur)-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if !unicode.IsUpper(prev) || nextLower {
				flush()
			}
		}
		cur = append(cur, r)
	}
	flush()
	return out
}
