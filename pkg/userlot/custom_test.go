package userlot_test

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit"

	"github.com/cdpkit/cdpkit/pkg/userlot"
)

func TestCustomFieldsRoundTrip(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t)
	ctx := context.Background()
	renewal := time.Date(2025, 1, 31, 0, 0, 0, 0, time.UTC)
	signed := time.Date(2024, 3, 15, 9, 30, 0, 0, time.FixedZone("CET", 3600))

	custom := userlot.CustomFields{"total_revenue": 98000.5, "seats": 42, "tier": "gold", "churn_risk": false}
	custom.SetTime("contract_signed_at", signed)
	custom.SetDate("renewal_on", renewal)
	created, err := client.Companies.Upsert(ctx, userlot.CompanyInput{Name: "Acme", MRR: cdpkit.Ptr(8000.0), Custom: custom}, userlot.ByExternalID("acme-1"))
	if err != nil {
		t.Fatal(err)
	}
	// Only one custom field changes; the others must survive the update.
	if _, err := client.Companies.Upsert(ctx, userlot.CompanyInput{Custom: userlot.CustomFields{"tier": "platinum"}}, userlot.ByID(created.ID)); err != nil {
		t.Fatal(err)
	}
	got, err := client.Companies.Get(ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	listed, err := client.Companies.List(ctx, userlot.CompanyFilter{ExternalID: "acme-1"})
	if err != nil || len(listed) != 1 {
		t.Fatalf("List = %d companies, %v", len(listed), err)
	}
	for name, c := range map[string]*userlot.Company{"upsert": created, "get": got, "list": &listed[0]} {
		if c.Name != "Acme" || c.ExternalID != "acme-1" || c.MRR == nil || *c.MRR != 8000 {
			t.Errorf("%s: fixed fields = %q %q %v, want them beside the custom fields", name, c.Name, c.ExternalID, c.MRR)
		}
		for _, fixed := range []string{"name", "external_id", "mrr", "id"} {
			if _, ok := c.Custom[fixed]; ok {
				t.Errorf("%s: Custom holds the fixed field %q", name, fixed)
			}
		}
		if f, ok := c.Custom.Float("total_revenue"); !ok || f != 98000.5 {
			t.Errorf("%s: Float(total_revenue) = %v, %t", name, f, ok)
		}
		if n, ok := c.Custom.Int("seats"); !ok || n != 42 {
			t.Errorf("%s: Int(seats) = %v, %t", name, n, ok)
		}
		if b, ok := c.Custom.Bool("churn_risk"); !ok || b {
			t.Errorf("%s: Bool(churn_risk) = %v, %t; an explicit false must come back", name, b, ok)
		}
		if at, ok := c.Custom.Time("contract_signed_at"); !ok || !at.Equal(signed) {
			t.Errorf("%s: Time(contract_signed_at) = %v, %t, want %v", name, at, ok, signed)
		}
		if d, ok := c.Custom.Time("renewal_on"); !ok || !d.Equal(renewal) {
			t.Errorf("%s: Time(renewal_on) = %v, %t", name, d, ok)
		}
	}
	if tier, _ := got.Custom.String("tier"); tier != "platinum" {
		t.Errorf("tier = %q after the update, want platinum", tier)
	}
	if tier, _ := created.Custom.String("tier"); tier != "gold" {
		t.Errorf("the first upsert returned tier %q, want gold", tier)
	}
	// On the wire the custom fields are top-level keys.
	stored, _ := srv.Company(created.ID)
	raw, _ := json.Marshal(stored)
	if !strings.Contains(string(raw), `"total_revenue":98000.5`) || !strings.Contains(string(raw), `"name":"Acme"`) {
		t.Errorf("stored company = %s, want custom fields next to the fixed ones", raw)
	}
}

func TestEndUserCustomFieldsRoundTrip(t *testing.T) {
	t.Parallel()
	_, client := newTestClient(t)
	ctx := context.Background()
	var custom userlot.CustomFields
	custom.SetString("plan_tier", "gold")
	custom.SetInt("logins", 17)
	u, err := client.EndUsers.Upsert(ctx, userlot.EndUserInput{Email: "ada@example.com", FirstName: "Ada", LastName: "Lovelace", Custom: custom}, userlot.ByExternalID("u-1"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := client.EndUsers.Get(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if tier, _ := got.Custom.String("plan_tier"); tier != "gold" || got.Name != "Ada Lovelace" || got.Email != "ada@example.com" {
		t.Errorf("end user = %+v", got)
	}
	if n, ok := got.Custom.Int("logins"); !ok || n != 17 {
		t.Errorf("Int(logins) = %d, %t", n, ok)
	}
}

func TestCustomFieldCollidingWithAFixedFieldIsAnError(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t)
	ctx := context.Background()
	tests := []struct {
		name  string
		call  func() error
		field string
	}{
		{"company name", func() error {
			_, err := client.Companies.Upsert(ctx, userlot.CompanyInput{Custom: userlot.CustomFields{"name": "x"}}, userlot.ByExternalID("a"))
			return err
		}, `Custom["name"]`},
		{"company read-only field", func() error {
			_, err := client.Companies.Upsert(ctx, userlot.CompanyInput{Custom: userlot.CustomFields{"health_score": 3}}, userlot.ByExternalID("a"))
			return err
		}, `Custom["health_score"]`},
		{"company id field", func() error {
			_, err := client.Companies.Upsert(ctx, userlot.CompanyInput{Custom: userlot.CustomFields{"source_external_id": "x"}}, userlot.ByExternalID("a"))
			return err
		}, `Custom["source_external_id"]`},
		{"end user email", func() error {
			_, err := client.EndUsers.Upsert(ctx, userlot.EndUserInput{Custom: userlot.CustomFields{"email": "a@b.c"}}, userlot.ByExternalID("u"))
			return err
		}, `Custom["email"]`},
		{"end user timestamp", func() error {
			_, err := client.EndUsers.Upsert(ctx, userlot.EndUserInput{Custom: userlot.CustomFields{"last_seen_at": "2024-01-01T00:00:00Z"}}, userlot.ByExternalID("u"))
			return err
		}, `Custom["last_seen_at"]`},
		{"empty name", func() error {
			_, err := client.Companies.Upsert(ctx, userlot.CompanyInput{Custom: userlot.CustomFields{"": 1}}, userlot.ByExternalID("a"))
			return err
		}, `Custom[""]`},
		{"a raw time.Time", func() error {
			_, err := client.Companies.Upsert(ctx, userlot.CompanyInput{Custom: userlot.CustomFields{"signed_at": time.Now()}}, userlot.ByExternalID("a"))
			return err
		}, `Custom["signed_at"]`},
		{"a value JSON cannot carry", func() error {
			_, err := client.Companies.Upsert(ctx, userlot.CompanyInput{Custom: userlot.CustomFields{"score": math.Inf(1)}}, userlot.ByExternalID("a"))
			return err
		}, `Custom["score"]`},
		{"a channel in a list", func() error {
			_, err := client.Companies.Upsert(ctx, userlot.CompanyInput{Custom: userlot.CustomFields{"tags": []any{"a", make(chan int)}}}, userlot.ByExternalID("a"))
			return err
		}, `Custom["tags"]`},
		{"a blank source external id", func() error {
			_, err := client.Companies.Upsert(ctx, userlot.CompanyInput{SourceExternalIDs: []string{"crm-1", " "}}, userlot.ByExternalID("a"))
			return err
		}, `SourceExternalIDs[1]`},
	}
	for _, tt := range tests {
		var verr *userlot.ValidationError
		if err := tt.call(); !errors.As(err, &verr) || verr.Field != tt.field {
			t.Errorf("%s: error = %v, want a *ValidationError for %s", tt.name, err, tt.field)
		}
	}
	if n := srv.Stats().Requests; n != 0 {
		t.Errorf("fake saw %d requests, want 0", n)
	}
}

func TestCustomFieldGetters(t *testing.T) {
	t.Parallel()
	c := userlot.CustomFields{
		"f": 2.5, "whole": 3.0, "i": 7, "n": json.Number("12"), "s": "text", "num_text": "4.25",
		"b": true, "t": "2024-03-15T09:30:00Z", "d": "2024-03-15", "nil": nil,
	}
	if v, ok := c.Float("f"); !ok || v != 2.5 {
		t.Errorf("Float(f) = %v %t", v, ok)
	}
	if v, ok := c.Float("num_text"); !ok || v != 4.25 {
		t.Errorf("Float(num_text) = %v %t", v, ok)
	}
	if _, ok := c.Int("f"); ok {
		t.Error("Int(2.5) succeeded")
	}
	for _, name := range []string{"whole", "i", "n"} {
		if _, ok := c.Int(name); !ok {
			t.Errorf("Int(%s) failed", name)
		}
	}
	if _, ok := c.String("f"); ok {
		t.Error("String of a number succeeded")
	}
	if _, ok := c.Bool("s"); ok {
		t.Error("Bool of a string succeeded")
	}
	if v, ok := c.Time("t"); !ok || v.Hour() != 9 {
		t.Errorf("Time(t) = %v %t", v, ok)
	}
	if v, ok := c.Time("d"); !ok || v.Day() != 15 {
		t.Errorf("Time(d) = %v %t", v, ok)
	}
	for _, missing := range []string{"nil", "absent"} {
		if _, ok := c.Float(missing); ok {
			t.Errorf("Float(%s) succeeded", missing)
		}
	}
	if got := strings.Join(c.Names(), ","); got != "b,d,f,i,n,nil,num_text,s,t,whole" {
		t.Errorf("Names = %s", got)
	}
}

func TestListFilters(t *testing.T) {
	t.Parallel()
	_, client := newTestClient(t)
	ctx := context.Background()
	acme := mustUpsertCompany(t, client, userlot.CompanyInput{Name: "Acme"}, userlot.ByExternalID("acme-1"))
	mustUpsertCompany(t, client, userlot.CompanyInput{Name: "Globex"}, userlot.BySourceExternalID("hubspot-9"))
	mustUpsertCompany(t, client, userlot.CompanyInput{Name: "Acme"}, userlot.ByExternalID("acme-2"))

	companyTests := []struct {
		name   string
		filter userlot.CompanyFilter
		want   []string // external or source ids, in order
	}{
		{"no filter", userlot.CompanyFilter{}, []string{"acme-1", "hubspot-9", "acme-2"}},
		{"name", userlot.CompanyFilter{Name: "Acme"}, []string{"acme-1", "acme-2"}},
		{"name is exact", userlot.CompanyFilter{Name: "acme"}, nil},
		{"external id", userlot.CompanyFilter{ExternalID: "acme-2"}, []string{"acme-2"}},
		{"source external id", userlot.CompanyFilter{SourceExternalID: "hubspot-9"}, []string{"hubspot-9"}},
		{"filters combine with AND", userlot.CompanyFilter{Name: "Globex", ExternalID: "acme-1"}, nil},
		{"unknown status", userlot.CompanyFilter{StatusID: "65e822e0-2b5d-4c1e-9f7a-3e8d9c0b1a22"}, nil},
	}
	for _, tt := range companyTests {
		list, err := client.Companies.List(ctx, tt.filter)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		var got []string
		for _, c := range list {
			got = append(got, c.ExternalID+strings.Join(c.SourceExternalIDs, "+"))
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("companies %s: got %v, want %v", tt.name, got, tt.want)
		}
	}

	for _, u := range []struct {
		ext   string
		input userlot.EndUserInput
	}{
		{"u-1", userlot.EndUserInput{Email: "Ada@Example.com", FirstName: "Ada", LastName: "Lovelace", CompanyID: acme.ID}},
		{"u-2", userlot.EndUserInput{Email: "grace@example.com", FirstName: "Grace", LastName: "Hopper"}},
		{"u-3", userlot.EndUserInput{Email: "alan@example.com", FirstName: "Alan", LastName: "Lovelace"}},
	} {
		if _, err := client.EndUsers.Upsert(ctx, u.input, userlot.ByExternalID(u.ext)); err != nil {
			t.Fatal(err)
		}
	}
	userTests := []struct {
		name   string
		filter userlot.EndUserFilter
		want   []string
	}{
		{"no filter", userlot.EndUserFilter{}, []string{"u-1", "u-2", "u-3"}},
		{"email ignores case", userlot.EndUserFilter{Email: "ada@example.com"}, []string{"u-1"}},
		{"last name", userlot.EndUserFilter{LastName: "Lovelace"}, []string{"u-1", "u-3"}},
		{"first and last name", userlot.EndUserFilter{FirstName: "Alan", LastName: "Lovelace"}, []string{"u-3"}},
		{"full name", userlot.EndUserFilter{Name: "Grace Hopper"}, []string{"u-2"}},
		{"external id", userlot.EndUserFilter{ExternalID: "u-2"}, []string{"u-2"}},
		{"no match", userlot.EndUserFilter{Email: "nobody@example.com"}, nil},
	}
	for _, tt := range userTests {
		list, err := client.EndUsers.List(ctx, tt.filter)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		var got []string
		for _, u := range list {
			got = append(got, u.ExternalID)
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("end users %s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}
