package userlot_test

import (
	"context"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit/internal/faultproxy"
	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/userlot"
	"github.com/cdpkit/cdpkit/pkg/userlot/userlottest"
)

// lostAnswers puts a fault proxy in front of a fake that lets every request
// reach the fake, which stores it, and then resets the connection before
// the answer. The client retries up to 3 times.
func lostAnswers(t *testing.T) (*userlottest.Server, *userlot.Client) {
	t.Helper()
	srv := userlottest.NewServer(t)
	proxy := faultproxy.Start(t, faultproxy.Config{Upstream: srv.URL,
		Rates: []faultproxy.Weighted{{Fault: faultproxy.Fault{Kind: faultproxy.ResetAfterUpstream}, Rate: 1}}})
	client, err := userlot.NewClient(option.WithBaseURL(proxy.URL()), option.WithAPIKey(srv.APIKey),
		option.WithMaxRetries(3), option.WithBackoff(time.Millisecond, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	return srv, client
}

// TestWritesTheAPICannotDeduplicateAreSentOnce covers issue 18 #4: an event
// and an upsert without any id create something new each time they arrive,
// and Userlot takes no idempotency key, so neither is resent once the body
// may have reached the server: each is stored once. Writes that name their
// record are retried, and a repeat still stores one record.
func TestWritesTheAPICannotDeduplicateAreSentOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tests := []struct {
		name     string
		call     func(*userlot.Client) error
		attempts int
		stored   func(userlottest.Stats) int
	}{
		{"TrackEvent", func(c *userlot.Client) error {
			return c.TrackEvent(ctx, userlot.Event{Name: "report_exported", UserExternalID: "u-0"})
		}, 1, func(s userlottest.Stats) int { return s.Events }},
		{"Companies.Upsert without an id", func(c *userlot.Client) error {
			_, err := c.Companies.Upsert(ctx, userlot.CompanyInput{Name: "Acme"})
			return err
		}, 1, func(s userlottest.Stats) int { return s.Companies }},
		{"EndUsers.Upsert without an id", func(c *userlot.Client) error {
			_, err := c.EndUsers.Upsert(ctx, userlot.EndUserInput{Email: "a@example.com"})
			return err
		}, 1, func(s userlottest.Stats) int { return s.EndUsers }},
		{"Tickets.Upsert without an id", func(c *userlot.Client) error {
			_, err := c.Tickets.Upsert(ctx, userlot.TicketInput{Subject: "Help"})
			return err
		}, 1, func(s userlottest.Stats) int { return s.Tickets }},
		{"Companies.Upsert by external id", func(c *userlot.Client) error {
			_, err := c.Companies.Upsert(ctx, userlot.CompanyInput{Name: "Acme"}, userlot.ByExternalID("acme-1"))
			return err
		}, 4, func(s userlottest.Stats) int { return s.Companies }},
		{"Companies.Upsert with source ids only", func(c *userlot.Client) error {
			_, err := c.Companies.Upsert(ctx, userlot.CompanyInput{Name: "Acme", SourceExternalIDs: []string{"crm-1"}})
			return err
		}, 4, func(s userlottest.Stats) int { return s.Companies }},
		{"Identify", func(c *userlot.Client) error {
			return c.Identify(ctx, userlot.IdentifyRequest{UserExternalID: "u-1", CompanyExternalID: "acme-1"})
		}, 4, func(s userlottest.Stats) int { return s.EndUsers }},
	}
	for _, tt := range tests {
		srv, client := lostAnswers(t)
		// The event's user exists, identified straight at the fake.
		direct, err := userlot.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey(srv.APIKey))
		if err != nil {
			t.Fatal(err)
		}
		if err := direct.Identify(ctx, userlot.IdentifyRequest{UserExternalID: "u-0"}); err != nil {
			t.Fatal(err)
		}
		before := srv.Stats()
		if err := tt.call(client); err == nil {
			t.Errorf("%s: no error although no answer came", tt.name)
		}
		after := srv.Stats()
		attempts, stored := after.Requests-before.Requests, tt.stored(after)-tt.stored(before)
		if attempts != tt.attempts || stored != 1 {
			t.Errorf("%s: %d attempts reached the fake and %d records were stored, want %d and 1", tt.name, attempts, stored, tt.attempts)
		}
	}
}
