package userlottest

import (
	"maps"
	"strings"

	gen "github.com/cdpkit/cdpkit/gen/userlot"
)

// The upserts and lists of each kind of record. Every function here runs
// with st.mu held.

// companyOut returns the company as the API shows it: ids from the record,
// custom fields copied so the caller cannot change the stored ones.
func companyOut(r *record[gen.Company]) gen.Company {
	c := r.val
	c.ID = &r.id
	c.ExternalID = optional(r.external)
	c.SourceExternalIDs = sourceIDsOut(r.sources)
	c.AdditionalProperties = maps.Clone(c.AdditionalProperties)
	return c
}

func (st *state) upsertCompany(b gen.CompanyUpsert) (gen.Company, bool, *apiError) {
	ext, src := deref(b.ExternalID), sourceIDs(b.SourceExternalIDs)
	r, created, err := match(&st.companies, "company", deref(b.ID), ext, src)
	if err != nil {
		return gen.Company{}, false, err
	}
	if created {
		if f := st.requiredMissing("company", b.AdditionalProperties); f != "" {
			return gen.Company{}, false, invalid(f, "can't be blank")
		}
		st.friendly++
		r = &record[gen.Company]{id: newUUID(), val: gen.Company{
			CreatedAt: now(), FriendlyID: ptr(st.friendly), Emails: &[]string{}, HealthScore: ptr(0.0),
		}}
	}
	if err := setIDs(&st.companies, r, ext, src); err != nil {
		return gen.Company{}, false, err
	}
	c := &r.val
	c.Name = or(b.Name, c.Name)
	c.MRR = or(b.MRR, c.MRR)
	c.ARR = or(b.ARR, c.ARR)
	c.StartDate = or(b.StartDate, c.StartDate)
	c.RenewalDate = or(b.RenewalDate, c.RenewalDate)
	c.AdditionalProperties = mergeCustom(c.AdditionalProperties, b.AdditionalProperties)
	c.UpdatedAt = now()
	if created {
		st.companies.recs = append(st.companies.recs, r)
	}
	return companyOut(r), created, nil
}

func (st *state) listCompanies(p gen.ListCompaniesParams) []gen.Company {
	out := []gen.Company{}
	for _, r := range st.companies.recs {
		c := companyOut(r)
		if matches(p.Name, deref(c.Name)) && matches(p.ExternalID, r.external) && hasSource(p.SourceExternalID, r.sources) &&
			matches(p.OwnerUserID, deref(c.OwnerUserID)) && matches(p.LifeCycleID, deref(c.LifeCycleID)) &&
			matches(p.LifeCycleStageID, deref(c.LifeCycleStageID)) && matches(p.StatusID, deref(c.StatusID)) {
			out = append(out, c)
		}
	}
	return out
}

func endUserOut(r *record[gen.EndUser]) gen.EndUser {
	u := r.val
	u.ID = r.id
	u.ExternalID = optional(r.external)
	u.SourceExternalIDs = sourceIDsOut(r.sources)
	u.AdditionalProperties = maps.Clone(u.AdditionalProperties)
	if name := strings.TrimSpace(deref(u.FirstName) + " " + deref(u.LastName)); name != "" {
		u.Name = &name
	}
	return u
}

func (st *state) upsertEndUser(b gen.EndUserUpsert) (gen.EndUser, bool, *apiError) {
	ext, src := deref(b.ExternalID), sourceIDs(b.SourceExternalIDs)
	r, created, err := match(&st.endUsers, "end user", deref(b.ID), ext, src)
	if err != nil {
		return gen.EndUser{}, false, err
	}
	if b.CompanyID != nil && st.companies.byID(*b.CompanyID) == nil {
		return gen.EndUser{}, false, invalid("company_id", "matches no company")
	}
	if created {
		if f := st.requiredMissing("end_user", b.AdditionalProperties); f != "" {
			return gen.EndUser{}, false, invalid(f, "can't be blank")
		}
		r = &record[gen.EndUser]{id: newUUID(), val: gen.EndUser{CreatedAt: now()}}
	}
	if err := setIDs(&st.endUsers, r, ext, src); err != nil {
		return gen.EndUser{}, false, err
	}
	u := &r.val
	u.Email = or(b.Email, u.Email)
	u.FirstName = or(b.FirstName, u.FirstName)
	u.LastName = or(b.LastName, u.LastName)
	u.CompanyID = or(b.CompanyID, u.CompanyID)
	u.AdditionalProperties = mergeCustom(u.AdditionalProperties, b.AdditionalProperties)
	u.UpdatedAt = now()
	if created {
		st.endUsers.recs = append(st.endUsers.recs, r)
	}
	return endUserOut(r), created, nil
}

func (st *state) listEndUsers(p gen.ListEndUsersParams) []gen.EndUser {
	out := []gen.EndUser{}
	for _, r := range st.endUsers.recs {
		u := endUserOut(r)
		if matches(p.ExternalID, r.external) && hasSource(p.SourceExternalID, r.sources) &&
			matches(p.Name, deref(u.Name)) && matches(p.FirstName, deref(u.FirstName)) &&
			matches(p.LastName, deref(u.LastName)) && matchesFold(p.Email, deref(u.Email)) {
			out = append(out, u)
		}
	}
	return out
}

// identify creates or finds the company and the end user and links them.
func (st *state) identify(b gen.IdentifyRequest) *apiError {
	userExt, email := deref(b.UserExternalID), deref(b.UserEmail)
	if userExt == "" && email == "" {
		return invalid("user_external_id", "or user_email is required")
	}
	var companyID *string
	if ext, name := deref(b.CompanyExternalID), deref(b.CompanyName); ext != "" || name != "" {
		up := gen.CompanyUpsert{ExternalID: optional(ext), Name: optional(name)}
		if ext == "" {
			for _, r := range st.companies.recs {
				if deref(r.val.Name) == name {
					up.ID = &r.id
				}
			}
		}
		c, _, err := st.upsertCompany(up)
		if err != nil {
			return err
		}
		companyID = c.ID
	}
	up := gen.EndUserUpsert{ExternalID: optional(userExt), Email: optional(email), CompanyID: companyID}
	if userExt == "" {
		if r := st.endUserByEmail(email); r != nil {
			up.ID = &r.id
		}
	}
	if _, _, err := st.upsertEndUser(up); err != nil {
		return err
	}
	st.identifies = append(st.identifies, b)
	return nil
}

func (st *state) endUserByEmail(email string) *record[gen.EndUser] {
	for _, r := range st.endUsers.recs {
		if email != "" && strings.EqualFold(deref(r.val.Email), email) {
			return r
		}
	}
	return nil
}

// trackEvent stores an event of a known end user.
func (st *state) trackEvent(e gen.Event) *apiError {
	ext, email := deref(e.UserExternalID), deref(e.UserEmail)
	switch {
	case ext != "" && st.endUsers.byExternal(ext) == nil:
		return invalid("user_external_id", "matches no end user; identify the user first")
	case ext == "" && email == "":
		return invalid("user_external_id", "or user_email is required")
	case ext == "" && st.endUserByEmail(email) == nil:
		return invalid("user_email", "matches no end user; identify the user first")
	}
	st.events = append(st.events, e)
	return nil
}

func ticketOut(r *record[gen.Ticket]) gen.Ticket {
	t := r.val
	t.ID = r.id
	t.ExternalID = optional(r.external)
	t.SourceExternalIDs = sourceIDsOut(r.sources)
	t.AdditionalProperties = maps.Clone(t.AdditionalProperties)
	return t
}

func (st *state) upsertTicket(b gen.TicketUpsert) (gen.Ticket, bool, *apiError) {
	ext, src := deref(b.ExternalID), sourceIDs(b.SourceExternalIDs)
	r, created, err := match(&st.tickets, "ticket", deref(b.ID), ext, src)
	if err != nil {
		return gen.Ticket{}, false, err
	}
	if b.CompanyID != nil && st.companies.byID(*b.CompanyID) == nil {
		return gen.Ticket{}, false, invalid("company_id", "matches no company")
	}
	if b.EndUserID != nil && st.endUsers.byID(*b.EndUserID) == nil {
		return gen.Ticket{}, false, invalid("end_user_id", "matches no end user")
	}
	if created {
		if f := st.requiredMissing("ticket", b.AdditionalProperties); f != "" {
			return gen.Ticket{}, false, invalid(f, "can't be blank")
		}
		r = &record[gen.Ticket]{id: newUUID(), val: gen.Ticket{CreatedAt: now()}}
	}
	if err := setIDs(&st.tickets, r, ext, src); err != nil {
		return gen.Ticket{}, false, err
	}
	t := &r.val
	t.Subject = or(b.Subject, t.Subject)
	t.Status = or(b.Status, t.Status)
	t.Priority = or(b.Priority, t.Priority)
	t.CompanyID = or(b.CompanyID, t.CompanyID)
	t.EndUserID = or(b.EndUserID, t.EndUserID)
	t.ClosedAt = or(b.ClosedAt, t.ClosedAt)
	t.AdditionalProperties = mergeCustom(t.AdditionalProperties, b.AdditionalProperties)
	t.UpdatedAt = now()
	if created {
		st.tickets.recs = append(st.tickets.recs, r)
	}
	return ticketOut(r), created, nil
}

func (st *state) listTickets(p gen.ListTicketsParams) []gen.Ticket {
	out := []gen.Ticket{}
	for _, r := range st.tickets.recs {
		t := ticketOut(r)
		if matches(p.ExternalID, r.external) && hasSource(p.SourceExternalID, r.sources) &&
			matches(p.CompanyID, deref(t.CompanyID)) && matches(p.Status, deref(t.Status)) {
			out = append(out, t)
		}
	}
	return out
}

// matches reports whether an absent filter, or one equal to v.
func matches(filter *string, v string) bool { return filter == nil || *filter == v }

// matchesFold is matches ignoring case, for e-mail addresses.
func matchesFold(filter *string, v string) bool {
	return filter == nil || strings.EqualFold(*filter, v)
}

func hasSource(filter *string, sources []string) bool {
	if filter == nil {
		return true
	}
	for _, s := range sources {
		if s == *filter {
			return true
		}
	}
	return false
}

// or returns the new value when the body sets it, else the old one.
func or[T any](newV, old *T) *T {
	if newV != nil {
		return newV
	}
	return old
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
