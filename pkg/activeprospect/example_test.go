package activeprospect_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cdpkit/cdpkit"

	"github.com/cdpkit/cdpkit/pkg/activeprospect"
	"github.com/cdpkit/cdpkit/pkg/activeprospect/activeprospecttest"
	"github.com/cdpkit/cdpkit/pkg/option"
)

// The in-memory fake stands in for app.leadconduit.com; with a real key in
// ACTIVEPROSPECT_API_KEY, activeprospect.NewClient() alone talks to the real
// service.
func Example() {
	srv := activeprospecttest.New()
	defer srv.Close()

	client, err := activeprospect.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey(srv.APIKey))
	if err != nil {
		fmt.Println(err)
		return
	}
	acct, err := client.Account.Get(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(acct.Name, acct.ProductID, acct.DataRetentionInDays)
	// Output: Acme, Inc. lcx 90
}

// Creating a credential: the secrets go to the API as they are, but the
// returned Credential prints them as [REDACTED]. The accessors reveal them.
func ExampleCredentialsService_Create() {
	srv := activeprospecttest.New(activeprospecttest.WithClock(func() time.Time {
		return time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	}))
	defer srv.Close()
	client, _ := activeprospect.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey(srv.APIKey))

	cred, err := client.Credentials.Create(context.Background(), activeprospect.CredentialInput{
		Name:     "Mailchimp (production)",
		Type:     activeprospect.CredentialTypeUser,
		Package:  "leadconduit-mailchimp",
		Username: "ops@example.com",
		Password: activeprospect.NewSecret("correct-horse-battery"),
		Extra:    map[string]any{"api_key": "mc-0123456789", "region": "us1"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cred)
	fmt.Println("id valid:", activeprospect.IsValidID(cred.ID))
	fmt.Println("password:", cred.Password(), "->", cred.Password().Reveal())
	fmt.Println("api_key:", cred.Secret("api_key").Reveal())
	// Output:
	// {"api_key":"[REDACTED]","created_at":"2024-05-01T12:00:00Z","id":"66c0ffee0000000000000001","name":"Mailchimp (production)","package":"leadconduit-mailchimp","password":"[REDACTED]","region":"us1","type":"user","updated_at":"2024-05-01T12:00:00Z","username":"ops@example.com"}
	// id valid: true
	// password: [REDACTED] -> correct-horse-battery
	// api_key: mc-0123456789
}

// A partial update sends only the fields that are set; Ptr(0) sends a zero.
func ExampleAccountService_Update() {
	srv := activeprospecttest.New()
	defer srv.Close()
	client, _ := activeprospect.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey(srv.APIKey))

	acct, err := client.Account.Update(context.Background(), activeprospect.AccountUpdate{
		DataRetentionInDays: cdpkit.Ptr(0),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	req, _ := srv.LastRequest("PUT", "/account")
	fmt.Println("sent:", string(req.Body))
	fmt.Println("retention:", acct.DataRetentionInDays, "name kept:", acct.Name)
	// Output:
	// sent: {"data_retention_in_days":0}
	// retention: 0 name kept: Acme, Inc.
}

// Malformed ids are rejected before any request; unknown ones get a 404.
func ExampleCredentialsService_Get() {
	srv := activeprospecttest.New()
	defer srv.Close()
	client, _ := activeprospect.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey(srv.APIKey))
	ctx := context.Background()

	_, err := client.Credentials.Get(ctx, "42")
	fmt.Println(err)

	_, err = client.Credentials.Get(ctx, "5fd4371e940df5a34a3888b2")
	var apiErr *activeprospect.Error
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Message, cdpkit.IsNotFound(err))
	}
	// Output:
	// activeprospect: id: "42" is not an ActiveProspect id: pass the 24-character hexadecimal BSON id of the credential (Credential.ID), e.g. 5fd4371e940df5a34a3888b2
	// 404 credential 5fd4371e940df5a34a3888b2 not found true
}

// The user's UI flags are sent as booleans and come back as the time they
// were set; the user's Zendesk token prints redacted.
func ExampleUserService_Update() {
	srv := activeprospecttest.New(activeprospecttest.WithClock(func() time.Time {
		return time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	}))
	defer srv.Close()
	client, _ := activeprospect.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey(srv.APIKey))

	user, err := client.User.Update(context.Background(), srv.UserID, activeprospect.UserUpdate{
		UIState: activeprospect.UserUIStateUpdate{HasSeenFreeAccountModal: cdpkit.Ptr(true)},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("modal seen at:", user.UIState.HasSeenFreeAccountModal.Format(time.RFC3339))
	fmt.Println("zendesk token:", user.ZendeskJWT)
	// Output:
	// modal seen at: 2024-03-01T12:00:00Z
	// zendesk token: [REDACTED]
}
