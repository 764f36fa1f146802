package userlot

import (
	"context"
	"time"

	gen "github.com/cdpkit/cdpkit/gen/userlot"
	"github.com/cdpkit/cdpkit/internal/transport"
)

// Company is a client account, with its custom fields.
type Company struct {
	// ID is Userlot's id (a UUID).
	ID string
	// ExternalID is the company's id in your product, if set.
	ExternalID string
	// SourceExternalIDs are its ids in other systems (a CRM, a help desk);
	// there can be several.
	SourceExternalIDs []string
	// FriendlyID is the small number the Userlot UI shows.
	FriendlyID int
	// Name is the company's name.
	Name string
	// Emails are the company's e-mail addresses.
	Emails []string
	// HealthScore is Userlot's health score; HealthScoreDiff its change,
	// nil when Userlot has none.
	HealthScore     float64
	HealthScoreDiff *float64
	// HealthCategory is Userlot's health category, if any.
	HealthCategory string
	// OwnerUserID, LifeCycleID, LifeCycleStageID and StatusID are Userlot
	// ids of the owner, life cycle, stage and account status.
	OwnerUserID, LifeCycleID, LifeCycleStageID, StatusID string
	// MRR and ARR are recurring revenue; nil when not set, which differs
	// from zero revenue.
	MRR, ARR *float64
	// StartDate and RenewalDate are as Userlot sends them (YYYY-MM-DD).
	StartDate, RenewalDate string
	// CreatedAt and UpdatedAt are when Userlot created and last changed it.
	CreatedAt, UpdatedAt time.Time
	// LastSeenAt is zero when no user of the company was seen yet.
	LastSeenAt time.Time
	// Custom holds the custom fields.
	Custom CustomFields
}

// CompanyInput is what an upsert sets. Empty strings and nil pointers are
// left out of the request, so an update only changes what is set here.
type CompanyInput struct {
	// Name is the company's name.
	Name string
	// MRR and ARR: use cdpkit.Ptr(0.0) to set zero revenue.
	MRR, ARR *float64
	// StartDate and RenewalDate as YYYY-MM-DD.
	StartDate, RenewalDate string
	// SourceExternalIDs are ids of the company in other systems to record
	// on it, sent in source_external_id next to the identity (one as a
	// string, several as a list). Userlot matches a body on any id it
	// carries, so list only ids of this company or new ones.
	SourceExternalIDs []string
	// Custom sets custom fields; a name that is a fixed field is an error.
	Custom CustomFields
}

// CompanyFilter narrows List; empty fields do not filter. Userlot combines
// filters; how (and whether Name matches exactly) is not documented.
type CompanyFilter struct {
	Name, ExternalID, SourceExternalID                   string
	OwnerUserID, LifeCycleID, LifeCycleStageID, StatusID string
}

// CompaniesService is the companies part of the API. Use Client.Companies.
type CompaniesService struct{ c *Client }

// companyFixed are the fixed JSON fields of a company, read or written.
var companyFixed = fixedFields(gen.Company{}, gen.CompanyUpsert{})

// Upsert updates the company that match identifies (ByID, ByExternalID or
// BySourceExternalID) or, with no identity, creates one — the two cases the
// vendor documents. Two identities, or a custom field named like a fixed
// one, are errors before any request is sent.
//
// Retries: an upsert whose body carries an id of any kind is retried after a
// connection error or a 5xx, since a repeat matches the same record. One
// without (a create) is sent once: Userlot takes no idempotency key, so a
// retry after a lost answer could create the company twice. After such an
// error, look the company up with List before trying again.
func (s *CompaniesService) Upsert(ctx context.Context, in CompanyInput, match ...Identity) (*Company, error) {
	if err := transport.CheckContext(ctx, "userlot", "CompaniesService.Upsert"); err != nil {
		return nil, err
	}
	id, ok, err := atMostOneIdentity("Companies.Upsert", match)
	if err != nil {
		return nil, err
	}
	if err := checkSourceIDs("SourceExternalIDs", in.SourceExternalIDs); err != nil {
		return nil, err
	}
	if err := checkCustom(in.Custom, companyFixed, "set it through its CompanyInput field, or rename the custom field"); err != nil {
		return nil, err
	}
	if p := transport.CheckJSON(in); p != nil {
		return nil, inputError("CompanyInput", p)
	}
	userlotID, external, sources := matchFields(id, ok, in.SourceExternalIDs)
	body := gen.CompanyUpsert{
		ID: userlotID, ExternalID: external, SourceExternalIDs: writeSourceIDs(sources),
		Name: optional(in.Name), MRR: in.MRR, ARR: in.ARR,
		StartDate: optional(in.StartDate), RenewalDate: optional(in.RenewalDate),
		AdditionalProperties: in.Custom.wire(),
	}
	resp, err := s.c.gen.UpsertCompany(upsertContext(ctx, userlotID, external, sources), body)
	return one(s.c, "upsertCompany", resp, err, companyFixed, companyFrom)
}

// Get returns the company with this Userlot id. The id must be a UUID, the
// form of every id in the vendor's examples. Reads are retried.
func (s *CompaniesService) Get(ctx context.Context, id string) (*Company, error) {
	if err := transport.CheckContext(ctx, "userlot", "CompaniesService.Get"); err != nil {
		return nil, err
	}
	if err := checkUUID("id", id); err != nil {
		return nil, err
	}
	resp, err := s.c.gen.GetCompany(ctx, id)
	return one(s.c, "getCompany", resp, err, companyFixed, companyFrom)
}

// List returns the companies that pass the filter. Userlot answers with a
// bare JSON array and documents no paging, so List returns everything in
// one slice rather than an iterator. Reads are retried.
func (s *CompaniesService) List(ctx context.Context, f CompanyFilter) ([]Company, error) {
	if err := transport.CheckContext(ctx, "userlot", "CompaniesService.List"); err != nil {
		return nil, err
	}
	params := &gen.ListCompaniesParams{
		Name: optional(f.Name), ExternalID: optional(f.ExternalID), SourceExternalID: optional(f.SourceExternalID),
		OwnerUserID: optional(f.OwnerUserID), LifeCycleID: optional(f.LifeCycleID),
		LifeCycleStageID: optional(f.LifeCycleStageID), StatusID: optional(f.StatusID),
	}
	resp, err := s.c.gen.ListCompanies(ctx, params)
	return list(s.c, "listCompanies", resp, err, companyFixed, companyFrom)
}

func companyFrom(g *gen.Company, custom CustomFields) (*Company, error) {
	sources, err := readSourceIDs(g.SourceExternalIDs)
	if err != nil {
		return nil, err
	}
	return &Company{
		ID: deref(g.ID), ExternalID: deref(g.ExternalID), SourceExternalIDs: sources,
		FriendlyID: deref(g.FriendlyID), Name: deref(g.Name), Emails: deref(g.Emails),
		HealthScore: deref(g.HealthScore), HealthScoreDiff: g.HealthScoreDiff, HealthCategory: deref(g.HealthCategory),
		OwnerUserID: deref(g.OwnerUserID), LifeCycleID: deref(g.LifeCycleID),
		LifeCycleStageID: deref(g.LifeCycleStageID), StatusID: deref(g.StatusID),
		MRR: g.MRR, ARR: g.ARR, StartDate: deref(g.StartDate), RenewalDate: deref(g.RenewalDate),
		CreatedAt: deref(g.CreatedAt), UpdatedAt: deref(g.UpdatedAt), LastSeenAt: deref(g.LastSeenAt),
		Custom: custom,
	}, nil
}
