package activeprospect_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit"

	"github.com/cdpkit/cdpkit/pkg/activeprospect"
	"github.com/cdpkit/cdpkit/pkg/activeprospect/activeprospecttest"
	"github.com/cdpkit/cdpkit/pkg/option"
)

// newTestClient returns a fake and a client pointed at it with fast retries.
func newTestClient(t *testing.T, opts ...option.RequestOption) (*activeprospecttest.Server, *activeprospect.Client) {
	t.Helper()
	srv := activeprospecttest.NewServer(t)
	base := []option.RequestOption{
		option.WithBaseURL(srv.URL),
		option.WithAPIKey(srv.APIKey),
		option.WithBackoff(time.Millisecond, 5*time.Millisecond),
	}
	client, err := activeprospect.NewClient(append(base, opts...)...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return srv, client
}

func TestNewClientRejectsBadConfiguration(t *testing.T) {
	t.Setenv(activeprospect.EnvAPIKey, "")
	tests := []struct {
		name    string
		opts    []option.RequestOption
		wantErr string
	}{
		{"no key", nil, "ACTIVEPROSPECT_API_KEY"},
		{"tenant is for userlot", []option.RequestOption{option.WithAPIKey("k"), option.WithTenant("acme")}, "WithTenant"},
		{"region is for userpilot", []option.RequestOption{option.WithAPIKey("k"), option.WithRegion("eu")}, "WithRegion"},
		{"license code is for usermost", []option.RequestOption{option.WithAPIKey("k"), option.WithLicenseCode("lc")}, "WithLicenseCode"},
		{"plain http to a public host", []option.RequestOption{option.WithAPIKey("k"), option.WithBaseURL("http://app.leadconduit.com")}, "http"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := activeprospect.NewClient(tt.opts...)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("NewClient error = %v, want one mentioning %q", err, tt.wantErr)
			}
		})
	}
}

func TestNewClientReadsEnvironment(t *testing.T) {
	srv := activeprospecttest.NewServer(t)
	t.Setenv(activeprospect.EnvAPIKey, srv.APIKey)
	client, err := activeprospect.NewClient(option.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	acct, err := client.Account.Get(context.Background())
	if err != nil {
		t.Fatalf("Account.Get with the key from the environment: %v", err)
	}
	if acct.ID != srv.AccountID || acct.Name != "Acme, Inc." {
		t.Errorf("account = %s %q", acct.ID, acct.Name)
	}
}

// TestAccountUpdateWireFormat proves the partial-update contract on the
// exact bytes the client sends: nil fields are absent, zero values present.
// oapi-codegen has shipped regressions in exactly this area (nullable fields
// gaining omitempty since v2.6.0), so the test reads the raw body the fake
// recorded instead of trusting the generated struct tags.
func TestAccountUpdateWireFormat(t *testing.T) {
	t.Parallel()
	day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		update activeprospect.AccountUpdate
		want   string
	}{
		{"zero retention is sent", activeprospect.AccountUpdate{DataRetentionInDays: cdpkit.Ptr(0)}, `{"data_retention_in_days":0}`},
		{"non-zero retention", activeprospect.AccountUpdate{DataRetentionInDays: cdpkit.Ptr(30)}, `{"data_retention_in_days":30}`},
		{"timestamp only", activeprospect.AccountUpdate{DataTruncatedAt: &day}, `{"data_truncated_at":"2024-01-01T00:00:00Z"}`},
		{"false feature flag is sent, others absent", activeprospect.AccountUpdate{Features: activeprospect.AccountFeatures{Firehose: cdpkit.Ptr(false)}}, `{"features":{"firehose":false}}`},
		{"several fields", activeprospect.AccountUpdate{
			DataRetentionInDays: cdpkit.Ptr(0),
			Features:            activeprospect.AccountFeatures{BuyerAccess: cdpkit.Ptr(false), Firehose: cdpkit.Ptr(true)},
		}, `{"data_retention_in_days":0,"features":{"buyer_access":false,"firehose":true}}`},
		{"subscription tier", activeprospect.AccountUpdate{Subscriptions: activeprospect.AccountSubscriptions{Pro: activeprospect.Subscription{State: "active"}}}, `{"subscriptions":{"pro":{"state":"active"}}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, client := newTestClient(t)
			if _, err := client.Account.Update(context.Background(), tt.update); err != nil {
				t.Fatal(err)
			}
			req, ok := srv.LastRequest(http.MethodPut, "/account")
			if !ok {
				t.Fatal("the fake saw no PUT /account")
			}
			if got := string(req.Body); got != tt.want {
				t.Errorf("body on the wire = %s\nwant              %s", got, tt.want)
			}
			if req.ContentType != "application/json" {
				t.Errorf("Content-Type = %q", req.ContentType)
			}
		})
	}
}

func TestAccountUpdateChangesOnlyWhatIsSet(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t)
	before := srv.Account()
	if before.DataRetentionInDays == 0 || before.Features.SellerAccess == nil {
		t.Fatal("fake should start with a non-zero retention and seller access set")
	}
	got, err := client.Account.Update(context.Background(), activeprospect.AccountUpdate{DataRetentionInDays: cdpkit.Ptr(0)})
	if err != nil {
		t.Fatal(err)
	}
	if got.DataRetentionInDays != 0 || srv.Account().DataRetentionInDays != 0 {
		t.Errorf("retention = %d (fake %d), want 0", got.DataRetentionInDays, srv.Account().DataRetentionInDays)
	}
	if got.Name != before.Name || got.TimeZone != before.TimeZone || *got.Features.SellerAccess != *before.Features.SellerAccess {
		t.Error("fields the update did not set changed")
	}
}

func TestAccountUpdateThatSetsNothingIsRejected(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t)
	_, err := client.Account.Update(context.Background(), activeprospect.AccountUpdate{})
	var verr *activeprospect.ValidationError
	if !errors.As(err, &verr) || verr.Field != "update" || verr.Fix == "" {
		t.Fatalf("error = %v, want a *ValidationError for the empty update", err)
	}
	if n := srv.Stats().Requests; n != 0 {
		t.Errorf("fake saw %d requests, want 0", n)
	}
}

func TestIDsAreValidatedBeforeAnyRequest(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t)
	ctx := context.Background()
	valid := activeprospect.CredentialInput{Name: "n", Type: activeprospect.CredentialTypeUser, Package: "p", Username: "u", Password: activeprospect.NewSecret("pw")}
	calls := map[string]func(id string) error{
		"Credentials.Get":    func(id string) error { _, err := client.Credentials.Get(ctx, id); return err },
		"Credentials.Update": func(id string) error { _, err := client.Credentials.Update(ctx, id, valid); return err },
		"Credentials.Delete": func(id string) error { _, err := client.Credentials.Delete(ctx, id); return err },
		"User.Settings":      func(id string) error { _, err := client.User.Settings(ctx, id); return err },
		"User.UpdateSettings": func(id string) error {
			_, err := client.User.UpdateSettings(ctx, id, activeprospect.UserSettings{Notifications: activeprospect.NotificationSettings{ConnectionInvites: activeprospect.NotificationSetting{Enabled: cdpkit.Ptr(true)}}})
			return err
		},
		"Account.SyncFromSSO": func(id string) error { _, err := client.Account.SyncFromSSO(ctx, id); return err },
	}
	badIDs := []string{
		"42",
		"5fd4371e940df5a34a3888b",   // 23 characters
		"5fd4371e940df5a34a3888b2f", // 25 characters
		"zzzz371e940df5a34a3888b2",  // not hex
		"../account/5fd4371e940df5", // path tricks
		"5fd4371e940df5a34a3888b2\n",
	}
	for name, call := range calls {
		for _, id := range badIDs {
			err := call(id)
			var verr *activeprospect.ValidationError
			if !errors.As(err, &verr) {
				t.Errorf("%s(%q): error = %v, want a *ValidationError", name, id, err)
				continue
			}
			msg := err.Error()
			if !strings.Contains(msg, strings.TrimSpace(id)) || !strings.Contains(msg, "24-character hexadecimal") {
				t.Errorf("%s(%q): error %q should name the bad id and the expected form", name, id, msg)
			}
		}
		if err := call(""); err == nil || !strings.Contains(err.Error(), "is empty") {
			t.Errorf("%s(\"\"): error = %v, want one saying the id is empty", name, err)
		}
	}
	if n := srv.Stats().Requests; n != 0 {
		t.Errorf("fake saw %d requests, want 0: malformed ids must not be sent", n)
	}
}

func TestCredentialInputIsValidatedWithoutQuotingSecrets(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t)
	const pw = "do-not-print-me-1"
	good := activeprospect.CredentialInput{Name: "n", Type: activeprospect.CredentialTypeUser, Package: "p", Username: "u", Password: activeprospect.NewSecret(pw)}
	tests := []struct {
		name      string
		mutate    func(*activeprospect.CredentialInput)
		wantField string
	}{
		{"no name", func(in *activeprospect.CredentialInput) { in.Name = "" }, "credential.name"},
		{"no package", func(in *activeprospect.CredentialInput) { in.Package = "" }, "credential.package"},
		{"no username", func(in *activeprospect.CredentialInput) { in.Username = "" }, "credential.username"},
		{"no password", func(in *activeprospect.CredentialInput) { in.Password = activeprospect.Secret{} }, "credential.password"},
		{"no type", func(in *activeprospect.CredentialInput) { in.Type = "" }, "credential.type"},
		{"blank type", func(in *activeprospect.CredentialInput) { in.Type = "  " }, "credential.type"},
		{"extra repeats a field", func(in *activeprospect.CredentialInput) { in.Extra = map[string]any{"password": pw} }, "credential.extra.password"},
		{"extra not JSON", func(in *activeprospect.CredentialInput) { in.Extra = map[string]any{"f": func() {}} }, "credential.extra.f"},
	}
	for _, tt := range tests {
		in := good
		tt.mutate(&in)
		_, err := client.Credentials.Create(context.Background(), in)
		var verr *activeprospect.ValidationError
		if !errors.As(err, &verr) || verr.Field != tt.wantField || verr.Fix == "" {
			t.Errorf("%s: error = %v, want a *ValidationError for %s with a fix", tt.name, err, tt.wantField)
			continue
		}
		if strings.Contains(err.Error(), pw) {
			t.Errorf("%s: error %q quotes the password", tt.name, err)
		}
	}
	if n := srv.Stats().Requests; n != 0 {
		t.Errorf("fake saw %d requests, want 0", n)
	}
}

func TestCredentialLifecycle(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t)
	ctx := context.Background()

	created, err := client.Credentials.Create(ctx, activeprospect.CredentialInput{
		Name: "Mailchimp", Type: activeprospect.CredentialTypeUser, Package: "leadconduit-mailchimp",
		Username: "ops@example.com", Password: activeprospect.NewSecret("pw-1"),
		Extra: map[string]any{"api_key": "mc-key-1", "region": "us1", "connection": map[string]any{"refresh_token": "rt-1", "scope": "lists"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !activeprospect.IsValidID(created.ID) || created.CreatedAt.IsZero() {
		t.Fatalf("created = %v: want an id and created_at", created)
	}
	stored, ok := srv.Credential(created.ID)
	if !ok || stored.Password != "pw-1" || stored.AdditionalProperties["api_key"] != "mc-key-1" {
		t.Fatalf("fake stored %+v; the real secrets must reach the API", stored.AdditionalProperties)
	}

	got, err := client.Credentials.Get(ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Password().Reveal() != "pw-1" || got.Secret("api_key").Reveal() != "mc-key-1" || got.Secret("region").Reveal() != "us1" {
		t.Errorf("accessors = %q %q %q", got.Password().Reveal(), got.Secret("api_key").Reveal(), got.Secret("region").Reveal())
	}
	if got.Secret("connection").Reveal() != `{"refresh_token":"rt-1","scope":"lists"}` {
		t.Errorf(`Secret("connection") = %s`, got.Secret("connection").Reveal())
	}
	if names := got.ExtraNames(); strings.Join(names, ",") != "api_key,connection,region" {
		t.Errorf("ExtraNames = %v", names)
	}
	if v, _ := got.Extra("region"); v != "us1" {
		t.Errorf(`Extra("region") = %v`, v)
	}
	if v, _ := got.Extra("api_key"); v != "[REDACTED]" {
		t.Errorf(`Extra("api_key") = %v, want it redacted`, v)
	}
	if v, _ := got.Extra("connection"); v.(map[string]any)["refresh_token"] != "[REDACTED]" || v.(map[string]any)["scope"] != "lists" {
		t.Errorf(`Extra("connection") = %v, want the nested token redacted and the rest kept`, v)
	}

	updated, err := client.Credentials.Update(ctx, created.ID, activeprospect.CredentialInput{
		Name: "Mailchimp EU", Type: activeprospect.CredentialTypeToken, Package: "leadconduit-mailchimp",
		Username: "ops@example.com", Password: activeprospect.NewSecret("pw-2"), Token: activeprospect.NewSecret("tok-2"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if updated.Name != "Mailchimp EU" || updated.Token().Reveal() != "tok-2" || updated.ID != created.ID || len(updated.ExtraNames()) != 0 {
		t.Errorf("updated = %v, want the body to replace the credential", updated)
	}

	list, err := client.Credentials.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].ID != created.ID || list[0].Password().Reveal() != "pw-2" {
		t.Errorf("list = %v", list)
	}

	deleted, err := client.Credentials.Delete(ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if deleted.ID != created.ID || srv.Stats().Credentials != 0 {
		t.Errorf("deleted = %v, %d left in the fake", deleted, srv.Stats().Credentials)
	}

	_, err = client.Credentials.Get(ctx, created.ID)
	var apiErr *activeprospect.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusNotFound || !cdpkit.IsNotFound(err) {
		t.Fatalf("Get after Delete: error = %v, want a 404 *Error", err)
	}
	if !strings.Contains(apiErr.Message, created.ID) {
		t.Errorf("404 message = %q, want it to name the id", apiErr.Message)
	}
	if _, err := client.Credentials.Delete(ctx, created.ID); !cdpkit.IsNotFound(err) {
		t.Errorf("second Delete: error = %v, want 404", err)
	}
}

func TestWrongKeyGetsTheAPIs401(t *testing.T) {
	t.Parallel()
	srv := activeprospecttest.NewServer(t)
	const wrongKey = "wrong-key-7f3a9c"
	client, err := activeprospect.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey(wrongKey))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	calls := map[string]func() error{
		"Account.Get":      func() error { _, err := client.Account.Get(ctx); return err },
		"Credentials.List": func() error { _, err := client.Credentials.List(ctx); return err },
		"User.Get":         func() error { _, err := client.User.Get(ctx); return err },
	}
	for name, call := range calls {
		err := call()
		var apiErr *activeprospect.Error
		if !errors.As(err, &apiErr) {
			t.Fatalf("%s: error = %v, want *activeprospect.Error", name, err)
		}
		if apiErr.StatusCode != http.StatusUnauthorized || apiErr.Message != "authentication failed" || !cdpkit.IsUnauthorized(err) {
			t.Errorf("%s: error = %d %q, want 401 \"authentication failed\"", name, apiErr.StatusCode, apiErr.Message)
		}
		if strings.TrimSpace(string(apiErr.Body)) != `{"error":"authentication failed"}` {
			t.Errorf("%s: body = %s", name, apiErr.Body)
		}
		if strings.Contains(err.Error(), wrongKey) || strings.Contains(err.Error(), srv.APIKey) {
			t.Errorf("%s: error text %q leaks an API key", name, err)
		}
	}
}

func TestUserAndSettings(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t)
	ctx := context.Background()
	user, err := client.User.Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if user.ID != srv.UserID || user.APIKey != srv.APIKey || len(user.Products) != 3 || user.ProductCode != activeprospect.ProductLeadConduit {
		t.Errorf("user = %v", user)
	}
	settings, err := client.User.UpdateSettings(ctx, user.ID, activeprospect.UserSettings{Notifications: activeprospect.NotificationSettings{
		ConnectionInvites: activeprospect.NotificationSetting{Enabled: cdpkit.Ptr(false)},
	}})
	if err != nil {
		t.Fatal(err)
	}
	n := settings.Notifications
	if n.ConnectionInvites.Enabled == nil || *n.ConnectionInvites.Enabled || n.SubmissionDocUpdates.Enabled == nil || !*n.SubmissionDocUpdates.Enabled {
		t.Errorf("settings after update = %+v, want invites off and doc updates still on", n)
	}
	if req, _ := srv.LastRequest(http.MethodPut, "/user_settings/"+user.ID); string(req.Body) != `{"notifications":{"connection_invites":{"enabled":false}}}` {
		t.Errorf("settings body on the wire = %s", req.Body)
	}
	if _, err := client.User.Settings(ctx, "000000000000000000000000"); !cdpkit.IsNotFound(err) {
		t.Errorf("settings of an unknown user: error = %v, want 404", err)
	}
	if _, err := client.User.UpdateSettings(ctx, user.ID, activeprospect.UserSettings{}); err == nil {
		t.Error("an empty settings update should be rejected")
	}
}

func TestSyncFromSSO(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t)
	acct, err := client.Account.SyncFromSSO(context.Background(), activeprospecttest.DefaultAccountSSOID)
	if err != nil {
		t.Fatal(err)
	}
	if acct.ID != srv.AccountID {
		t.Errorf("synced account = %s", acct.ID)
	}
	if _, err := client.Account.SyncFromSSO(context.Background(), "000000000000000000000000"); !cdpkit.IsNotFound(err) {
		t.Errorf("unknown SSO account: error = %v, want 404", err)
	}
}

func TestTransientFaultsAreRetried(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t)
	srv.InjectFaults(activeprospecttest.Fault{Status: http.StatusServiceUnavailable}, activeprospecttest.Fault{Status: http.StatusBadGateway})
	if _, err := client.Account.Get(context.Background()); err != nil {
		t.Fatalf("Account.Get after two transient faults: %v", err)
	}
	if n := srv.Stats().Requests; n != 3 {
		t.Errorf("fake saw %d requests, want 3 (two faults and the retry that succeeded)", n)
	}
}

func TestCreateIsNotRetried(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t)
	srv.InjectFaults(activeprospecttest.Fault{Status: http.StatusServiceUnavailable})
	_, err := client.Credentials.Create(context.Background(), activeprospect.CredentialInput{
		Name: "n", Type: activeprospect.CredentialTypeUser, Package: "p", Username: "u", Password: activeprospect.NewSecret("pw"),
	})
	if !cdpkit.IsServerError(err) {
		t.Fatalf("error = %v, want the 503", err)
	}
	if st := srv.Stats(); st.Requests != 1 || st.Credentials != 0 {
		t.Errorf("fake saw %d requests and holds %d credentials, want 1 and 0: a create must not be retried", st.Requests, st.Credentials)
	}
}
