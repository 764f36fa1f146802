package usermost

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// FuzzReadEnvelope checks the rules of envelope unwrapping on any body: it
// never panics; it returns a result or an error, never both or neither; a
// result always has a status that is not "error"; and a body that decodes
// to an envelope with status "error" is always refused with its message.
// The committed corpus (testdata/fuzz/FuzzReadEnvelope) holds the vendor's
// example and the malformed shapes that once counted as success.
func FuzzReadEnvelope(f *testing.F) {
	f.Add([]byte(`{"response":{"data":{},"message":"success","status":"success"}}`))
	f.Add([]byte(`{"response":{"status":"error","message":"invalid"}}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, body []byte) {
		res, err := readEnvelope(body)
		if (res == nil) == (err == nil) {
			t.Fatalf("readEnvelope(%q) = %v, %v: want exactly one of result and error", body, res, err)
		}
		if res != nil {
			if s := strings.TrimSpace(res.Status); s == "" || strings.EqualFold(s, "error") {
				t.Fatalf("readEnvelope(%q) accepted status %q", body, res.Status)
			}
			return
		}
		var env struct {
			Response *struct {
				Status  string `json:"status"`
				Message string `json:"message"`
			} `json:"response"`
		}
		if json.Unmarshal(body, &env) == nil && env.Response != nil && strings.EqualFold(strings.TrimSpace(env.Response.Status), "error") {
			var failed *envelopeError
			if !errors.As(err, &failed) {
				t.Fatalf("readEnvelope(%q): error %v is not the envelope's failure", body, err)
			}
			if strings.TrimSpace(env.Response.Message) != "" && failed.message != env.Response.Message {
				t.Fatalf("readEnvelope(%q): message %q, want the envelope's %q", body, failed.message, env.Response.Message)
			}
		}
	})
}
