package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/cdpkit/cdpkit"

	"github.com/cdpkit/cdpkit/pkg/activeprospect"
	"github.com/cdpkit/cdpkit/pkg/activeprospect/activeprospecttest"
	"github.com/cdpkit/cdpkit/pkg/option"
)

func init() { register("ActiveProspect", runActiveProspect) }

func runActiveProspect(ctx context.Context, r *report, getenv func(string) string) error {
	var opts []option.RequestOption
	var fake *activeprospecttest.Server
	if getenv(activeprospect.EnvAPIKey) == "" {
		fake = activeprospecttest.New()
		defer fake.Close()
		opts = append(opts, option.WithBaseURL(fake.URL), option.WithAPIKey(fake.APIKey))
		r.header("ActiveProspect", "in-memory fake: set ACTIVEPROSPECT_API_KEY for the real API")
	} else {
		r.header("ActiveProspect", "live app.leadconduit.com")
	}
	client, err := activeprospect.NewClient(opts...)
	if err != nil {
		return err
	}

	acct, err := client.Account.Get(ctx)
	if err != nil {
		return fmt.Errorf("get account: %w", err)
	}
	r.step("get account", fmt.Sprintf("%s (%s), retention %d days", acct.Name, acct.ID, acct.DataRetentionInDays))

	user, err := client.User.Get(ctx)
	if err != nil {
		return fmt.Errorf("get user: %w", err)
	}
	r.step("get authenticated user", fmt.Sprintf("%s %s <%s>, %d products", user.FirstName, user.LastName, user.Email, len(user.Products)))

	if fake == nil {
		// Credentials are real integration secrets; the live tour only reads.
		list, err := client.Credentials.List(ctx)
		if err != nil {
			return fmt.Errorf("list credentials: %w", err)
		}
		r.step("list credentials", fmt.Sprintf("%d stored (not printed on a live account)", len(list)))
		return nil
	}
	return credentialTour(ctx, r, client, fake)
}

// credentialTour creates, lists, updates and deletes credentials on the fake,
// printing each with its secrets redacted.
func credentialTour(ctx context.Context, r *report, client *activeprospect.Client, fake *activeprospecttest.Server) error {
	created, err := client.Credentials.Create(ctx, activeprospect.CredentialInput{
		Name:     "Mailchimp (qs)",
		Type:     activeprospect.CredentialTypeUser,
		Package:  "leadconduit-mailchimp",
		Username: "ops@example.com",
		Password: activeprospect.NewSecret("qs-password-123"),
		Extra:    map[string]any{"api_key": "qs-mailchimp-key", "region": "us1"},
	})
	if err != nil {
		return fmt.Errorf("create credential: %w", err)
	}
	r.step("create credential", created.ID)
	if _, err := client.Credentials.Create(ctx, activeprospect.CredentialInput{
		Name:     "Webhook token (qs)",
		Type:     activeprospect.CredentialTypeToken,
		Package:  "leadconduit-custom",
		Username: "webhook",
		Password: activeprospect.NewSecret("qs-webhook-password"),
		Token:    activeprospect.NewSecret("qs-webhook-token"),
	}); err != nil {
		return fmt.Errorf("create token credential: %w", err)
	}

	list, err := client.Credentials.List(ctx)
	if err != nil {
		return fmt.Errorf("list credentials: %w", err)
	}
	r.step("list credentials", fmt.Sprintf("%d stored, secrets redacted:", len(list)))
	for _, c := range list {
		r.note("%v", c)
	}
	r.note("explicit accessor: cred.Password().Reveal() has %d characters", len(created.Password().Reveal()))

	update := activeprospect.AccountUpdate{DataRetentionInDays: cdpkit.Ptr(0)}
	acct, err := client.Account.Update(ctx, update)
	if err != nil {
		return fmt.Errorf("update account: %w", err)
	}
	req, _ := fake.LastRequest("PUT", "/account")
	r.step("partial account update", fmt.Sprintf("sent %s, retention now %d", req.Body, acct.DataRetentionInDays))

	if _, err := client.Credentials.Delete(ctx, created.ID); err != nil {
		return fmt.Errorf("delete credential: %w", err)
	}
	_, err = client.Credentials.Get(ctx, created.ID)
	var apiErr *activeprospect.Error
	if !errors.As(err, &apiErr) {
		return fmt.Errorf("expected a typed 404 for a deleted credential, got %v", err)
	}
	r.step("get deleted credential", fmt.Sprintf("%d %q, IsNotFound=%t", apiErr.StatusCode, apiErr.Message, cdpkit.IsNotFound(err)))

	_, err = client.Credentials.Get(ctx, "not-an-id")
	var verr *activeprospect.ValidationError
	if !errors.As(err, &verr) {
		return fmt.Errorf("expected a validation error for a malformed id, got %v", err)
	}
	r.step("malformed id", "rejected before any request: "+verr.Problem)
	r.note("the fake now holds %d credentials (%d requests)", fake.Stats().Credentials, fake.Stats().Requests)
	return nil
}
