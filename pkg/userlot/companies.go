package userlot

import (
	"context"
	"maps"
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
	// SourceExternalID is its id in another system, if set.
	SourceExternalID string
	// FriendlyID is the small number the Userlot UI shows.
	FriendlyID int
	Name       string
	Emails     []string
	// HealthScore is Userlot's health score; HealthScoreDiff its change,
	// nil when Userlot has none.
	HealthScore     float64
	HealthScoreDiff *float64
	HealthCategory  string
	// OwnerUserID, LifeCycleID, LifeCycleStageID and StatusID are Userlot
	// ids of the owner, life cycle, stage and account status.
	OwnerUserID, LifeCycleID, LifeCycleStageID, StatusID string
	// MRR and ARR are recurring revenue; nil when not set, which differs
	// from zero revenue.
	MRR, ARR *float64
	// StartDate and RenewalDate are as Userlot sends them (YYYY-MM-DD).
	StartDate, RenewalDate string
	CreatedAt, UpdatedAt   time.Time
	// LastSeenAt is zero when no user of the company was seen yet.
	LastSeenAt time.Time
	// Custom holds the custom fields.
	Custom CustomFields
}

// CompanyInput is what an upsert sets. Empty strings and nil pointers are
// left out of the request, so an update only changes what is set here.
type CompanyInput struct {
	Name string
	// MRR and ARR: use Float(0) to set zero revenue.
	MRR, ARR *float64
	// StartDate and RenewalDate as YYYY-MM-DD.
	StartDate, RenewalDate string
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

// Upsert creates or updates the company that match identifies: exactly one
// of ByID, ByExternalID or BySourceExternalID. With ByExternalID or
// BySourceExternalID the company is created when none matches, and the id
// is stored on it. Zero or several identities, or a custom field named
// like a fixed one, are errors before any request is sent.
func (s *CompaniesService) Upsert(ctx context.Context, in CompanyInput, match ...Identity) (*Company, error) {
	if err := transport.CheckContext(ctx, "userlot", "CompaniesService.Upsert"); err != nil {
		return nil, err
	}
	id, err := oneIdentity("Companies.Upsert", match)
	if err != nil {
		return nil, err
	}
	if err := checkCustom(in.Custom, companyFixed, "set it through its CompanyInput field, or rename the custom field"); err != nil {
		return nil, err
	}
	body := gen.CompanyUpsert{
		Name: optional(in.Name), MRR: in.MRR, ARR: in.ARR,
		StartDate: optional(in.StartDate), RenewalDate: optional(in.RenewalDate),
		AdditionalProperties: maps.Clone(in.Custom),
	}
	body.ID, body.ExternalID, body.SourceExternalID = id.fields()
	resp, err := s.c.gen.UpsertCompanyWithResponse(ctx, body)
	if err != nil {
		return nil, err
	}
	return oneOf(resp.HTTPResponse, resp.Body, companyFrom, resp.JSON200, resp.JSON201)
}

// Get returns the company with this Userlot id.
func (s *CompaniesService) Get(ctx context.Context, id string) (*Company, error) {
	if err := transport.CheckContext(ctx, "userlot", "CompaniesService.Get"); err != nil {
		return nil, err
	}
	if err := checkUUID("id", id); err != nil {
		return nil, err
	}
	resp, err := s.c.gen.GetCompanyWithResponse(ctx, id)
	if err != nil {
		return nil, err
	}
	return oneOf(resp.HTTPResponse, resp.Body, companyFrom, resp.JSON200)
}

// List returns the companies that pass the filter. Userlot answers with a
// bare JSON array and documents no paging, so List returns everything in
// one slice rather than an iterator.
func (s *CompaniesService) List(ctx context.Context, f CompanyFilter) ([]Company, error) {
	if err := transport.CheckContext(ctx, "userlot", "CompaniesService.List"); err != nil {
		return nil, err
	}
	params := &gen.ListCompaniesParams{
		Name: optional(f.Name), ExternalID: optional(f.ExternalID), SourceExternalID: optional(f.SourceExternalID),
		OwnerUserID: optional(f.OwnerUserID), LifeCycleID: optional(f.LifeCycleID),
		LifeCycleStageID: optional(f.LifeCycleStageID), StatusID: optional(f.StatusID),
	}
	resp, err := s.c.gen.ListCompaniesWithResponse(ctx, params)
	if err != nil {
		return nil, err
	}
	return listOf(resp.HTTPResponse, resp.Body, resp.JSON200, companyFrom)
}

func companyFrom(g *gen.Company) *Company {
	return &Company{
		ID: g.ID, ExternalID: deref(g.ExternalID), SourceExternalID: deref(g.SourceExternalID),
		FriendlyID: deref(g.FriendlyID), Name: g.Name, Emails: deref(g.Emails),
		HealthScore: deref(g.HealthScore), HealthScoreDiff: g.HealthScoreDiff, HealthCategory: deref(g.HealthCategory),
		OwnerUserID: deref(g.OwnerUserID), LifeCycleID: deref(g.LifeCycleID),
		LifeCycleStageID: deref(g.LifeCycleStageID), StatusID: deref(g.StatusID),
		MRR: g.MRR, ARR: g.ARR, StartDate: deref(g.StartDate), RenewalDate: deref(g.RenewalDate),
		CreatedAt: deref(g.CreatedAt), UpdatedAt: deref(g.UpdatedAt), LastSeenAt: deref(g.LastSeenAt),
		Custom: CustomFields(maps.Clone(g.AdditionalProperties)),
	}
}
