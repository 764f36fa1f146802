package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/cdpkit/cdpkit"

	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/userlot"
	"github.com/cdpkit/cdpkit/pkg/userlot/userlottest"
)

func init() { register("Userlot", runUserlot) }

func runUserlot(ctx context.Context, r *report, getenv func(string) string) error {
	var opts []option.RequestOption
	var fake *userlottest.Server
	if getenv(userlot.EnvAPIKey) == "" {
		fake = userlottest.New(userlottest.WithCustomFields(
			userlottest.CustomFieldDef{Entity: "company", Name: "total_revenue", DataType: "number"},
			userlottest.CustomFieldDef{Entity: "end_user", Name: "plan_tier"},
		))
		defer fake.Close()
		opts = append(opts, option.WithBaseURL(fake.URL), option.WithAPIKey(fake.APIKey))
		r.header("Userlot", "in-memory fake: set USERLOT_API_KEY and USERLOT_TENANT for the real API")
	} else {
		opts = append(opts, option.WithTenant(getenv(userlot.EnvTenant)))
		r.header("Userlot", "live "+getenv(userlot.EnvTenant)+userlot.HostSuffix)
	}
	client, err := userlot.NewClient(opts...)
	if err != nil {
		return err
	}
	if fake == nil {
		// Upserts, events and tickets would change a real workspace, and
		// some of those endpoints are inferred; the live tour only reads.
		return userlotReadOnly(ctx, r, client)
	}
	if err := userlotRecords(ctx, r, client); err != nil {
		return err
	}
	if err := userlotActivity(ctx, r, client); err != nil {
		return err
	}
	if err := userlotErrors(ctx, r, client); err != nil {
		return err
	}
	st := fake.Stats()
	r.note("the fake holds: companies %d, end users %d, events %d, tickets %d (%d requests)", st.Companies, st.EndUsers, st.Events, st.Tickets, st.Requests)
	return nil
}

// userlotRecords upserts a company and an end user by each kind of id and
// reads their custom fields back.
func userlotRecords(ctx context.Context, r *report, client *userlot.Client) error {
	acme, err := client.Companies.Upsert(ctx,
		userlot.CompanyInput{Name: "Acme", Custom: userlot.CustomFields{"total_revenue": 98000}},
		userlot.ByExternalID("qs-acme"))
	if err != nil {
		return fmt.Errorf("upsert company: %w", err)
	}
	revenue, _ := acme.Custom.Float("total_revenue")
	r.step("upsert company ByExternalID(qs-acme)", fmt.Sprintf("%s, custom total_revenue=%.0f", acme.Name, revenue))

	again, err := client.Companies.Upsert(ctx, userlot.CompanyInput{MRR: cdpkit.Ptr(8000.0)}, userlot.ByID(acme.ID))
	if err != nil {
		return fmt.Errorf("update company: %w", err)
	}
	revenue, _ = again.Custom.Float("total_revenue")
	r.step("upsert the same company ByID", fmt.Sprintf("same record: %t, MRR %.0f, total_revenue kept: %.0f", again.ID == acme.ID, *again.MRR, revenue))

	var custom userlot.CustomFields
	custom.SetString("plan_tier", "gold")
	ada, err := client.EndUsers.Upsert(ctx,
		userlot.EndUserInput{Email: "ada@example.com", FirstName: "Ada", LastName: "Lovelace", CompanyID: acme.ID, Custom: custom},
		userlot.BySourceExternalID("qs-crm-ada"))
	if err != nil {
		return fmt.Errorf("upsert end user: %w", err)
	}
	got, err := client.EndUsers.Get(ctx, ada.ID)
	if err != nil {
		return fmt.Errorf("get end user: %w", err)
	}
	tier, _ := got.Custom.String("plan_tier")
	r.step("upsert end user BySourceExternalID", fmt.Sprintf("%s <%s>, read back plan_tier=%s", got.Name, got.Email, tier))

	companies, err := client.Companies.List(ctx, userlot.CompanyFilter{Name: "Acme"})
	if err != nil {
		return fmt.Errorf("list companies: %w", err)
	}
	users, err := client.EndUsers.List(ctx, userlot.EndUserFilter{Email: "ada@example.com"})
	if err != nil {
		return fmt.Errorf("list end users: %w", err)
	}
	r.step("list with filters", fmt.Sprintf("%d company named Acme, %d end user with ada@example.com (bare arrays, no paging)", len(companies), len(users)))
	return nil
}

// userlotActivity identifies a user, sends events and syncs a ticket.
func userlotActivity(ctx context.Context, r *report, client *userlot.Client) error {
	if err := client.Identify(ctx, userlot.IdentifyRequest{UserEmail: "grace@example.com", UserExternalID: "qs-grace", CompanyName: "Acme", CompanyExternalID: "qs-acme"}); err != nil {
		return fmt.Errorf("identify: %w", err)
	}
	r.step("identify qs-grace at qs-acme", "accepted")
	for _, v := range []userlot.EventValue{userlot.NumberValue(120), userlot.TextValue("csv")} {
		if err := client.TrackEvent(ctx, userlot.Event{Name: "report_exported", UserExternalID: "qs-grace", Value: v}); err != nil {
			return fmt.Errorf("track event: %w", err)
		}
	}
	r.step(`track "report_exported" twice`, "values 120 and \"csv\" accepted")
	ticket, err := client.Tickets.Upsert(ctx, userlot.TicketInput{Subject: "Export fails", Status: "open"}, userlot.BySourceExternalID("qs-zd-1042"))
	if err != nil {
		return fmt.Errorf("upsert ticket: %w", err)
	}
	r.step("upsert ticket BySourceExternalID", fmt.Sprintf("%q is %s", ticket.Subject, ticket.Status))
	return nil
}

// userlotErrors shows the errors a caller meets: input refused before any
// request, and a typed 404.
func userlotErrors(ctx context.Context, r *report, client *userlot.Client) error {
	_, err := client.Companies.Upsert(ctx, userlot.CompanyInput{Name: "Acme"}, userlot.ByExternalID("qs-acme"), userlot.BySourceExternalID("qs-crm-1"))
	var verr *userlot.ValidationError
	if !errors.As(err, &verr) {
		return fmt.Errorf("expected a validation error for two identities, got %v", err)
	}
	r.step("upsert with two identities", "rejected before any request: "+verr.Problem)

	_, err = client.Companies.Upsert(ctx, userlot.CompanyInput{Custom: userlot.CustomFields{"name": "Shadow"}}, userlot.ByExternalID("qs-acme"))
	if !errors.As(err, &verr) {
		return fmt.Errorf("expected a validation error for a colliding custom field, got %v", err)
	}
	r.step("custom field named like a fixed one", "rejected: "+verr.Field+" "+verr.Problem)

	_, err = client.Companies.Get(ctx, "00000000-0000-4000-8000-000000000000")
	var apiErr *userlot.Error
	if !errors.As(err, &apiErr) {
		return fmt.Errorf("expected a typed 404 for an unknown id, got %v", err)
	}
	r.step("get unknown company", fmt.Sprintf("%d %q, IsNotFound=%t", apiErr.StatusCode, apiErr.Message, cdpkit.IsNotFound(err)))
	return nil
}

// userlotReadOnly is the live tour: the documented list calls only.
func userlotReadOnly(ctx context.Context, r *report, client *userlot.Client) error {
	companies, err := client.Companies.List(ctx, userlot.CompanyFilter{})
	if err != nil {
		return fmt.Errorf("list companies: %w", err)
	}
	r.step("list companies", fmt.Sprintf("%d companies", len(companies)))
	users, err := client.EndUsers.List(ctx, userlot.EndUserFilter{})
	if err != nil {
		return fmt.Errorf("list end users: %w", err)
	}
	r.step("list end users", fmt.Sprintf("%d end users", len(users)))
	r.note("upserts, identify, events and tickets change a workspace (and some endpoints are inferred); they run against the fake only")
	return nil
}
