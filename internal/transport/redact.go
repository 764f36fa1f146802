package transport

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// redactURL masks the values of query parameters with secret-looking names
// and drops user info and fragment. It edits the raw query in place rather
// than re-encoding it, so the parameters keep their order and the mask reads
// as [REDACTED], not %5BREDACTED%5D.
func redactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.User = nil
	c.Fragment, c.RawFragment = "", ""
	if c.RawQuery != "" {
		parts := strings.Split(c.RawQuery, "&")
		for i, p := range parts {
			rawName, _, _ := strings.Cut(p, "=")
			name, err := url.QueryUnescape(rawName)
			if err != nil {
				name = rawName
			}
			if IsSecretName(name) {
				parts[i] = rawName + "=" + redacted
			}
		}
		c.RawQuery = strings.Join(parts, "&")
	}
	return c.String()
}

// safeURL is redactURL plus the key masked, for keys a caller put in a path.
func (c *Client) safeURL(u *url.URL) string { return c.keyMask.string(redactURL(u)) }

// masker replaces known secret values, in every form a server is likely to
// echo them, with [REDACTED].
type masker struct {
	// variants are the forms to replace, longest first, so that a longer
	// form is not half-replaced through a shorter one.
	variants []string
}

// newMasker prepares the forms of each value: raw, JSON-escaped, URL-encoded,
// and base64 (standard and URL alphabets, padded or not) of the value and of
// ":"+value, which is how an HTTP Basic credential with an empty user name
// carries it.
func newMasker(values ...string) *masker {
	return newMaskerEncoded(values, nil)
}

// newMaskerEncoded is newMasker plus only the encoded forms of encodedOnly:
// whole header values such as "Bearer <key>", whose raw form would hide the
// scheme word too.
func newMaskerEncoded(values, encodedOnly []string) *masker {
	var vs []string
	add := func(s string) {
		if s != "" && !slices.Contains(vs, s) {
			vs = append(vs, s)
		}
	}
	encodings := []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding}
	for _, v := range encodedOnly {
		add(url.QueryEscape(v))
		for _, enc := range encodings {
			add(enc.EncodeToString([]byte(v)))
		}
	}
	for _, v := range values {
		if v == "" {
			continue
		}
		add(v)
		if q, err := json.Marshal(v); err == nil {
			add(string(q[1 : len(q)-1]))
		}
		add(url.QueryEscape(v))
		add(url.PathEscape(v))
		for _, enc := range encodings {
			add(enc.EncodeToString([]byte(v)))
			add(enc.EncodeToString([]byte(":" + v)))
		}
	}
	slices.SortFunc(vs, func(a, b string) int { return len(b) - len(a) })
	return &masker{variants: vs}
}

// with returns a masker that also hides values.
func (m *masker) with(values ...string) *masker {
	if len(values) == 0 {
		return m
	}
	extra := newMasker(values...)
	all := append(slices.Clone(m.variants), extra.variants...)
	slices.SortFunc(all, func(a, b string) int { return len(b) - len(a) })
	return &masker{variants: slices.Compact(all)}
}

func (m *masker) string(s string) string {
	for _, v := range m.variants {
		if strings.Contains(s, v) {
			s = strings.ReplaceAll(s, v, redacted)
		}
	}
	return s
}

func (m *masker) bytes(b []byte) []byte {
	for _, v := range m.variants {
		if bytes.Contains(b, []byte(v)) {
			b = bytes.ReplaceAll(b, []byte(v), []byte(redacted))
		}
	}
	return b
}

// keyMasker hides the key and every header value the API's scheme builds
// from it (e.g. the base64 of a Basic credential).
func keyMasker(api API, key Secret) *masker {
	if key.IsZero() {
		return &masker{}
	}
	values := []string{key.Reveal()}
	var whole []string
	h := http.Header{}
	api.Authenticate(h, key)
	for _, vs := range h {
		for _, v := range vs {
			// "Scheme credential": the credential raw, not the scheme word;
			// the whole value only encoded (a server may base64 it).
			if f := strings.Fields(v); len(f) > 1 {
				values = append(values, f[1:]...)
				whole = append(whole, v)
			} else {
				values = append(values, v)
			}
		}
	}
	return newMaskerEncoded(values, whole)
}

type secretsKey struct{}

// WithSecrets returns a context that makes the client hide values — and
// their encodings — wherever it hides its key: in error bodies, messages,
// and log lines of requests made with the context. Wrappers pass the
// secrets a request carries in its body (a password being stored), because
// servers echo request bodies back in their errors.
//
// A nil ctx is returned as is, for CheckContext or net/http to report.
func WithSecrets(ctx context.Context, values ...string) context.Context {
	if ctx == nil {
		return nil
	}
	prev, _ := ctx.Value(secretsKey{}).([]string)
	return context.WithValue(ctx, secretsKey{}, append(slices.Clone(prev), values...))
}

// masker returns the masker for a request made with ctx.
func (c *Client) masker(ctx context.Context) *masker {
	if ctx == nil {
		return c.keyMask
	}
	extra, _ := ctx.Value(secretsKey{}).([]string)
	return c.keyMask.with(extra...)
}

// redactHeaders returns a copy of h that is safe to log.
func (c *Client) redactHeaders(m *masker, h http.Header) http.Header {
	out := make(http.Header, len(h))
	for k, v := range h {
		if c.isSecretHeader(k) {
			out[k] = []string{redacted}
			continue
		}
		vs := make([]string, len(v))
		for i := range v {
			vs[i] = m.string(v[i])
		}
		out[k] = vs
	}
	return out
}

// isSecretHeader reports headers whose values are never logged and never
// follow a redirect to another host.
func (c *Client) isSecretHeader(name string) bool {
	return IsSecretName(name) || slices.ContainsFunc(c.api.SecretHeaders, func(s string) bool { return strings.EqualFold(s, name) })
}

// scrubBody hides the values of secret-looking properties in an answer's
// body. A JSON body is walked, nested objects and arrays included, and
// re-encoded only if something was hidden; other bodies (and the strings
// inside JSON, which often quote a request) get the text rules of
// scrubText.
func scrubBody(body []byte) []byte {
	if len(body) == 0 {
		return body
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil || dec.More() {
		return []byte(scrubText(string(body)))
	}
	if _, err := dec.Token(); err == nil {
		return []byte(scrubText(string(body))) // trailing data after the value
	}
	clean, changed := scrubValue(v, false)
	if !changed {
		return body
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if enc.Encode(clean) != nil {
		return []byte(scrubText(string(body)))
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// scrubValue hides every non-empty scalar under a secret-looking name, at
// any depth (secret is true below such a name), and applies scrubText to
// the other strings.
func scrubValue(v any, secret bool) (any, bool) {
	switch t := v.(type) {
	case map[string]any:
		changed := false
		for k, val := range t {
			clean, c := scrubValue(val, secret || IsSecretName(k))
			t[k] = clean
			changed = changed || c
		}
		return t, changed
	case []any:
		changed := false
		for i, val := range t {
			clean, c := scrubValue(val, secret)
			t[i] = clean
			changed = changed || c
		}
		return t, changed
	case nil:
		return nil, false
	case string:
		if secret && t != "" {
			return redacted, true
		}
		s := scrubText(t)
		return s, s != t
	}
	if secret {
		return redacted, true // numbers and booleans
	}
	return v, false
}

// secretPair finds name=value and "name": "value" pairs in text: form and
// query strings, header dumps, JSON (escaped or not) quoted inside a
// message. Group 1 is the name, group 2 what precedes the value, group 3
// the value, with an optional auth scheme (Bearer, Basic…) kept visible.
var secretPair = regexp.MustCompile(`(?i)([a-z0-9_.\-]+)((?:\\?")?\s*[:=]\s*(?:(?:bearer|basic|token|digest)\s+)?)(\[REDACTED\]|\\"[^"\\]*\\"|"(?:[^"\\]|\\.)*"|[^\s&,;"'<>}\]\\]+)`)

// scrubText hides the values of secret-looking names in free text.
func scrubText(s string) string {
	if !strings.ContainsAny(s, ":=") {
		return s
	}
	return secretPair.ReplaceAllStringFunc(s, func(m string) string {
		g := secretPair.FindStringSubmatch(m)
		if !IsSecretName(g[1]) || g[3] == `""` || g[3] == `\"\"` || g[3] == redacted {
			return m
		}
		quote := ""
		switch {
		case strings.HasPrefix(g[3], `\"`):
			quote = `\"`
		case strings.HasPrefix(g[3], `"`):
			quote = `"`
		}
		return g[1] + g[2] + quote + redacted + quote
	})
}
