package activeprospect

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/cdpkit/cdpkit/internal/transport"
)

// redactedText replaces every secret in printed output.
const redactedText = "[REDACTED]"

// IsSecretName reports whether a property with this name is treated as a
// secret: redacted when printed, logged or marshalled, and readable only
// through an explicit accessor such as [Credential.Secret]. The match is a
// case-insensitive substring (api_key, keen_write_api_key, client_secret,
// access_token, Password all count), from the one list of secret-looking
// names the whole module uses. Over-matching a harmless name only hides a
// value from logs; it stays readable through the explicit accessors.
func IsSecretName(name string) bool { return transport.IsSecretName(name) }

// redactValue returns v with every non-empty value under a secret-looking
// name replaced, at any depth. v is the result of decoding JSON into any.
func redactValue(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, val := range t {
			if IsSecretName(k) && !isEmptyJSON(val) {
				out[k] = redactedText
				continue
			}
			out[k] = redactValue(val)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, val := range t {
			out[i] = redactValue(val)
		}
		return out
	}
	return v
}

// isEmptyJSON reports values that reveal nothing: null and "". Showing them
// tells a reader that no secret is set, which is useful and safe.
func isEmptyJSON(v any) bool { return v == nil || v == "" }

// safeJSON is the JSON of v (a generated type) with its secrets redacted, and
// keys sorted so output is stable.
func safeJSON(v any) []byte {
	raw, err := json.Marshal(v)
	if err != nil {
		return []byte(`"<unprintable>"`)
	}
	var decoded any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&decoded); err != nil {
		return []byte(`"<unprintable>"`)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(redactValue(decoded)); err != nil {
		return []byte(`"<unprintable>"`)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// formatSafe implements fmt.Formatter for the wrapper types. Every verb
// prints the redacted JSON, except %#v, which prints Go syntax of a copy of
// the generated value decoded from that redacted JSON; either way no secret
// can reach the output. generated must be a pointer to a zero value of the
// generated type, used as the target of that copy.
func formatSafe(f fmt.State, verb rune, value, generated any) {
	data := safeJSON(value)
	if verb == 'v' && f.Flag('#') {
		if err := json.Unmarshal(data, generated); err == nil {
			fmt.Fprintf(f, "%#v", reflect.ValueOf(generated).Elem().Interface())
			return
		}
	}
	fmt.Fprintf(f, fmt.FormatString(f, verb), string(data))
}

// logValueSafe turns the redacted JSON of value into a slog group, one
// attribute per top-level property in key order.
func logValueSafe(value any) slog.Value {
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(safeJSON(value)))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return slog.StringValue("<unprintable>")
	}
	attrs := make([]slog.Attr, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		attrs = append(attrs, slog.Any(k, m[k]))
	}
	return slog.GroupValue(attrs...)
}

// redactString replaces every occurrence of the secrets in s, raw and in
// their JSON-escaped form (as they appear inside an echoed request body).
func redactString(s string, secrets []string) string {
	for _, sec := range secrets {
		if sec == "" {
			continue
		}
		s = strings.ReplaceAll(s, sec, redactedText)
		if q, err := json.Marshal(sec); err == nil {
			if esc := string(q[1 : len(q)-1]); esc != sec {
				s = strings.ReplaceAll(s, esc, redactedText)
			}
		}
	}
	return s
}
