package speclint

import (
	"testing"
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
