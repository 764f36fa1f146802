package transport

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"os"
	"strings"
	"testing"
	"time"
)

func TestCheckID(t *testing.T) {
	t.Parallel()
	for id, want := range map[string]string{
		"":                        "is empty",
		" \t\n":                   "only whitespace",
		"a\x00b":                  "control character",
		"a\r\nX-Evil: 1":          "control character",
		"a\xff":                   "not valid UTF-8",
		strings.Repeat("é", 1025): "1025 characters",
		"user-42":                 "",
		"ünïcödé id with spaces":  "",
		strings.Repeat("é", 1024): "",
	} {
		p := CheckID(id, 0)
		switch {
		case want == "" && p != nil:
			t.Errorf("CheckID(%.20q) = %v", id, p)
		case want != "" && (p == nil || !strings.Contains(p.Error(), want)):
			t.Errorf("CheckID(%.20q) = %v, want %q", id, p, want)
		}
	}
	if CheckID("abcd", 3) == nil || CheckID("abc", 3) != nil {
		t.Error("maxLen is not applied exactly")
	}
}

func TestCheckText(t *testing.T) {
	t.Parallel()
	for s, bad := range map[string]bool{"": false, "tab\tnew\nline\r": false, "ok é": false, "nul\x00": true, "bad\xff": true, "bell\a": true} {
		if got := CheckText(s) != nil; got != bad {
			t.Errorf("CheckText(%q) refused = %v", s, got)
		}
	}
}

func TestCheckReader(t *testing.T) {
	t.Parallel()
	for name, r := range map[string]io.Reader{"nil": nil, "typed nil": (*bytes.Reader)(nil), "nil file": (*os.File)(nil)} {
		if CheckReader(r) == nil {
			t.Errorf("%s accepted", name)
		}
	}
	if p := CheckReader(strings.NewReader("x")); p != nil {
		t.Errorf("a reader refused: %v", p)
	}
}

type stamp struct{}

func (stamp) MarshalJSON() ([]byte, error) { return []byte(`"x"`), nil }

func TestCheckJSON(t *testing.T) {
	t.Parallel()
	cyclic := map[string]any{}
	cyclic["self"] = cyclic
	var nilMap map[string]any
	bad := map[string]struct {
		v    any
		path string
	}{
		"NaN":            {map[string]any{"a": math.NaN()}, ".a"},
		"+Inf float32":   {map[string]any{"a": float32(math.Inf(1))}, ".a"},
		"nested":         {map[string]any{"a": map[string]any{"b": []any{1, math.Inf(-1)}}}, ".a.b[1]"},
		"chan":           {map[string]any{"c": make(chan int)}, ".c"},
		"func":           {[]any{func() {}}, "[0]"},
		"complex":        {complex(1, 1), ""},
		"float keys":     {map[float64]string{1: "a"}, ""},
		"NUL value":      {map[string]any{"s": "a\x00"}, ".s"},
		"bad UTF-8 key":  {map[string]any{"k\xff": 1}, ""},
		"cycle":          {cyclic, ".self.self"},
		"struct field":   {struct{ Price float64 }{math.NaN()}, ".Price"},
		"pointer to NaN": {map[string]*float64{"p": new(math.NaN())}, ".p"},
	}
	for name, tt := range bad {
		p := CheckJSON(tt.v)
		if p == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		if !strings.HasPrefix(p.Path, tt.path) {
			t.Errorf("%s: path %q, want %q", name, p.Path, tt.path)
		}
	}
	good := []any{nil, nilMap, map[string]any{"n": 1, "f": 1.5, "b": true, "s": "x", "l": []any{1, "a"}, "m": map[string]any{"x": nil}},
		json.Number("12345678901234567890"), time.Now(), stamp{}, []byte{0, 1, 2}, struct{ A int }{1}}
	for _, v := range good {
		if p := CheckJSON(v); p != nil {
			t.Errorf("CheckJSON(%#v) = %v", v, p)
		}
	}
	// Every JSON-ready value is one encoding/json takes.
	for name, tt := range bad {
		if name == "NUL value" || name == "bad UTF-8 key" {
			continue // these encode, but not as written
		}
		if _, err := json.Marshal(tt.v); err == nil && name != "struct field" {
			t.Errorf("%s: encoding/json accepts it, so the check is stricter than it says", name)
		}
	}
}
