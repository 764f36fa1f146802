package reliability

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"testing"

	"github.com/cdpkit/cdpkit/internal/faultproxy"
	"github.com/cdpkit/cdpkit/internal/transport"
	"github.com/cdpkit/cdpkit/pkg/activeprospect"
)

// The sentinels: if any of them, in any form, shows up in anything a caller
// can print, a secret has leaked.
const (
	sentinelKey      = "sk_SENTINEL_KEY_7f3a9c"
	sentinelPassword = "pw_SENTINEL_PASSWORD_91ce"
	sentinelToken    = "tk_SENTINEL_TOKEN_55d0"
	sentinelNested   = "cs_SENTINEL_NESTED_0b1e"
	sentinelOpaque   = "op_SENTINEL_OPAQUE_4e21" // echoed under harmless names
)

// leakForms are the shapes a sentinel takes on the way out: raw, URL- and
// base64-encoded, as the password of a Basic credential, and inside each
// auth scheme's header value.
func leakForms() map[string]string {
	forms := map[string]string{}
	for _, s := range []string{sentinelKey, sentinelPassword, sentinelToken, sentinelNested, sentinelOpaque} {
		forms[s] = s
		forms["url("+s+")"] = url.QueryEscape(s)
		forms["base64("+s+")"] = base64.StdEncoding.EncodeToString([]byte(s))
		forms["basic("+s+")"] = base64.StdEncoding.EncodeToString([]byte(":" + s))
		for _, scheme := range []string{"Bearer ", "Token ", "Basic "} {
			forms["base64("+scheme+s+")"] = base64.StdEncoding.EncodeToString([]byte(scheme + s))
		}
	}
	return forms
}

// findLeaks reports every sentinel form in out.
func findLeaks(t *testing.T, where, out string) {
	t.Helper()
	for name, form := range leakForms() {
		if strings.Contains(out, form) {
			t.Errorf("%s leaked %s: ...%s...", where, name, around(out, form))
		}
	}
}

func around(s, sub string) string {
	i := strings.Index(s, sub)
	lo, hi := max(0, i-80), min(len(s), i+len(sub)+40)
	return s[lo:hi]
}

// printed is every way a caller might show an error.
func printed(err error) string {
	var b bytes.Buffer
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		fmt.Fprintf(&b, verb+"\n", err)
	}
	if js, jerr := json.Marshal(err); jerr == nil {
		b.Write(js)
	}
	slog.New(slog.NewTextHandler(&b, nil)).Error("failed", "err", err, "any", slog.AnyValue(err))
	slog.New(slog.NewJSONHandler(&b, nil)).Error("failed", "err", err)
	var apiErr *transport.Error
	if errors.As(err, &apiErr) {
		fmt.Fprintf(&b, "%s %s %s %s %s\n", apiErr.Body, apiErr.Message, apiErr.Code, apiErr.RequestID, apiErr.URL)
		fmt.Fprintf(&b, "%+v %#v\n", *apiErr, *apiErr)
	}
	var connErr *transport.ConnError
	if errors.As(err, &connErr) {
		fmt.Fprintf(&b, "%+v %#v %s\n", connErr, connErr, connErr.URL)
	}
	return b.String()
}

// secretCalls are the credential writes, carrying the password, token and
// nested secrets in their bodies.
func secretCalls() []call {
	in := activeprospect.CredentialInput{
		Name: "with secrets", Type: activeprospect.CredentialTypeToken, Package: "leadconduit-custom", Username: "u",
		Password: activeprospect.NewSecret(sentinelPassword), Token: activeprospect.NewSecret(sentinelToken),
		Extra: map[string]any{"config": map[string]any{"client_secret": sentinelNested}, "webhook_token": sentinelOpaque},
	}
	return []call{
		{api: apiActiveProspect, name: "CredentialsService.Create", write: true, do: func(ctx context.Context, e *env, _ string) error {
			return ignore(e.activeprospect.Credentials.Create(ctx, in))
		}},
		{api: apiActiveProspect, name: "CredentialsService.Update", write: true, do: func(ctx context.Context, e *env, m string) error {
			id := e.apFake.AddCredential(activeprospectCredentialInput(m)).ID
			return ignore(e.activeprospect.Credentials.Update(ctx, id, in))
		}},
	}
}

// TestNoSecretLeaks drives every call of the four clients, plus the
// credential writes that carry a password, a token and nested secrets,
// through success, through a server that echoes the request back in a 500
// (retried, so logged) and in a 400, and through a wrong key; then looks for
// every sentinel form in the logs (Debug level, text and JSON handlers) and
// in every printed form of every error.
func TestNoSecretLeaks(t *testing.T) {
	calls := append(catalogue(), secretCalls()...)
	faults := [][]faultproxy.Fault{
		nil,
		{{Kind: faultproxy.EchoRequest}, {Kind: faultproxy.EchoRequest}, {Kind: faultproxy.EchoRequest}},
		{{Kind: faultproxy.EchoRequest, Status: 400}},
	}
	e, proxies := proxiedWithKey(t, sentinelKey)
	var errs []string
	for _, c := range calls {
		for _, fs := range faults {
			m := marker()
			if c.prep != nil {
				c.prep(e, m)
			}
			proxies[c.api].Push(fs...)
			if err := c.do(context.Background(), e, m); err != nil {
				errs = append(errs, printed(err))
			}
		}
	}
	if len(errs) < len(calls) {
		t.Fatalf("only %d errors from %d calls under echoing faults: the faults did not take", len(errs), len(calls))
	}
	findLeaks(t, "the log", e.logs.String())
	for _, out := range errs {
		findLeaks(t, "an error", out)
	}
	if !strings.Contains(e.logs.String(), "retrying request") || !strings.Contains(e.logs.String(), "level=DEBUG") {
		t.Error("the log lacks retry lines or the text handler's records: the test would miss leaks there")
	}

	// A wrong key: every API's 401 path.
	wrong := newEnv(t, setup{key: "some-other-key", keys: map[string]string{
		apiUsermost: sentinelKey, apiUserpilot: sentinelKey, apiUserlot: sentinelKey, apiActiveProspect: sentinelKey}})
	for _, c := range catalogue() {
		if err := c.do(context.Background(), wrong, marker()); err != nil {
			findLeaks(t, fmt.Sprintf("%s %s with a wrong key", c.api, c.name), printed(err))
		}
	}
	findLeaks(t, "the wrong-key log", wrong.logs.String())
}

// caller holds what a program keeps around, in unexported fields, where
// fmt prints by reflection without asking the types.
type caller struct {
	input  activeprospect.CredentialInput
	cred   activeprospect.Credential
	secret activeprospect.Secret
	err    error
	env    *env
}

// TestSecretBearingValuesPrintRedactedEverywhere is defect 17: values held
// in a caller's unexported fields print their secrets unless the secret
// itself is behind a pointer.
func TestSecretBearingValuesPrintRedactedEverywhere(t *testing.T) {
	e, _ := proxiedWithKey(t, sentinelKey)
	// The stored credential carries a nested secret in its extras; the
	// input does not: CredentialInput.Extra is the caller's own map, and a
	// map in an unexported field prints raw (see the package's docs).
	input := activeprospect.CredentialInput{Name: "n", Type: activeprospect.CredentialTypeUser, Package: "p", Username: "u",
		Password: activeprospect.NewSecret(sentinelPassword), Token: activeprospect.NewSecret(sentinelToken)}
	withExtra := input
	withExtra.Extra = map[string]any{"client_secret": sentinelNested}
	cred, err := e.activeprospect.Credentials.Create(context.Background(), withExtra)
	if err != nil {
		t.Fatal(err)
	}
	v := caller{input: input, cred: *cred, secret: activeprospect.NewSecret(sentinelPassword), err: fmt.Errorf("wrapped: %w", errors.New("x")), env: e}
	var out bytes.Buffer
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d", "%q", "%x"} {
		fmt.Fprintf(&out, verb+"\n", v)
		fmt.Fprintf(&out, verb+"\n", &v)
		fmt.Fprintf(&out, verb+"\n", []caller{v})
		fmt.Fprintf(&out, verb+"\n", e.activeprospect)
		fmt.Fprintf(&out, verb+"\n", *e.activeprospect)
		fmt.Fprintf(&out, verb+"\n", e.usermost)
	}
	for _, x := range []any{v, input, *cred, e.activeprospect} {
		if js, err := json.Marshal(x); err == nil {
			out.Write(js)
		}
	}
	slog.New(slog.NewTextHandler(&out, nil)).Info("state", "v", v, "p", &v, "input", input, "cred", *cred)
	slog.New(slog.NewJSONHandler(&out, nil)).Info("state", "v", v, "p", &v, "input", input, "cred", *cred)
	findLeaks(t, "printing", out.String())
}

func proxiedWithKey(t *testing.T, key string) (*env, map[string]*faultproxy.Proxy) {
	proxies := map[string]*faultproxy.Proxy{}
	e := newEnv(t, setup{key: key, front: func(api, url string) string {
		p := faultproxy.Start(t, faultproxy.Config{Upstream: url})
		proxies[api] = p
		return p.URL()
	}})
	return e, proxies
}
