package transport

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// callerStruct is how a user holds a key: in unexported fields, where fmt
// reflects instead of calling Format.
type callerStruct struct {
	name  string
	key   Secret
	keys  []Secret
	byID  map[string]Secret
	inner struct{ k Secret }
	ptr   *Secret
	Pub   Secret
}

func TestSecretInUnexportedFieldsNeverPrints(t *testing.T) {
	t.Parallel()
	s := NewSecret(sentinel)
	v := callerStruct{name: "job", key: s, keys: []Secret{s}, byID: map[string]Secret{"a": s}, ptr: &s, Pub: s}
	v.inner.k = s
	var text, js bytes.Buffer
	slog.New(slog.NewTextHandler(&text, nil)).Info("m", "v", v, "p", &v)
	slog.New(slog.NewJSONHandler(&js, nil)).Info("m", "v", v, "p", &v)
	jsonOut, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var verbs []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		verbs = append(verbs, fmt.Sprintf(verb, v))
	}
	outputs := map[string]string{
		"verbs":      strings.Join(verbs, " | "),
		"pointer":    fmt.Sprintf("%v | %+v | %#v", &v, &v, &v),
		"%p":         fmt.Sprintf("%p", s),
		"json":       string(jsonOut),
		"slog text":  text.String(),
		"slog json":  js.String(),
		"in a slice": fmt.Sprintf("%v %+v %#v", []callerStruct{v}, []any{v}, map[string]callerStruct{"x": v}),
		"error":      fmt.Errorf("job %+v failed", v).Error(),
	}
	for name, out := range outputs {
		if strings.Contains(out, sentinel) {
			t.Errorf("%s: %s", name, out)
		}
	}
	if !strings.Contains(outputs["json"], `"Pub":"[REDACTED]"`) {
		t.Errorf("json = %s, want the exported field masked", outputs["json"])
	}
}

func TestSecretValueSemantics(t *testing.T) {
	t.Parallel()
	a, b := NewSecret("same"), NewSecret("same")
	if !a.Equal(b) || a.Equal(NewSecret("other")) || !(Secret{}).Equal(NewSecret("")) {
		t.Error("Equal compares values")
	}
	if !(Secret{}).IsZero() || !NewSecret("").IsZero() || a.IsZero() {
		t.Error("IsZero")
	}
	if (Secret{}).Reveal() != "" || a.Reveal() != "same" {
		t.Error("Reveal")
	}
	if NewSecret("") != (Secret{}) {
		t.Error("NewSecret(\"\") should be the zero Secret, so == Secret{} works for emptiness")
	}
}
