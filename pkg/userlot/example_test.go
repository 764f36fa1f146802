package userlot_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/cdpkit/cdpkit"

	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/userlot"
	"github.com/cdpkit/cdpkit/pkg/userlot/userlottest"
)

// The in-memory fake stands in for https://<tenant>.userlot.app; with
// USERLOT_API_KEY and USERLOT_TENANT set, userlot.NewClient() alone talks
// to the real workspace.
func Example() {
	srv := userlottest.New()
	defer srv.Close()
	client, err := userlot.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey(srv.APIKey))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()

	acme, err := client.Companies.Upsert(ctx,
		userlot.CompanyInput{Name: "Acme", Custom: userlot.CustomFields{"total_revenue": 98000}},
		userlot.ByExternalID("acme-1"))
	if err != nil {
		fmt.Println(err)
		return
	}
	again, err := client.Companies.Get(ctx, acme.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	revenue, _ := again.Custom.Float("total_revenue")
	fmt.Printf("%s (%s): total_revenue %.0f\n", again.Name, again.ExternalID, revenue)
	// Output: Acme (acme-1): total_revenue 98000
}

func ExampleCompaniesService_Upsert() {
	srv := userlottest.New()
	defer srv.Close()
	client, _ := userlot.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey(srv.APIKey))
	ctx := context.Background()

	// The first call creates the company, the second finds it by the same id.
	for _, name := range []string{"Acme", "Acme Corp"} {
		if _, err := client.Companies.Upsert(ctx, userlot.CompanyInput{Name: name}, userlot.BySourceExternalID("hubspot-77")); err != nil {
			fmt.Println(err)
			return
		}
	}
	list, _ := client.Companies.List(ctx, userlot.CompanyFilter{SourceExternalID: "hubspot-77"})
	fmt.Println(len(list), list[0].Name)

	// Two identities are refused before anything is sent.
	_, err := client.Companies.Upsert(ctx, userlot.CompanyInput{Name: "Acme"}, userlot.ByExternalID("acme-1"), userlot.BySourceExternalID("hubspot-77"))
	var verr *userlot.ValidationError
	fmt.Println(errors.As(err, &verr), verr.Field)
	// Output:
	// 1 Acme Corp
	// true identity
}

// A record can carry several ids in other systems; an upsert without an
// identity creates a record.
func ExampleCompanyInput_sourceExternalIDs() {
	srv := userlottest.New()
	defer srv.Close()
	client, _ := userlot.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey(srv.APIKey))
	ctx := context.Background()

	acme, err := client.Companies.Upsert(ctx, userlot.CompanyInput{Name: "Acme", SourceExternalIDs: []string{"hubspot-77", "zendesk-9"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	// Either id finds the same company.
	same, _ := client.Companies.Upsert(ctx, userlot.CompanyInput{MRR: cdpkit.Ptr(1200.0)}, userlot.BySourceExternalID("zendesk-9"))
	fmt.Println(acme.SourceExternalIDs, same.ID == acme.ID, *same.MRR)
	// Output: [hubspot-77 zendesk-9] true 1200
}

func ExampleCustomFields() {
	var custom userlot.CustomFields
	custom.SetFloat("total_revenue", 1200.5)
	custom.SetString("plan_tier", "gold")
	custom["seats"] = 12 // plain map writes work too

	seats, _ := custom.Int("seats")
	tier, _ := custom.String("plan_tier")
	fmt.Println(custom.Names(), seats, tier)
	// Output: [plan_tier seats total_revenue] 12 gold
}

func ExampleFieldErrors() {
	srv := userlottest.New(userlottest.WithCustomFields(userlottest.CustomFieldDef{Entity: "company", Name: "total_revenue", Required: true}))
	defer srv.Close()
	client, _ := userlot.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey(srv.APIKey))

	_, err := client.Companies.Upsert(context.Background(), userlot.CompanyInput{Name: "Acme"}, userlot.ByExternalID("acme-1"))
	fmt.Println(cdpkit.IsUnprocessable(err), userlot.FieldErrors(err))
	// Output: true map[total_revenue:[can't be blank]]
}
