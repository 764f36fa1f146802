package userlot_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit"

	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/userlot"
	"github.com/cdpkit/cdpkit/pkg/userlot/userlottest"
)

// newTestClient returns a fake and a client pointed at it with fast retries.
func newTestClient(t *testing.T, opts ...userlottest.Option) (*userlottest.Server, *userlot.Client) {
	t.Helper()
	srv := userlottest.NewServer(t, opts...)
	client, err := userlot.NewClient(
		option.WithBaseURL(srv.URL),
		option.WithAPIKey(srv.APIKey),
		option.WithBackoff(time.Millisecond, 5*time.Millisecond),
	)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return srv, client
}

func TestNewClientConfiguration(t *testing.T) {
	t.Setenv(userlot.EnvAPIKey, "")
	t.Setenv(userlot.EnvTenant, "")
	key := option.WithAPIKey("k")
	tests := []struct {
		name     string
		env      map[string]string
		opts     []option.RequestOption
		wantErr  string
		wantBase string
	}{
		{name: "no key", opts: []option.RequestOption{option.WithTenant("acme")}, wantErr: "USERLOT_API_KEY"},
		{name: "no tenant and no base URL", opts: []option.RequestOption{key}, wantErr: "USERLOT_TENANT"},
		{name: "tenant from an option", opts: []option.RequestOption{key, option.WithTenant("acme")}, wantBase: "https://acme.userlot.app"},
		{name: "tenant and key from the environment", env: map[string]string{userlot.EnvAPIKey: "k", userlot.EnvTenant: "Globex"}, wantBase: "https://globex.userlot.app"},
		{name: "an option beats the environment", env: map[string]string{userlot.EnvTenant: "globex"}, opts: []option.RequestOption{key, option.WithTenant("acme")}, wantBase: "https://acme.userlot.app"},
		{name: "bad tenant in the environment", env: map[string]string{userlot.EnvTenant: "acme.userlot.app"}, opts: []option.RequestOption{key}, wantErr: "USERLOT_TENANT"},
		{name: "base URL needs no tenant", opts: []option.RequestOption{key, option.WithBaseURL("https://proxy.example.com/userlot")}, wantBase: "https://proxy.example.com/userlot"},
		{name: "base URL wins over the tenant", opts: []option.RequestOption{key, option.WithTenant("acme"), option.WithBaseURL("https://proxy.example.com")}, wantBase: "https://proxy.example.com"},
		{name: "license code is for usermost", opts: []option.RequestOption{key, option.WithTenant("acme"), option.WithLicenseCode("lc")}, wantErr: "WithLicenseCode"},
		{name: "region is for userpilot", opts: []option.RequestOption{key, option.WithTenant("acme"), option.WithRegion("eu")}, wantErr: "WithRegion"},
		{name: "plain http to a public host", opts: []option.RequestOption{key, option.WithBaseURL("http://acme.userlot.app")}, wantErr: "http"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			c, err := userlot.NewClient(tt.opts...)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("NewClient error = %v, want one mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := c.BaseURL(); got != tt.wantBase {
				t.Errorf("BaseURL = %q, want %q", got, tt.wantBase)
			}
		})
	}
}

func TestUpsertMatchesEachIdentityKind(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tests := []struct {
		name string
		// seed creates the record and returns the identity that must find it.
		seed func(t *testing.T, c *userlot.Client) (created string, again userlot.Identity)
	}{
		{"by id", func(t *testing.T, c *userlot.Client) (string, userlot.Identity) {
			co := mustUpsertCompany(t, c, userlot.CompanyInput{Name: "Acme"}, userlot.ByExternalID("acme-1"))
			return co.ID, userlot.ByID(co.ID)
		}},
		{"by external id", func(t *testing.T, c *userlot.Client) (string, userlot.Identity) {
			co := mustUpsertCompany(t, c, userlot.CompanyInput{Name: "Acme"}, userlot.ByExternalID("acme-1"))
			return co.ID, userlot.ByExternalID("acme-1")
		}},
		{"by source external id", func(t *testing.T, c *userlot.Client) (string, userlot.Identity) {
			co := mustUpsertCompany(t, c, userlot.CompanyInput{Name: "Acme"}, userlot.BySourceExternalID("hubspot-77"))
			return co.ID, userlot.BySourceExternalID("hubspot-77")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, client := newTestClient(t)
			// A second company makes sure the match is not just "the only one".
			mustUpsertCompany(t, client, userlot.CompanyInput{Name: "Globex"}, userlot.ByExternalID("globex-1"))
			id, again := tt.seed(t, client)
			got, err := client.Companies.Upsert(ctx, userlot.CompanyInput{Name: "Acme Corp", MRR: cdpkit.Ptr(0.0)}, again)
			if err != nil {
				t.Fatal(err)
			}
			if got.ID != id || got.Name != "Acme Corp" || got.MRR == nil || *got.MRR != 0 {
				t.Errorf("upsert %s = %+v, want company %s renamed with MRR 0", again, got, id)
			}
			if n := srv.Stats().Companies; n != 2 {
				t.Errorf("fake holds %d companies, want 2: the upsert must update, not create", n)
			}
		})
	}
}

func TestEndUserUpsertMatchesEachIdentityKind(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, client := newTestClient(t)
	byExt, err := client.EndUsers.Upsert(ctx, userlot.EndUserInput{Email: "ada@example.com", FirstName: "Ada"}, userlot.ByExternalID("u-1"))
	if err != nil {
		t.Fatal(err)
	}
	bySrc, err := client.EndUsers.Upsert(ctx, userlot.EndUserInput{FirstName: "Grace"}, userlot.BySourceExternalID("crm-2"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		match  userlot.Identity
		wantID string
	}{
		{userlot.ByID(byExt.ID), byExt.ID},
		{userlot.ByExternalID("u-1"), byExt.ID},
		{userlot.BySourceExternalID("crm-2"), bySrc.ID},
	} {
		got, err := client.EndUsers.Upsert(ctx, userlot.EndUserInput{LastName: "Updated"}, tt.match)
		if err != nil {
			t.Fatalf("%s: %v", tt.match, err)
		}
		if got.ID != tt.wantID || got.LastName != "Updated" {
			t.Errorf("%s matched %s (%q), want %s", tt.match, got.ID, got.LastName, tt.wantID)
		}
	}
	if got, _ := srv.EndUser(byExt.ID); deref(got.FirstName) != "Ada" || deref(got.LastName) != "Updated" {
		t.Errorf("stored user = %q %q; an update must keep the fields it does not set", deref(got.FirstName), deref(got.LastName))
	}
	if n := srv.Stats().EndUsers; n != 2 {
		t.Errorf("fake holds %d end users, want 2", n)
	}
}

func TestUpsertByUnknownIDIsNotFound(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t)
	_, err := client.Companies.Upsert(context.Background(), userlot.CompanyInput{Name: "Ghost"}, userlot.ByID("00000000-0000-4000-8000-000000000000"))
	if !cdpkit.IsNotFound(err) {
		t.Fatalf("error = %v, want a 404", err)
	}
	if n := srv.Stats().Companies; n != 0 {
		t.Errorf("fake holds %d companies, want 0", n)
	}
}

func TestUpsertTakesAtMostOneIdentity(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t)
	ctx := context.Background()
	in := userlot.CompanyInput{Name: "Acme"}
	tests := []struct {
		name      string
		call      func() error
		wantField string
		wantText  string
	}{
		{"two identities", func() error {
			_, err := client.Companies.Upsert(ctx, in, userlot.ByExternalID("acme-1"), userlot.BySourceExternalID("crm-1"))
			return err
		}, "identity", "got 2 identities (external_id=acme-1, source_external_id=crm-1)"},
		{"three identities on end users", func() error {
			_, err := client.EndUsers.Upsert(ctx, userlot.EndUserInput{}, userlot.ByID("4dfb21d9-dffe-489c-bb42-d5836f64fd85"), userlot.ByExternalID("u"), userlot.BySourceExternalID("s"))
			return err
		}, "identity", "got 3 identities"},
		{"zero Identity", func() error { _, err := client.Companies.Upsert(ctx, in, userlot.Identity{}); return err }, "identity", "zero Identity"},
		{"empty external id", func() error { _, err := client.Companies.Upsert(ctx, in, userlot.ByExternalID(" ")); return err }, "identity.external_id", "is empty"},
		{"id that is not a UUID", func() error { _, err := client.Companies.Upsert(ctx, in, userlot.ByID("acme-1")); return err }, "identity.id", "not a Userlot id"},
		{"get by a non-UUID", func() error { _, err := client.EndUsers.Get(ctx, "42"); return err }, "id", "not a Userlot id"},
		{"bad e-mail", func() error {
			_, err := client.EndUsers.Upsert(ctx, userlot.EndUserInput{Email: "Ada <ada@example.com>"}, userlot.ByExternalID("u"))
			return err
		}, "Email", "not an e-mail address"},
	}
	for _, tt := range tests {
		err := tt.call()
		var verr *userlot.ValidationError
		if !errors.As(err, &verr) {
			t.Errorf("%s: error = %v, want a *ValidationError", tt.name, err)
			continue
		}
		if verr.Field != tt.wantField || !strings.Contains(err.Error(), tt.wantText) || verr.Fix == "" {
			t.Errorf("%s: %v; want field %q, text %q and a fix", tt.name, err, tt.wantField, tt.wantText)
		}
	}
	if n := srv.Stats().Requests; n != 0 {
		t.Errorf("fake saw %d requests, want 0: invalid input must not be sent", n)
	}
}

func TestTypedErrors(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t)
	ctx := context.Background()

	_, err := client.Companies.Get(ctx, "00000000-0000-4000-8000-000000000000")
	var apiErr *userlot.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusNotFound || !cdpkit.IsNotFound(err) || !strings.Contains(apiErr.Message, "no company") {
		t.Errorf("get unknown company: %v, want a typed 404 with the fake's message", err)
	}

	wrong, err := userlot.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey("not-the-key"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = wrong.Companies.List(ctx, userlot.CompanyFilter{})
	if !cdpkit.IsUnauthorized(err) {
		t.Errorf("wrong key: %v, want a 401", err)
	}
	if err != nil && strings.Contains(err.Error(), "not-the-key") {
		t.Errorf("error text %q leaks the API key", err)
	}
}

func TestRequiredCustomFieldIsUnprocessable(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t, userlottest.WithCustomFields(userlottest.CustomFieldDef{Entity: "company", Name: "total_revenue", Required: true}))
	ctx := context.Background()
	_, err := client.Companies.Upsert(ctx, userlot.CompanyInput{Name: "Acme"}, userlot.ByExternalID("acme-1"))
	if !cdpkit.IsUnprocessable(err) {
		t.Fatalf("error = %v, want a 422", err)
	}
	if fe := userlot.FieldErrors(err); len(fe["total_revenue"]) != 1 || fe["total_revenue"][0] != "can't be blank" {
		t.Errorf("FieldErrors = %v, want total_revenue: can't be blank", fe)
	}
	if !strings.Contains(err.Error(), "total_revenue") {
		t.Errorf("error text %q does not name the field", err)
	}
	if _, err := client.Companies.Upsert(ctx, userlot.CompanyInput{Name: "Acme", Custom: userlot.CustomFields{"total_revenue": 1}}, userlot.ByExternalID("acme-1")); err != nil {
		t.Fatalf("with the field set: %v", err)
	}
	defs, err := client.ListCustomFields(ctx, "company")
	if err != nil || len(defs) != 1 || defs[0].Name != "total_revenue" {
		t.Errorf("ListCustomFields = %+v, %v", defs, err)
	}
	if srv.Stats().Companies != 1 {
		t.Error("the valid upsert did not store the company")
	}
}

func TestRetriesTransientFaults(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t)
	srv.InjectFaults(userlottest.Fault{Status: http.StatusServiceUnavailable}, userlottest.Fault{Status: http.StatusTooManyRequests, RetryAfter: time.Millisecond})
	if _, err := client.Companies.Upsert(context.Background(), userlot.CompanyInput{Name: "Acme"}, userlot.ByExternalID("acme-1")); err != nil {
		t.Fatalf("upsert after two transient faults: %v", err)
	}
	if st := srv.Stats(); st.Requests != 3 || st.Companies != 1 {
		t.Errorf("stats = %+v, want 3 requests and 1 company", st)
	}
}

func TestTickets(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t)
	ctx := context.Background()
	acme := mustUpsertCompany(t, client, userlot.CompanyInput{Name: "Acme"}, userlot.ByExternalID("acme-1"))
	tk, err := client.Tickets.Upsert(ctx, userlot.TicketInput{Subject: "Export fails", Status: "open", CompanyID: acme.ID}, userlot.BySourceExternalID("zd-1042"))
	if err != nil {
		t.Fatal(err)
	}
	closed := time.Date(2024, 3, 16, 10, 0, 0, 0, time.UTC)
	if _, err := client.Tickets.Upsert(ctx, userlot.TicketInput{Status: "closed", ClosedAt: closed}, userlot.BySourceExternalID("zd-1042")); err != nil {
		t.Fatal(err)
	}
	got, err := client.Tickets.Get(ctx, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Subject != "Export fails" || got.Status != "closed" || !got.ClosedAt.Equal(closed) || got.CompanyID != acme.ID {
		t.Errorf("ticket = %+v", got)
	}
	for _, f := range []struct {
		filter userlot.TicketFilter
		want   int
	}{{userlot.TicketFilter{Status: "closed"}, 1}, {userlot.TicketFilter{Status: "open"}, 0}, {userlot.TicketFilter{CompanyID: acme.ID, SourceExternalID: "zd-1042"}, 1}} {
		list, err := client.Tickets.List(ctx, f.filter)
		if err != nil || len(list) != f.want {
			t.Errorf("List(%+v) = %d tickets, %v; want %d", f.filter, len(list), err, f.want)
		}
	}
	if n := srv.Stats().Tickets; n != 1 {
		t.Errorf("fake holds %d tickets, want 1", n)
	}
}

func mustUpsertCompany(t *testing.T, c *userlot.Client, in userlot.CompanyInput, match ...userlot.Identity) *userlot.Company {
	t.Helper()
	co, err := c.Companies.Upsert(context.Background(), in, match...)
	if err != nil {
		t.Fatalf("upsert company %v: %v", match, err)
	}
	return co
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func asError(err error, target **userlot.Error) bool { return errors.As(err, target) }

func asValidation(err error, target **userlot.ValidationError) bool { return errors.As(err, target) }
