package userlot

import (
	"context"
	"time"

	gen "github.com/cdpkit/cdpkit/gen/userlot"
	"github.com/cdpkit/cdpkit/internal/transport"
)

// Ticket is a help-desk ticket synchronised into Userlot. Its fields are
// inferred (the vendor documents only that tickets exist and use the three
// id kinds); see specs/userlot.yaml.
type Ticket struct {
	ID, ExternalID, SourceExternalID string
	Subject, Status, Priority        string
	// CompanyID and EndUserID are Userlot ids.
	CompanyID, EndUserID string
	CreatedAt, UpdatedAt time.Time
	// ClosedAt is zero while the ticket is open.
	ClosedAt time.Time
}

// TicketInput is what a ticket upsert sets; empty fields are left out.
type TicketInput struct {
	Subject, Status, Priority string
	// CompanyID and EndUserID link the ticket by Userlot ids.
	CompanyID, EndUserID string
	ClosedAt             time.Time
}

// TicketFilter narrows List; empty fields do not filter.
type TicketFilter struct {
	ExternalID, SourceExternalID, CompanyID, Status string
}

// TicketsService is the tickets part of the API. Use Client.Tickets.
type TicketsService struct{ c *Client }

// Upsert creates or updates the ticket that match identifies: exactly one
// of ByID, ByExternalID or BySourceExternalID (a help desk's ticket number
// is a source external id).
func (s *TicketsService) Upsert(ctx context.Context, in TicketInput, match ...Identity) (*Ticket, error) {
	if err := transport.CheckContext(ctx, "userlot", "TicketsService.Upsert"); err != nil {
		return nil, err
	}
	id, err := oneIdentity("Tickets.Upsert", match)
	if err != nil {
		return nil, err
	}
	for _, f := range [...]struct{ name, v string }{{"CompanyID", in.CompanyID}, {"EndUserID", in.EndUserID}} {
		if f.v != "" {
			if err := checkUUID(f.name, f.v); err != nil {
				return nil, err
			}
		}
	}
	body := gen.TicketUpsert{
		Subject: optional(in.Subject), Status: optional(in.Status), Priority: optional(in.Priority),
		CompanyID: optional(in.CompanyID), EndUserID: optional(in.EndUserID),
	}
	if !in.ClosedAt.IsZero() {
		body.ClosedAt = &in.ClosedAt
	}
	body.ID, body.ExternalID, body.SourceExternalID = id.fields()
	resp, err := s.c.gen.UpsertTicketWithResponse(ctx, body)
	if err != nil {
		return nil, err
	}
	return oneOf(resp.HTTPResponse, resp.Body, ticketFrom, resp.JSON200, resp.JSON201)
}

// Get returns the ticket with this Userlot id.
func (s *TicketsService) Get(ctx context.Context, id string) (*Ticket, error) {
	if err := transport.CheckContext(ctx, "userlot", "TicketsService.Get"); err != nil {
		return nil, err
	}
	if err := checkUUID("id", id); err != nil {
		return nil, err
	}
	resp, err := s.c.gen.GetTicketWithResponse(ctx, id)
	if err != nil {
		return nil, err
	}
	return oneOf(resp.HTTPResponse, resp.Body, ticketFrom, resp.JSON200)
}

// List returns the tickets that pass the filter, in one slice (a bare
// array, like the other lists).
func (s *TicketsService) List(ctx context.Context, f TicketFilter) ([]Ticket, error) {
	if err := transport.CheckContext(ctx, "userlot", "TicketsService.List"); err != nil {
		return nil, err
	}
	params := &gen.ListTicketsParams{
		ExternalID: optional(f.ExternalID), SourceExternalID: optional(f.SourceExternalID),
		CompanyID: optional(f.CompanyID), Status: optional(f.Status),
	}
	resp, err := s.c.gen.ListTicketsWithResponse(ctx, params)
	if err != nil {
		return nil, err
	}
	return listOf(resp.HTTPResponse, resp.Body, resp.JSON200, ticketFrom)
}

func ticketFrom(g *gen.Ticket) *Ticket {
	return &Ticket{
		ID: g.ID, ExternalID: deref(g.ExternalID), SourceExternalID: deref(g.SourceExternalID),
		Subject: deref(g.Subject), Status: deref(g.Status), Priority: deref(g.Priority),
		CompanyID: deref(g.CompanyID), EndUserID: deref(g.EndUserID),
		CreatedAt: deref(g.CreatedAt), UpdatedAt: deref(g.UpdatedAt), ClosedAt: deref(g.ClosedAt),
	}
}
