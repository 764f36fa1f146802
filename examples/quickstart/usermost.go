package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/cdpkit/cdpkit"

	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/usermost"
	"github.com/cdpkit/cdpkit/pkg/usermost/usermosttest"
)

func init() { register("Usermost", runUsermost) }

func runUsermost(ctx context.Context, r *report, getenv func(string) string) error {
	var opts []option.RequestOption
	var fake *usermosttest.Server
	if getenv(usermost.EnvAPIKey) == "" {
		fake = usermosttest.New()
		defer fake.Close()
		opts = append(opts, option.WithBaseURL(fake.URL), option.WithAPIKey(fake.APIKey), option.WithLicenseCode(fake.LicenseCode))
		r.header("Usermost", "in-memory fake: set USERMOST_API_KEY and USERMOST_LICENSE_CODE for the real API")
	} else {
		opts = append(opts, option.WithLicenseCode(getenv(usermost.EnvLicenseCode)))
		r.header("Usermost", "live api.usermost.com")
	}
	client, err := usermost.NewClient(opts...)
	if err != nil {
		return err
	}

	res, err := client.UpsertUser(ctx, usermost.User{UserID: "qs-ada", FirstName: "Ada", LastName: "Lovelace", EmailOptIn: cdpkit.Ptr(true)})
	if err != nil {
		return fmt.Errorf("upsert user: %w", err)
	}
	r.step("upsert user qs-ada", res.Status)

	res, err = client.UpsertUser(ctx, usermost.User{DeviceID: "qs-device-1", Attributes: usermost.Attributes{"referrer": "newsletter"}})
	if err != nil {
		return fmt.Errorf("upsert anonymous profile: %w", err)
	}
	r.step("upsert anonymous device qs-device-1", res.Status)

	res, err = client.TrackEvent(ctx, usermost.Event{UserID: "qs-ada", EventName: "Added to Cart", EventData: usermost.EventData{"Product": "Difference Engine", "Price": 39.8}})
	if err != nil {
		return fmt.Errorf("track event: %w", err)
	}
	r.step(`track event "Added to Cart"`, res.Status)

	events := make([]usermost.Event, 60)
	for i := range events {
		events[i] = usermost.Event{UserID: "qs-ada", EventName: "Page Viewed", EventData: usermost.EventData{"page": fmt.Sprintf("/docs/%d", i)}}
	}
	batch, err := client.TrackEvents(ctx, events)
	if err != nil {
		return fmt.Errorf("track events: %w", err)
	}
	r.step(fmt.Sprintf("batch of %d events", len(events)), fmt.Sprintf("%d accepted in %d requests of at most %d", batch.Events, len(batch.RequestIDs), usermost.MaxBatchSize))

	if err := showTypedError(ctx, r, fake); err != nil {
		return err
	}
	if fake != nil {
		st := fake.Stats()
		r.note("the fake now holds %d profiles and %d events (%d requests)", st.Users, st.Events, st.Requests)
	}
	return nil
}

// showTypedError demonstrates error handling with a license code no account
// has. Against the live API it is skipped so the tour never misuses a key.
func showTypedError(ctx context.Context, r *report, fake *usermosttest.Server) error {
	if fake == nil {
		return nil
	}
	client, err := usermost.NewClient(option.WithBaseURL(fake.URL), option.WithAPIKey(fake.APIKey), option.WithLicenseCode("lc-does-not-exist"))
	if err != nil {
		return err
	}
	_, err = client.UpsertUser(ctx, usermost.User{UserID: "qs-ada"})
	var apiErr *usermost.Error
	if !errors.As(err, &apiErr) {
		return fmt.Errorf("expected a typed error for an unknown license code, got %v", err)
	}
	r.step("typed error for unknown account", fmt.Sprintf("%d %q, IsNotFound=%t", apiErr.StatusCode, apiErr.Message, cdpkit.IsNotFound(err)))
	return nil
}
