package userlot_test

import (
	"context"
	"testing"

	"github.com/cdpkit/cdpkit/pkg/userlot"
)

// TestWritesTheAPICannotDeduplicateAreSentOnce covers issue 18 #4: an event
// and an upsert without any id create something new each time they arrive,
// and Userlot takes no idempotency key, so neither is resent once the body
// may have reached the server. Writes that name their record are retried.
func TestWritesTheAPICannotDeduplicateAreSentOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sentOnce := map[string]func(*userlot.Client) error{
		"TrackEvent": func(c *userlot.Client) error {
			return c.TrackEvent(ctx, userlot.Event{Name: "report_exported", UserExternalID: "u-1"})
		},
		"Companies.Upsert without an id": func(c *userlot.Client) error {
			_, err := c.Companies.Upsert(ctx, userlot.CompanyInput{Name: "Acme"})
			return err
		},
		"EndUsers.Upsert without an id": func(c *userlot.Client) error {
			_, err := c.EndUsers.Upsert(ctx, userlot.EndUserInput{Email: "a@example.com"})
			return err
		},
		"Tickets.Upsert without an id": func(c *userlot.Client) error {
			_, err := c.Tickets.Upsert(ctx, userlot.TicketInput{Subject: "Help"})
			return err
		},
	}
	for name, call := range sentOnce {
		client, requests := lostAnswerClient(t)
		if err := call(client); err == nil {
			t.Errorf("%s: no error although no answer came", name)
		}
		if n := requests.Load(); n != 1 {
			t.Errorf("%s: the server received the body %d times, want 1", name, n)
		}
	}
	retried := map[string]func(*userlot.Client) error{
		"Companies.Upsert by external id": func(c *userlot.Client) error {
			_, err := c.Companies.Upsert(ctx, userlot.CompanyInput{Name: "Acme"}, userlot.ByExternalID("acme-1"))
			return err
		},
		"Companies.Upsert with source ids only": func(c *userlot.Client) error {
			_, err := c.Companies.Upsert(ctx, userlot.CompanyInput{Name: "Acme", SourceExternalIDs: []string{"crm-1"}})
			return err
		},
		"Identify": func(c *userlot.Client) error {
			return c.Identify(ctx, userlot.IdentifyRequest{UserExternalID: "u-1", CompanyExternalID: "acme-1"})
		},
	}
	for name, call := range retried {
		client, requests := lostAnswerClient(t)
		_ = call(client)
		if n := requests.Load(); n != 4 {
			t.Errorf("%s: %d attempts, want 4 (1 + 3 retries)", name, n)
		}
	}
}
