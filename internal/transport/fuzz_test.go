package transport

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzErrorBody feeds arbitrary answers to the error-body path: decoding a
// vendor code and message, and hiding secret values. Neither may panic; a
// JSON body stays JSON after scrubbing, every value under a secret-looking
// name comes out hidden, and scrubbing twice changes nothing more.
func FuzzErrorBody(f *testing.F) {
	for _, seed := range []string{
		`{"message":"bad","code":"E1"}`,
		`{"error":{"message":"nested","code":42,"details":{"password":"pw"}}}`,
		`{"errors":[{"message":"a"},{"message":"b","token":"t"}]}`,
		`{"response":{"status":"error","message":"m","api_key":"k"}}`,
		`upstream timed out; password=hunter2&user=a`,
		`<html><body>502 Bad Gateway</body></html>`,
		`{"config":{"client_secret":"cs","list":[{"secret":1}]}}`,
		`{"message":"body {\"password\":\"x\"}"}`,
		`null`, `[]`, `"just a string"`, ``, `{"a":`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		code, message := decodeCommonError(500, body)
		if !utf8.ValidString(code) && utf8.Valid(body) {
			t.Errorf("code %q is not valid UTF-8 from a valid body", code)
		}
		_ = message
		e := &Error{API: "x", StatusCode: 500, Code: code, Message: message}
		if strings.Contains(e.Error(), "\n") && !strings.Contains(message, "\n") && !strings.Contains(code, "\n") {
			t.Errorf("Error() grew a line break: %q", e.Error())
		}
		clean := scrubBody(body)
		if json.Valid(body) {
			if !json.Valid(clean) {
				t.Fatalf("scrubbing turned valid JSON into %q", clean)
			}
			var v any
			dec := json.NewDecoder(bytes.NewReader(clean))
			dec.UseNumber()
			if dec.Decode(&v) == nil {
				assertHidden(t, v, false)
			}
		}
		if again := scrubBody(clean); !bytes.Equal(again, clean) && json.Valid(body) {
			t.Errorf("scrubbing is not stable: %q then %q", clean, again)
		}
	})
}

// assertHidden fails on a non-empty scalar under a secret-looking name.
func assertHidden(t *testing.T, v any, secret bool) {
	t.Helper()
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			assertHidden(t, val, secret || IsSecretName(k))
		}
	case []any:
		for _, val := range x {
			assertHidden(t, val, secret)
		}
	case nil:
	case string:
		if secret && x != "" && x != redacted {
			t.Errorf("a secret value %q survived", x)
		}
	default:
		if secret {
			t.Errorf("a secret value %v survived", x)
		}
	}
}
