package activeprospect_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/cdpkit/cdpkit/pkg/activeprospect"
	"github.com/cdpkit/cdpkit/pkg/activeprospect/activeprospecttest"
	"github.com/cdpkit/cdpkit/pkg/option"
)

// TestBasicAuthUsesTheDocumentedUserName: every account-API page says
// "HTTP Basic Authentication with the username API and your API key as the
// password".
func TestBasicAuthUsesTheDocumentedUserName(t *testing.T) {
	t.Parallel()
	type seen struct {
		user, pass string
		ok         bool
	}
	got := make(chan seen, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pass, ok := r.BasicAuth()
		got <- seen{user, pass, ok}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":"64acddadd9b866e066385bd6","name":"Acme, Inc."}`))
	}))
	defer srv.Close()
	client, err := activeprospect.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey("key-123"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.Account.Get(context.Background()); err != nil {
		t.Fatal(err)
	}
	if s := <-got; !s.ok || s.user != "API" || s.pass != "key-123" {
		t.Errorf("Basic credentials = %q:%q (ok %v), want API:key-123", s.user, s.pass, s.ok)
	}
}

// TestFakeIgnoresTheBasicUserName: the vendor says the user name is
// ignored (its curl sample uses X), so the fake must not insist on API.
func TestFakeIgnoresTheBasicUserName(t *testing.T) {
	t.Parallel()
	srv := activeprospecttest.NewServer(t)
	for _, user := range []string{"API", "X", ""} {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/account", nil)
		req.SetBasicAuth(user, srv.APIKey)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("user name %q: status %d, want 200", user, resp.StatusCode)
		}
	}
}

// TestUnknownCredentialTypeDecodesAndRoundTrips: the vendor types a
// credential's type as a string and lists user, token and oauth only in
// prose, so a type this package does not know must not break List, Get or
// an Update that sends the credential back as it came.
func TestUnknownCredentialTypeDecodesAndRoundTrips(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t)
	stored := srv.AddCredential(activeprospecttest.CredentialInput{Name: "Vault", Type: "api_key", Package: "leadconduit-vault", Username: "svc", Password: "pw-1"})
	ctx := context.Background()
	list, err := client.Credentials.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Type != "api_key" {
		t.Fatalf("listed = %v, want the one credential with type api_key", list)
	}
	got, err := client.Credentials.Get(ctx, stored.ID)
	if err != nil {
		t.Fatal(err)
	}
	in := activeprospect.CredentialInput{Name: got.Name + " (rotated)", Type: got.Type, Package: got.Package, Username: got.Username, Password: activeprospect.NewSecret("pw-2")}
	updated, err := client.Credentials.Update(ctx, got.ID, in)
	if err != nil {
		t.Fatalf("updating a credential of an unknown type: %v", err)
	}
	if updated.Type != "api_key" || updated.Password().Reveal() != "pw-2" {
		t.Errorf("after update: type %q, password changed %v", updated.Type, updated.Password().Reveal() == "pw-2")
	}
}
