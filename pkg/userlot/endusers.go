package userlot

import (
	"context"
	"fmt"
	"net/mail"
	"time"

	gen "github.com/cdpkit/cdpkit/gen/userlot"
	"github.com/cdpkit/cdpkit/internal/transport"
)

// EndUser is a user of your application, with their custom fields.
type EndUser struct {
	// ID is Userlot's id (a UUID).
	ID string
	// ExternalID is the user's id in your product, if set.
	ExternalID string
	// SourceExternalIDs are their ids in other systems; there can be
	// several.
	SourceExternalIDs []string
	// Email is the user's e-mail address.
	Email string
	// FirstName and LastName are the user's names.
	FirstName, LastName string
	// Name is the full name Userlot derives.
	Name string
	// CompanyID is the Userlot id of the user's company.
	CompanyID            string
	CreatedAt, UpdatedAt time.Time
	// LastSeenAt is zero when the user was not seen yet.
	LastSeenAt time.Time
	// Custom holds the custom fields.
	Custom CustomFields
}

// EndUserInput is what an upsert sets; empty fields are left out.
type EndUserInput struct {
	// Email is the user's e-mail address.
	Email string
	// FirstName and LastName are the user's names.
	FirstName, LastName string
	// CompanyID links the user to a company by its Userlot id.
	CompanyID string
	// SourceExternalIDs are ids of the user in other systems to record on
	// them; see CompanyInput.SourceExternalIDs.
	SourceExternalIDs []string
	// Custom sets custom fields; a name that is a fixed field is an error.
	Custom CustomFields
}

// EndUserFilter narrows List; empty fields do not filter.
type EndUserFilter struct {
	ExternalID, SourceExternalID     string
	Name, FirstName, LastName, Email string
}

// EndUsersService is the end-users part of the API. Use Client.EndUsers.
type EndUsersService struct{ c *Client }

var endUserFixed = fixedFields(gen.EndUser{}, gen.EndUserUpsert{})

// Upsert updates the end user that match identifies (ByID, ByExternalID
// or BySourceExternalID) or, with no identity, creates one, as for
// companies; the retry rule is the same as for [CompaniesService.Upsert].
func (s *EndUsersService) Upsert(ctx context.Context, in EndUserInput, match ...Identity) (*EndUser, error) {
	if err := transport.CheckContext(ctx, "userlot", "EndUsersService.Upsert"); err != nil {
		return nil, err
	}
	id, ok, err := atMostOneIdentity("EndUsers.Upsert", match)
	if err != nil {
		return nil, err
	}
	if err := checkEmail("Email", in.Email); err != nil {
		return nil, err
	}
	if in.CompanyID != "" {
		if err := checkUUID("CompanyID", in.CompanyID); err != nil {
			return nil, err
		}
	}
	if err := checkSourceIDs("SourceExternalIDs", in.SourceExternalIDs); err != nil {
		return nil, err
	}
	if err := checkCustom(in.Custom, endUserFixed, "set it through its EndUserInput field, or rename the custom field"); err != nil {
		return nil, err
	}
	if p := transport.CheckJSON(in); p != nil {
		return nil, inputError("EndUserInput", p)
	}
	userlotID, external, sources := matchFields(id, ok, in.SourceExternalIDs)
	body := gen.EndUserUpsert{
		ID: userlotID, ExternalID: external, SourceExternalIDs: writeSourceIDs(sources),
		Email: optional(in.Email), FirstName: optional(in.FirstName), LastName: optional(in.LastName),
		CompanyID: optional(in.CompanyID), AdditionalProperties: in.Custom.wire(),
	}
	resp, err := s.c.gen.UpsertEndUser(upsertContext(ctx, userlotID, external, sources), body)
	return one(s.c, "upsertEndUser", resp, err, endUserFixed, endUserFrom)
}

// Get returns the end user with this Userlot id (a UUID). Reads are retried.
func (s *EndUsersService) Get(ctx context.Context, id string) (*EndUser, error) {
	if err := transport.CheckContext(ctx, "userlot", "EndUsersService.Get"); err != nil {
		return nil, err
	}
	if err := checkUUID("id", id); err != nil {
		return nil, err
	}
	resp, err := s.c.gen.GetEndUser(ctx, id)
	return one(s.c, "getEndUser", resp, err, endUserFixed, endUserFrom)
}

// List returns the end users that pass the filter. Userlot answers with a
// bare JSON array and documents no paging, so List returns everything in
// one slice rather than an iterator. Reads are retried.
func (s *EndUsersService) List(ctx context.Context, f EndUserFilter) ([]EndUser, error) {
	if err := transport.CheckContext(ctx, "userlot", "EndUsersService.List"); err != nil {
		return nil, err
	}
	params := &gen.ListEndUsersParams{
		ExternalID: optional(f.ExternalID), SourceExternalID: optional(f.SourceExternalID),
		Name: optional(f.Name), FirstName: optional(f.FirstName), LastName: optional(f.LastName), Email: optional(f.Email),
	}
	resp, err := s.c.gen.ListEndUsers(ctx, params)
	return list(s.c, "listEndUsers", resp, err, endUserFixed, endUserFrom)
}

func endUserFrom(g *gen.EndUser, custom CustomFields) (*EndUser, error) {
	sources, err := readSourceIDs(g.SourceExternalIDs)
	if err != nil {
		return nil, err
	}
	return &EndUser{
		ID: g.ID, ExternalID: deref(g.ExternalID), SourceExternalIDs: sources,
		Email: deref(g.Email), FirstName: deref(g.FirstName), LastName: deref(g.LastName), Name: deref(g.Name),
		CompanyID: deref(g.CompanyID), CreatedAt: deref(g.CreatedAt), UpdatedAt: deref(g.UpdatedAt),
		LastSeenAt: deref(g.LastSeenAt), Custom: custom,
	}, nil
}

// checkEmail rejects a set e-mail address that is not a bare address.
func checkEmail(field, email string) error {
	if email == "" {
		return nil
	}
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email {
		return &ValidationError{API: apiName, Field: field, Problem: fmt.Sprintf("%q is not an e-mail address", email), Fix: "pass the bare address, e.g. ada@example.com"}
	}
	return nil
}
