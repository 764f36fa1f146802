package transport

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func TestIsSecretName(t *testing.T) {
	t.Parallel()
	for _, n := range []string{"password", "Passwd", "pwd", "client_secret", "access_token", "api_key", "X-Partner-Key", "Authorization",
		"Proxy-Authorization", "Set-Cookie", "X-Session-Id", "jwt", "private_key", "signature", "Bearer", "credentials", "ApiKey"} {
		if !IsSecretName(n) {
			t.Errorf("IsSecretName(%q) = false", n)
		}
	}
	for _, n := range []string{"name", "email", "message", "code", "Idempotency-Key", "X-Request-Id", "Content-Type", "region", "user_id"} {
		if IsSecretName(n) {
			t.Errorf("IsSecretName(%q) = true", n)
		}
	}
}

func TestScrubBodyHidesSecretValuesAtAnyDepth(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		gone     []string
		kept     []string
	}{
		{"flat", `{"error":"bad","password":"s3cret-1"}`, []string{"s3cret-1"}, []string{"bad"}},
		{"nested", `{"extra":{"config":{"client_secret":"cs-2","region":"us1"}}}`, []string{"cs-2"}, []string{"us1", "client_secret"}},
		{"array", `{"items":[{"token":"t-3"},{"token":""}],"id":7}`, []string{"t-3"}, []string{`"token":""`, "7"}},
		{"subtree", `{"credentials":{"user":"u-11","value":"v-4","n":42}}`, []string{"v-4", "u-11", "42"}, []string{"credentials"}},
		{"number and bool", `{"pin_key":1234,"otp_token":true}`, []string{"1234", "true"}, nil},
		{"quoted json in a message", `{"message":"rejected body {\"password\":\"pw-5\",\"name\":\"n\"}"}`, []string{"pw-5"}, []string{"rejected body", `\"name\":\"n\"`}},
		{"form text in a message", `{"message":"bad request: user=a&api_key=k-6&x=1"}`, []string{"k-6"}, []string{"user=a", "x=1"}},
		{"plain text", "upstream said password=pw-7; retry", []string{"pw-7"}, []string{"upstream said", "retry"}},
		{"header dump", "Authorization: Bearer tk-8\nAccept: */*", []string{"tk-8"}, []string{"Bearer", "Accept: */*"}},
		{"truncated json", `{"token":"t-9","rest":[1,2`, []string{"t-9"}, []string{"rest"}},
		{"html", `<p>secret="h-10"</p>`, []string{"h-10"}, []string{"<p>"}},
		{"nothing secret", `{"message":"x","code":"y"}`, nil, []string{`{"message":"x","code":"y"}`}},
	}
	for _, tt := range tests {
		out := string(scrubBody([]byte(tt.in)))
		for _, g := range tt.gone {
			if strings.Contains(out, g) {
				t.Errorf("%s: %q survives in %s", tt.name, g, out)
			}
		}
		for _, k := range tt.kept {
			if !strings.Contains(out, k) {
				t.Errorf("%s: %q lost from %s", tt.name, k, out)
			}
		}
	}
	if got := scrubBody(nil); len(got) != 0 {
		t.Errorf("scrubBody(nil) = %q", got)
	}
}

// TestKeyEncodingsAreMasked: servers echo the credential as they received
// it — base64 in a Basic header, URL-encoded in a query, JSON-escaped.
func TestKeyEncodingsAreMasked(t *testing.T) {
	t.Parallel()
	const key = `sk/live+KEY"1` // characters that every encoding changes
	basic := base64.StdEncoding.EncodeToString([]byte(":" + key))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		q, _ := json.Marshal(key)
		fmt.Fprintf(w, "got %s | %s | %s | %s | %s | %s | %s", r.Header.Get("Authorization"), url.QueryEscape(key), url.PathEscape(key),
			q, base64.RawURLEncoding.EncodeToString([]byte(key)), base64.StdEncoding.EncodeToString([]byte(key)),
			base64.StdEncoding.EncodeToString([]byte(r.Header.Get("Authorization"))))
	}))
	defer srv.Close()
	api := testAPI
	api.Authenticate = BasicAuthPassword
	c, _ := newTestClient(t, srv, api, func(cfg *Config) { cfg.APIKey = NewSecret(key) })
	_, err := get(t, c, context.Background(), "/x")
	var e *Error
	if !errors.As(err, &e) {
		t.Fatal(err)
	}
	body := string(e.Body)
	for _, leak := range []string{key, basic, url.QueryEscape(key), "sk%2Flive", "c2svbGl2ZStLRVkiMQ", "sk/live",
		base64.StdEncoding.EncodeToString([]byte("Basic " + basic))} {
		if strings.Contains(body, leak) || strings.Contains(err.Error(), leak) {
			t.Errorf("%q leaked: %s", leak, body)
		}
	}
	if !strings.Contains(body, "Basic [REDACTED]") {
		t.Errorf("body = %s, want the scheme kept and the credential masked", body)
	}
}

// TestRetryLogLineHidesEchoedSecrets is defect 9: a 5xx that echoes the
// request body put the secrets in the Info "retrying request" line.
func TestRetryLogLineHidesEchoedSecrets(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprintf(w, `{"message":"could not store %s","request":%s}`, strings.ReplaceAll(string(b), `"`, `\"`), b)
	}))
	defer srv.Close()
	var logs bytes.Buffer
	c, _ := newTestClient(t, srv, testAPI, func(cfg *Config) {
		cfg.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	})
	body := `{"name":"n","password":"pw-LOGGED","extra":{"config":{"client_secret":"cs-LOGGED"}},"note":"opaque-LOGGED"}`
	req, _ := http.NewRequest(http.MethodPost, c.BaseURL()+"/credentials", strings.NewReader(body))
	// A value under a harmless name is only known to the caller: it says so.
	req = req.WithContext(WithSecrets(context.Background(), "opaque-LOGGED"))
	_, err := c.Do(req)
	var e *Error
	if !errors.As(err, &e) || e.StatusCode != 500 {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(logs.String(), "retrying request") {
		t.Fatalf("no retry logged:\n%s", logs.String())
	}
	for _, out := range []string{logs.String(), err.Error(), string(e.Body), e.Message} {
		if strings.Contains(out, "LOGGED") {
			t.Errorf("a secret reached %s", out)
		}
	}
	if !strings.Contains(string(e.Body), `"name":"n"`) {
		t.Errorf("body = %s, want harmless values kept", e.Body)
	}
}

func TestWithSecretsAddsToEarlierOnes(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t, nil, testAPI, func(cfg *Config) { cfg.APIKey = NewSecret("key-A") })
	ctx := WithSecrets(WithSecrets(context.Background(), "first-B"), "second-C", "")
	got := c.masker(ctx).string("key-A first-B second-C " + base64.StdEncoding.EncodeToString([]byte("second-C")))
	if got != "[REDACTED] [REDACTED] [REDACTED] [REDACTED]" {
		t.Errorf("masked = %q", got)
	}
	if c.masker(context.Background()).string("first-B") != "first-B" {
		t.Error("secrets of one context reached another")
	}
}
