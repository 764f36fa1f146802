package speclint

import (
	"testing"

	"gopkg.in/yaml.v3"
)

func TestExpectedFormat(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"createdAt":  "date-time",
		"created_at": "date-time",
		"lastSeenAt": "date-time",
		"At":         "",
		"_at":        "",
		"format":     "",
		"flat":       "",
		"email":      "email",
		"Email":      "email",
		"userEmail":  "email",
		"work_email": "email",
		"emails":     "",
		"url":        "uri",
		"avatarUrl":  "uri",
		"avatarURL":  "uri",
		"logo_url":   "uri",
		"curly":      "",
		"name":       "",
	}
	for name, want := range tests {
		if got := expectedFormat(name); got != want {
			t.Errorf("expectedFormat(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestIsCredentialHeader(t *testing.T) {
	t.Parallel()
	tests := map[string]bool{
		"Authorization": true,
		"authorization": true,
		"ApiKey":        true,
		"X-API-Key":     true,
		"x_api_key":     true,
		"Token":         true,
		"Api-Key":       true,
		"X-Auth-Token":  true,
		"X-Request-Id":  false,
		"Content-Type":  false,
		"Idempotency":   false,
	}
	for name, want := range tests {
		if got := isCredentialHeader(name); got != want {
			t.Errorf("isCredentialHeader(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestPlaceholder(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"https://api.example.com/v1":          "",
		"https://{region}.example.com":        "",
		"https://<tenant>.example.com":        "<tenant>",
		"https://YOUR_HOST/v1":                "YOUR_HOST",
		"https://your-tenant.example.com":     "your-tenant",
		"https://api.example.com/{{version}}": "{{version}}",
		"https://beyour_own.example.com":      "",
	}
	for url, want := range tests {
		if got := placeholder.FindString(url); got != want {
			t.Errorf("placeholder in %q = %q, want %q", url, got, want)
		}
	}
}

func TestMediaTypeAndStatusHelpers(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]bool{
		"application/json":                true,
		"application/json; charset=utf-8": true,
		"Application/JSON":                true,
		"application/problem+json":        true,
		"text/plain":                      false,
		"application/jsonl":               false,
		"multipart/form-data":             false,
	} {
		if got := isJSON(name); got != want {
			t.Errorf("isJSON(%q) = %v, want %v", name, got, want)
		}
	}
	for status, want := range map[string]bool{"200": true, "204": true, "2XX": true, "default": false, "301": false, "20": false} {
		if got := isSuccess(status); got != want {
			t.Errorf("isSuccess(%q) = %v, want %v", status, got, want)
		}
	}
}

// TestExternalRules checks the parity record: every rule it names exists,
// every rule is listed once per linter, and every rule that is off says
// why.
func TestExternalRules(t *testing.T) {
	t.Parallel()
	names := map[string]bool{}
	for _, r := range Rules() {
		names[r.Name] = true
	}
	seen := map[string]bool{}
	for _, e := range ExternalRules() {
		key := e.Linter + "/" + e.Name
		if seen[key] {
			t.Errorf("%s is listed twice", key)
		}
		seen[key] = true
		if e.Linter != "spectral" && e.Linter != "redocly" {
			t.Errorf("%s: unknown linter", key)
		}
		if e.Severity != "error" && e.Severity != "warn" && e.Severity != "off" {
			t.Errorf("%s: severity %q", key, e.Severity)
		}
		for _, c := range e.Covered {
			if !names[c] {
				t.Errorf("%s is covered by %q, which is not a specgen rule", key, c)
			}
		}
		if len(e.Covered) == 0 && e.Note == "" {
			t.Errorf("%s is off in specgen without a reason", key)
		}
	}
	// The rules that exist to match a linter's must be in the record.
	for _, r := range []string{RuleNullableType, RulePathTrailingSlash, RuleComponentUnused, RuleSecurityDefined, RuleExampleSchema} {
		found := false
		for _, e := range ExternalRules() {
			for _, c := range e.Covered {
				found = found || c == r
			}
		}
		if !found {
			t.Errorf("no standard rule is covered by %s", r)
		}
	}
}

// TestDeleteBodyAllowedOnlyWhenRequired: a DELETE may carry the body its
// server requires (marked required: true), never an optional one, and a GET
// never carries one.
func TestDeleteBodyAllowedOnlyWhenRequired(t *testing.T) {
	t.Parallel()
	doc := func(method, required string) *yaml.Node {
		var n yaml.Node
		text := "openapi: 3.0.3\npaths:\n  /users:\n    " + method + ":\n      requestBody:\n        " + required +
			"\n        content:\n          application/json:\n            schema: {type: object}\n"
		if err := yaml.Unmarshal([]byte(text), &n); err != nil {
			t.Fatal(err)
		}
		return &n
	}
	tests := []struct {
		method, required string
		findings         int
	}{
		{"delete", "required: true", 0},
		{"delete", "required: false", 1},
		{"delete", "description: optional", 1},
		{"get", "required: true", 1},
	}
	for _, tt := range tests {
		if got := len(checkGetWithBody(doc(tt.method, tt.required))); got != tt.findings {
			t.Errorf("%s with %q: %d findings, want %d", tt.method, tt.required, got, tt.findings)
		}
	}
}
