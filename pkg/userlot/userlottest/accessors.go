package userlottest

import (
	"slices"
)

// Company returns the stored company with this Userlot id.
func (s *Server) Company(id string) (Company, bool) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if r := s.state.companies.byID(id); r != nil {
		return companyOut(r), true
	}
	return Company{}, false
}

// CompanyByExternalID returns the stored company with this external_id.
func (s *Server) CompanyByExternalID(ext string) (Company, bool) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if r := s.state.companies.byExternal(ext); r != nil {
		return companyOut(r), true
	}
	return Company{}, false
}

// CompanySourceIDs returns every source_external_id a company was given,
// oldest first.
func (s *Server) CompanySourceIDs(id string) []string {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if r := s.state.companies.byID(id); r != nil {
		return slices.Clone(r.sources)
	}
	return nil
}

// Companies returns every stored company in creation order.
func (s *Server) Companies() []Company {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	out := make([]Company, 0, len(s.state.companies.recs))
	for _, r := range s.state.companies.recs {
		out = append(out, companyOut(r))
	}
	return out
}

// EndUser returns the stored end user with this Userlot id.
func (s *Server) EndUser(id string) (EndUser, bool) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if r := s.state.endUsers.byID(id); r != nil {
		return endUserOut(r), true
	}
	return EndUser{}, false
}

// EndUserByExternalID returns the stored end user with this external_id.
func (s *Server) EndUserByExternalID(ext string) (EndUser, bool) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if r := s.state.endUsers.byExternal(ext); r != nil {
		return endUserOut(r), true
	}
	return EndUser{}, false
}

// EndUsers returns every stored end user in creation order.
func (s *Server) EndUsers() []EndUser {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	out := make([]EndUser, 0, len(s.state.endUsers.recs))
	for _, r := range s.state.endUsers.recs {
		out = append(out, endUserOut(r))
	}
	return out
}

// Tickets returns every stored ticket in creation order.
func (s *Server) Tickets() []Ticket {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	out := make([]Ticket, 0, len(s.state.tickets.recs))
	for _, r := range s.state.tickets.recs {
		out = append(out, ticketOut(r))
	}
	return out
}

// Events returns every stored event in arrival order.
func (s *Server) Events() []Event {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	return slices.Clone(s.state.events)
}

// Identifies returns every identify call in arrival order.
func (s *Server) Identifies() []Identify {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	return slices.Clone(s.state.identifies)
}

// Stats returns counters of what the fake has seen and holds.
func (s *Server) Stats() Stats {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	return Stats{
		Requests:   int(s.state.requests.Load()),
		Companies:  len(s.state.companies.recs),
		EndUsers:   len(s.state.endUsers.recs),
		Tickets:    len(s.state.tickets.recs),
		Events:     len(s.state.events),
		Identifies: len(s.state.identifies),
	}
}

// Problems returns the responses the fake produced that broke the document.
// It is empty unless the fake itself has a bug.
func (s *Server) Problems() []error {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	return slices.Clone(s.state.problems)
}
