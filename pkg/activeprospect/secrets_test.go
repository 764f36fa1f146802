package activeprospect_test

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
	"strings"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit"

	"github.com/cdpkit/cdpkit/pkg/activeprospect"
	"github.com/cdpkit/cdpkit/pkg/activeprospect/activeprospecttest"
	"github.com/cdpkit/cdpkit/pkg/option"
)

// printPaths renders v every way a user might print or log it.
func printPaths(v any) map[string]string {
	out := map[string]string{}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%20v"} {
		out["fmt "+verb] = fmt.Sprintf(verb, v)
	}
	out["Sprint"] = fmt.Sprint(v)
	out["Sprintln"] = fmt.Sprintln(v)
	out["in a slice"] = fmt.Sprintf("%+v", []any{v})
	out["in a map"] = fmt.Sprintf("%v", map[string]any{"x": v})
	out["exported field of a struct"] = fmt.Sprintf("%+v", struct{ V any }{v})
	out["%#v of a struct"] = fmt.Sprintf("%#v", struct{ V any }{v})
	out["error message"] = fmt.Errorf("saving %v failed", v).Error()
	if s, ok := v.(fmt.Stringer); ok {
		out["String()"] = s.String()
	}
	if data, err := json.Marshal(v); err == nil {
		out["encoding/json"] = string(data)
	} else {
		out["encoding/json"] = err.Error()
	}
	for name, h := range map[string]func(io.Writer) slog.Handler{
		"slog text": func(w io.Writer) slog.Handler { return slog.NewTextHandler(w, nil) },
		"slog json": func(w io.Writer) slog.Handler { return slog.NewJSONHandler(w, nil) },
	} {
		var buf bytes.Buffer
		logger := slog.New(h(&buf))
		logger.Info("value", "v", v)
		logger.Info("attr", slog.Any("v", v))
		out[name] = buf.String()
	}
	return out
}

// assertRedacted fails for every print path of v that shows a secret or
// does not show the redaction marker.
func assertRedacted(t *testing.T, label string, v any, secrets []string, visible ...string) {
	t.Helper()
	for path, text := range printPaths(v) {
		for _, s := range secrets {
			if strings.Contains(text, s) {
				t.Errorf("%s via %s leaks %q:\n%s", label, path, s, text)
			}
		}
		if path == "fmt %x" {
			continue // hex of the redacted text; checked for leaks above only
		}
		if !strings.Contains(text, "[REDACTED]") && !strings.Contains(text, `\"[REDACTED]\"`) {
			t.Errorf("%s via %s shows no [REDACTED] marker:\n%s", label, path, text)
		}
		for _, want := range visible {
			if !strings.Contains(text, want) {
				t.Errorf("%s via %s hides the non-secret %q:\n%s", label, path, want, text)
			}
		}
	}
}

func TestCredentialSecretsAreRedactedInEveryPrintPath(t *testing.T) {
	t.Parallel()
	_, client := newTestClient(t)
	const (
		password     = "pw-Hunter2-xyz"
		token        = "tok-9f8e7d6c"
		extraKey     = "extra-api-key-123"
		clientSecret = "client-secret-456"
		nestedToken  = "nested-refresh-789"
	)
	secrets := []string{password, token, extraKey, clientSecret, nestedToken}
	in := activeprospect.CredentialInput{
		Name: "Mailchimp", Type: activeprospect.CredentialTypeToken, Package: "leadconduit-mailchimp",
		Username: "ops@example.com", Password: activeprospect.NewSecret(password), Token: activeprospect.NewSecret(token),
		Extra: map[string]any{
			"api_key":       extraKey,
			"client_secret": clientSecret,
			"connection":    map[string]any{"refresh_token": nestedToken, "scope": "lists"},
			"region":        "us1-region",
		},
	}
	assertRedacted(t, "CredentialInput", in, secrets, "us1-region", "ops@example.com")
	assertRedacted(t, "*CredentialInput", &in, secrets, "us1-region")

	cred, err := client.Credentials.Create(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	assertRedacted(t, "Credential", *cred, secrets, "us1-region", cred.ID, "Mailchimp")
	assertRedacted(t, "*Credential", cred, secrets, "us1-region", cred.ID)
	list, err := client.Credentials.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	assertRedacted(t, "[]Credential", list, secrets, cred.ID)

	// The values stay readable through the explicit accessors.
	reveal := map[string]string{
		"Password()":              cred.Password().Reveal(),
		"Token()":                 cred.Token().Reveal(),
		`Secret("api_key")`:       cred.Secret("api_key").Reveal(),
		`Secret("client_secret")`: cred.Secret("client_secret").Reveal(),
		`Secret("password")`:      cred.Secret("password").Reveal(),
	}
	want := map[string]string{"Password()": password, "Token()": token, `Secret("api_key")`: extraKey, `Secret("client_secret")`: clientSecret, `Secret("password")`: password}
	for k, got := range reveal {
		if got != want[k] {
			t.Errorf("%s.Reveal() = %q, want %q", k, got, want[k])
		}
	}
	// A Secret on its own prints redacted too.
	for _, s := range []activeprospect.Secret{cred.Password(), cred.Secret("api_key")} {
		if got := fmt.Sprintf("%v %s %+v", s, s, s); strings.Contains(got, password) || strings.Contains(got, extraKey) {
			t.Errorf("Secret prints as %q", got)
		}
	}
}

func TestZeroCredentialPrintsAndReveals(t *testing.T) {
	t.Parallel()
	var c activeprospect.Credential
	if c.Password().Reveal() != "" || c.Token().Reveal() != "" || c.Secret("x").Reveal() != "" || len(c.ExtraNames()) != 0 {
		t.Error("zero Credential should have no secrets")
	}
	if s := c.String(); !strings.Contains(s, `"password":""`) {
		t.Errorf("zero Credential prints %s", s)
	}
}

func TestAccountAndUserKeysAreRedactedInEveryPrintPath(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t)
	ctx := context.Background()
	acct, err := client.Account.Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fakeAcct := srv.Account()
	keys := []string{fakeAcct.APIKey, fakeAcct.KeenReadAPIKey, fakeAcct.KeenWriteAPIKey, srv.APIKey}
	assertRedacted(t, "Account", *acct, keys, "Acme, Inc.", acct.ID)
	assertRedacted(t, "*Account", acct, keys, "Acme, Inc.")
	if acct.APIKey != fakeAcct.APIKey || acct.KeenWriteAPIKey != fakeAcct.KeenWriteAPIKey {
		t.Error("the key fields must still hold the real values")
	}

	user, err := client.User.Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The user's own api_key is the key the client authenticates with.
	if user.APIKey != srv.APIKey {
		t.Fatalf("user api_key = %q, want the client's key", user.APIKey)
	}
	assertRedacted(t, "User", *user, keys, "janedoe@company.com", "Acme, Inc.")
	if len(user.Accounts) != 1 || user.Accounts[0].APIKey != fakeAcct.APIKey {
		t.Fatalf("user accounts = %d, want the fake's account with its key", len(user.Accounts))
	}
	assertRedacted(t, "User.Accounts[0]", user.Accounts[0], keys, "Acme, Inc.")
}

func TestEchoedSecretsAreRedactedFromAPIErrors(t *testing.T) {
	t.Parallel()
	const password = "echo-me-P@ss\"word"
	const extraKey = "echoed-api-key-42"
	const nestedSecret = "nested-client-secret-77"
	const deepToken = "deep-refresh-token-88"
	// A server that, like many, repeats the rejected input in its error.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnprocessableEntity)
		msg, _ := json.Marshal(map[string]string{"error": "invalid credential: " + string(body)})
		_, _ = w.Write(msg)
	}))
	t.Cleanup(srv.Close)
	client, err := activeprospect.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey("k-test"), option.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	in := activeprospect.CredentialInput{Name: "n", Type: activeprospect.CredentialTypeUser, Package: "p", Username: "u", Password: activeprospect.NewSecret(password), Extra: map[string]any{
		"api_key": extraKey,
		// Secrets below names that do not look secret (issue 18 #9), in the
		// caller's own map types.
		"config":      map[string]string{"client_secret": nestedSecret, "region": "us1"},
		"connections": []any{map[string]any{"oauth": map[string]any{"refresh": deepToken}}},
	}}
	for name, call := range map[string]func() error{
		"Create": func() error { _, err := client.Credentials.Create(context.Background(), in); return err },
		"Update": func() error {
			_, err := client.Credentials.Update(context.Background(), "5fd4371e940df5a34a3888b2", in)
			return err
		},
	} {
		err := call()
		var apiErr *activeprospect.Error
		if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("%s: error = %v, want a 422 *Error", name, err)
		}
		escaped, _ := json.Marshal(password)
		for _, text := range []string{err.Error(), fmt.Sprintf("%+v", err), apiErr.Message, string(apiErr.Body)} {
			for _, s := range []string{password, string(escaped[1 : len(escaped)-1]), extraKey, nestedSecret, deepToken} {
				if strings.Contains(text, s) {
					t.Errorf("%s: error text leaks %q: %s", name, s, text)
				}
			}
			if !strings.Contains(text, "[REDACTED]") {
				t.Errorf("%s: error text has no [REDACTED] marker: %s", name, text)
			}
		}
	}
}

func TestAPIKeyNeverAppearsInLogsOrErrors(t *testing.T) {
	t.Parallel()
	srv := activeprospecttest.NewServer(t)
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx := context.Background()
	var errs []string
	for _, key := range []string{srv.APIKey, "wrong-key-abc123"} {
		client, err := activeprospect.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey(key), option.WithLogger(logger), option.WithMaxRetries(0))
		if err != nil {
			t.Fatal(err)
		}
		_, err = client.Account.Get(ctx)
		errs = append(errs, fmt.Sprint(err))
		_, err = client.User.Get(ctx)
		errs = append(errs, fmt.Sprint(err))
		_, err = client.Credentials.Get(ctx, "000000000000000000000000")
		errs = append(errs, fmt.Sprint(err), fmt.Sprintf("%+v", client))
	}
	all := logs.String() + strings.Join(errs, "\n")
	for _, key := range []string{srv.APIKey, "wrong-key-abc123"} {
		basic := base64.StdEncoding.EncodeToString([]byte(":" + key))
		if strings.Contains(all, key) || strings.Contains(all, basic) {
			t.Errorf("API key %q appears in logs or errors:\n%s", key, all)
		}
	}
}

// TestEchoedSecretsStayOutOfRetryLogs covers issue 18 #9: a 5xx that echoes
// the request body is retried, and the "retrying request" log line quotes
// the answer; no secret of the input, nested ones included, may reach it.
func TestEchoedSecretsStayOutOfRetryLogs(t *testing.T) {
	t.Parallel()
	const (
		password = "pw-retry-log-1"
		nested   = "nested-client-secret-retry-2"
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadGateway)
		msg, _ := json.Marshal(map[string]string{"error": "upstream rejected " + string(body)})
		_, _ = w.Write(msg)
	}))
	t.Cleanup(srv.Close)
	var logs bytes.Buffer
	client, err := activeprospect.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey("k-test"),
		option.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))),
		option.WithMaxRetries(1), option.WithBackoff(time.Millisecond, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	in := activeprospect.CredentialInput{Name: "n", Type: activeprospect.CredentialTypeUser, Package: "p", Username: "u",
		Password: activeprospect.NewSecret(password), Extra: map[string]any{"config": map[string]any{"client_secret": nested, "region": "us1"}}}
	_, err = client.Credentials.Update(context.Background(), "5fd4371e940df5a34a3888b2", in)
	if !cdpkit.IsServerError(err) {
		t.Fatalf("error = %v, want the 502", err)
	}
	if !strings.Contains(logs.String(), "retrying request") {
		t.Fatalf("no retry was logged:\n%s", logs.String())
	}
	for _, text := range []string{logs.String(), err.Error()} {
		for _, s := range []string{password, nested} {
			if strings.Contains(text, s) {
				t.Errorf("%q leaks into:\n%s", s, text)
			}
		}
	}
}

// TestPrintFormsKeepTheirShape: %#v is Go syntax of the generated type,
// every other verb the redacted JSON.
func TestPrintFormsKeepTheirShape(t *testing.T) {
	t.Parallel()
	in := activeprospect.CredentialInput{Name: "n", Type: activeprospect.CredentialTypeUser, Package: "p", Username: "u", Password: activeprospect.NewSecret("pw-shape")}
	if got := fmt.Sprintf("%#v", in); !strings.HasPrefix(got, "activeprospect.CredentialInput{") || strings.Contains(got, "pw-shape") {
		t.Errorf("%%#v = %s, want Go syntax with the password redacted", got)
	}
	for _, verb := range []string{"%v", "%+v", "%s"} {
		if got := fmt.Sprintf(verb, in); !strings.HasPrefix(got, `{"`) {
			t.Errorf("%s = %s, want the redacted JSON", verb, got)
		}
	}
}

// TestErrorsKeepTheirTypeWhenRedacted: a redacted API error is still an
// *Error itself, not only through errors.As, and an error that is not an API
// error but quotes a secret (a proxy echoing the body) is scrubbed too.
func TestErrorsKeepTheirTypeWhenRedacted(t *testing.T) {
	t.Parallel()
	const password = "pw-echoed-by-a-proxy"
	client := cannedClient(t, http.StatusUnprocessableEntity, `{"error":"bad password `+password+`"}`)
	in := activeprospect.CredentialInput{Name: "n", Type: activeprospect.CredentialTypeUser, Package: "p", Username: "u", Password: activeprospect.NewSecret(password)}
	_, err := client.Credentials.Create(context.Background(), in)
	if _, ok := err.(*activeprospect.Error); !ok {
		t.Errorf("error is a %T, want the *Error itself", err)
	}
	echo := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		body, _ := io.ReadAll(r.Body)
		return nil, fmt.Errorf("proxy refused %s", body)
	})}
	c, err := activeprospect.NewClient(option.WithBaseURL("https://app.leadconduit.com"), option.WithAPIKey("k"), option.WithHTTPClient(echo), option.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Credentials.Create(context.Background(), in)
	if err == nil || strings.Contains(err.Error(), password) || strings.Contains(fmt.Sprintf("%+v", err), password) {
		t.Errorf("error = %v, want one without the password", err)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
