package speclint

import (
	"net/url"
	"strconv"
	"strings"
)

// pointerEscaper escapes one reference token as RFC 6901 requires.
var pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")

// pointerUnescaper undoes pointerEscaper; "~1" must be replaced before "~0".
var pointerUnescaper = strings.NewReplacer("~1", "/", "~0", "~")

// join appends reference tokens, escaping each, to the JSON pointer base.
func join(base string, tokens ...string) string {
	var b strings.Builder
	b.WriteString(base)
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(pointerEscaper.Replace(t))
	}
	return b.String()
}

// splitPointer returns the unescaped reference tokens of a JSON pointer.
// The root pointer "" has none.
func splitPointer(p string) []string {
	if p == "" {
		return nil
	}
	parts := strings.Split(strings.TrimPrefix(p, "/"), "/")
	for i, s := range parts {
		parts[i] = pointerUnescaper.Replace(s)
	}
	return parts
}

// hasPointerPrefix reports whether p is prefix itself or a node below it.
func hasPointerPrefix(p, prefix string) bool {
	return p == prefix || strings.HasPrefix(p, prefix+"/")
}

// refPointer returns the JSON pointer of a local $ref ("#/components/...")
// and whether ref is local. The fragment may be percent-encoded.
func refPointer(ref string) (string, bool) {
	frag, ok := strings.CutPrefix(ref, "#")
	if !ok {
		return "", false
	}
	if u, err := url.PathUnescape(frag); err == nil {
		frag = u
	}
	if frag != "" && !strings.HasPrefix(frag, "/") {
		return "", false
	}
	return frag, true
}

// itoa formats a sequence index as a reference token.
func itoa(i int) string { return strconv.Itoa(i) }
