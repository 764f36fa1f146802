package userlot

import (
	"context"
	"time"

	gen "github.com/cdpkit/cdpkit/gen/userlot"
	"github.com/cdpkit/cdpkit/internal/transport"
)

// Ticket is a help-desk ticket synchronised into Userlot, with its custom
// fields. Its fields are inferred (the vendor documents only that tickets
// exist, use the three id kinds and, like the other records, custom
// fields); see specs/userlot.yaml.
type Ticket struct {
	// ID is Userlot's id (a UUID).
	ID string
	// ExternalID is the ticket's id in your product, if set.
	ExternalID string
	// SourceExternalIDs are its ids in help desks; there can be several.
	SourceExternalIDs []string
	// Subject, Status and Priority are the help desk's.
	Subject, Status, Priority string
	// CompanyID and EndUserID are Userlot ids.
	CompanyID, EndUserID string
	// CreatedAt and UpdatedAt are when it was opened and last changed.
	CreatedAt, UpdatedAt time.Time
	// ClosedAt is zero while the ticket is open.
	ClosedAt time.Time
	// Custom holds the custom fields.
	Custom CustomFields
}

// TicketInput is what a ticket upsert sets; empty fields are left out.
type TicketInput struct {
	// Subject, Status and Priority are the help desk's.
	Subject, Status, Priority string
	// CompanyID and EndUserID link the ticket by Userlot ids.
	CompanyID, EndUserID string
	// ClosedAt is when the ticket was closed; zero leaves it out.
	ClosedAt time.Time
	// SourceExternalIDs are ids of the ticket in help desks to record on
	// it; see CompanyInput.SourceExternalIDs.
	SourceExternalIDs []string
	// Custom sets custom fields; a name that is a fixed field is an error.
	Custom CustomFields
}

// TicketFilter narrows List; empty fields do not filter.
type TicketFilter struct {
	ExternalID, SourceExternalID, CompanyID, Status string
}

// TicketsService is the tickets part of the API. Use Client.Tickets.
type TicketsService struct{ c *Client }

var ticketFixed = fixedFields(gen.Ticket{}, gen.TicketUpsert{})

// Upsert updates the ticket that match identifies (ByID, ByExternalID or
// BySourceExternalID — a help desk's ticket number is a source external id)
// or, with no identity, creates one; the retry rule is the same as for
// [CompaniesService.Upsert].
func (s *TicketsService) Upsert(ctx context.Context, in TicketInput, match ...Identity) (*Ticket, error) {
	if err := transport.CheckContext(ctx, "userlot", "TicketsService.Upsert"); err != nil {
		return nil, err
	}
	id, ok, err := atMostOneIdentity("Tickets.Upsert", match)
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
	if err := checkSourceIDs("SourceExternalIDs", in.SourceExternalIDs); err != nil {
		return nil, err
	}
	if err := checkCustom(in.Custom, ticketFixed, "set it through its TicketInput field, or rename the custom field"); err != nil {
		return nil, err
	}
	if p := transport.CheckJSON(in); p != nil {
		return nil, inputError("TicketInput", p)
	}
	userlotID, external, sources := matchFields(id, ok, in.SourceExternalIDs)
	body := gen.TicketUpsert{
		ID: userlotID, ExternalID: external, SourceExternalIDs: writeSourceIDs(sources),
		Subject: optional(in.Subject), Status: optional(in.Status), Priority: optional(in.Priority),
		CompanyID: optional(in.CompanyID), EndUserID: optional(in.EndUserID),
		AdditionalProperties: in.Custom.wire(),
	}
	if !in.ClosedAt.IsZero() {
		body.ClosedAt = &in.ClosedAt
	}
	resp, err := s.c.gen.UpsertTicket(upsertContext(ctx, userlotID, external, sources), body)
	return one(s.c, "upsertTicket", resp, err, ticketFixed, ticketFrom)
}

// Get returns the ticket with this Userlot id (a UUID). Reads are retried.
func (s *TicketsService) Get(ctx context.Context, id string) (*Ticket, error) {
	if err := transport.CheckContext(ctx, "userlot", "TicketsService.Get"); err != nil {
		return nil, err
	}
	if err := checkUUID("id", id); err != nil {
		return nil, err
	}
	resp, err := s.c.gen.GetTicket(ctx, id)
	return one(s.c, "getTicket", resp, err, ticketFixed, ticketFrom)
}

// List returns the tickets that pass the filter, in one slice (a bare
// array, like the other lists). Reads are retried.
func (s *TicketsService) List(ctx context.Context, f TicketFilter) ([]Ticket, error) {
	if err := transport.CheckContext(ctx, "userlot", "TicketsService.List"); err != nil {
		return nil, err
	}
	params := &gen.ListTicketsParams{
		ExternalID: optional(f.ExternalID), SourceExternalID: optional(f.SourceExternalID),
		CompanyID: optional(f.CompanyID), Status: optional(f.Status),
	}
	resp, err := s.c.gen.ListTickets(ctx, params)
	return list(s.c, "listTickets", resp, err, ticketFixed, ticketFrom)
}

func ticketFrom(g *gen.Ticket, custom CustomFields) (*Ticket, error) {
	sources, err := readSourceIDs(g.SourceExternalIDs)
	if err != nil {
		return nil, err
	}
	return &Ticket{
		ID: g.ID, ExternalID: deref(g.ExternalID), SourceExternalIDs: sources,
		Subject: deref(g.Subject), Status: deref(g.Status), Priority: deref(g.Priority),
		CompanyID: deref(g.CompanyID), EndUserID: deref(g.EndUserID),
		CreatedAt: deref(g.CreatedAt), UpdatedAt: deref(g.UpdatedAt), ClosedAt: deref(g.ClosedAt),
		Custom: custom,
	}, nil
}
