package userlottest

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"

	gen "github.com/cdpkit/cdpkit/gen/userlot"
)

// handlers implements the generated strict server interface on top of the
// fake's state. Schema checks have already run in the validator; what is
// left here is the API's own logic.
type handlers struct{ s *state }

// jsonReply writes any value as a JSON response. The fake answers with it
// rather than the generated response types for companies and end users:
// those types drop the custom fields (oapi-codegen does not carry a
// schema's MarshalJSON over to response types defined from it), while the
// record types' own MarshalJSON keeps them at the top level.
type jsonReply struct {
	status int
	body   any
}

func (r jsonReply) write(w http.ResponseWriter) error {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(r.body); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(r.status)
	_, err := buf.WriteTo(w)
	return err
}

func (r jsonReply) VisitUpsertCompanyResponse(w http.ResponseWriter) error { return r.write(w) }
func (r jsonReply) VisitGetCompanyResponse(w http.ResponseWriter) error    { return r.write(w) }
func (r jsonReply) VisitUpsertEndUserResponse(w http.ResponseWriter) error { return r.write(w) }
func (r jsonReply) VisitGetEndUserResponse(w http.ResponseWriter) error    { return r.write(w) }
func (r jsonReply) VisitUpsertTicketResponse(w http.ResponseWriter) error  { return r.write(w) }
func (r jsonReply) VisitGetTicketResponse(w http.ResponseWriter) error     { return r.write(w) }
func (r jsonReply) VisitTrackEventResponse(w http.ResponseWriter) error    { return r.write(w) }
func (r jsonReply) VisitIdentifyUserResponse(w http.ResponseWriter) error  { return r.write(w) }

// reply answers an upsert: 201 when it created the record, 200 otherwise,
// or the error.
func reply(v any, created bool, err *apiError) jsonReply {
	switch {
	case err != nil:
		return jsonReply{err.status, err.body()}
	case created:
		return jsonReply{http.StatusCreated, v}
	}
	return jsonReply{http.StatusOK, v}
}

func (h *handlers) ListCompanies(_ context.Context, req gen.ListCompaniesRequestObject) (gen.ListCompaniesResponseObject, error) {
	h.s.mu.Lock()
	defer h.s.mu.Unlock()
	return gen.ListCompanies200JSONResponse(h.s.listCompanies(req.Params)), nil
}

func (h *handlers) UpsertCompany(ctx context.Context, req gen.UpsertCompanyRequestObject) (gen.UpsertCompanyResponseObject, error) {
	h.s.mu.Lock()
	defer h.s.mu.Unlock()
	body := *req.Body
	body.AdditionalProperties = exactCustom(ctx, body.AdditionalProperties)
	c, created, err := h.s.upsertCompany(body)
	return reply(c, created, err), nil
}

func (h *handlers) GetCompany(_ context.Context, req gen.GetCompanyRequestObject) (gen.GetCompanyResponseObject, error) {
	h.s.mu.Lock()
	defer h.s.mu.Unlock()
	r := h.s.companies.byID(req.ID)
	if r == nil {
		return reply(nil, false, notFound("company", req.ID)), nil
	}
	return reply(companyOut(r), false, nil), nil
}

func (h *handlers) ListEndUsers(_ context.Context, req gen.ListEndUsersRequestObject) (gen.ListEndUsersResponseObject, error) {
	h.s.mu.Lock()
	defer h.s.mu.Unlock()
	return gen.ListEndUsers200JSONResponse(h.s.listEndUsers(req.Params)), nil
}

func (h *handlers) UpsertEndUser(ctx context.Context, req gen.UpsertEndUserRequestObject) (gen.UpsertEndUserResponseObject, error) {
	h.s.mu.Lock()
	defer h.s.mu.Unlock()
	body := *req.Body
	body.AdditionalProperties = exactCustom(ctx, body.AdditionalProperties)
	u, created, err := h.s.upsertEndUser(body)
	return reply(u, created, err), nil
}

func (h *handlers) GetEndUser(_ context.Context, req gen.GetEndUserRequestObject) (gen.GetEndUserResponseObject, error) {
	h.s.mu.Lock()
	defer h.s.mu.Unlock()
	r := h.s.endUsers.byID(req.ID)
	if r == nil {
		return reply(nil, false, notFound("end user", req.ID)), nil
	}
	return reply(endUserOut(r), false, nil), nil
}

func (h *handlers) IdentifyUser(_ context.Context, req gen.IdentifyUserRequestObject) (gen.IdentifyUserResponseObject, error) {
	h.s.mu.Lock()
	defer h.s.mu.Unlock()
	if err := h.s.identify(*req.Body); err != nil {
		return reply(nil, false, err), nil
	}
	return jsonReply{http.StatusOK, gen.Acknowledgement{}}, nil
}

func (h *handlers) TrackEvent(_ context.Context, req gen.TrackEventRequestObject) (gen.TrackEventResponseObject, error) {
	h.s.mu.Lock()
	defer h.s.mu.Unlock()
	if err := h.s.trackEvent(*req.Body); err != nil {
		return reply(nil, false, err), nil
	}
	return jsonReply{http.StatusCreated, gen.Acknowledgement{}}, nil
}

func (h *handlers) ListTickets(_ context.Context, req gen.ListTicketsRequestObject) (gen.ListTicketsResponseObject, error) {
	h.s.mu.Lock()
	defer h.s.mu.Unlock()
	return gen.ListTickets200JSONResponse(h.s.listTickets(req.Params)), nil
}

func (h *handlers) UpsertTicket(ctx context.Context, req gen.UpsertTicketRequestObject) (gen.UpsertTicketResponseObject, error) {
	h.s.mu.Lock()
	defer h.s.mu.Unlock()
	body := *req.Body
	body.AdditionalProperties = exactCustom(ctx, body.AdditionalProperties)
	t, created, err := h.s.upsertTicket(body)
	return reply(t, created, err), nil
}

func (h *handlers) GetTicket(_ context.Context, req gen.GetTicketRequestObject) (gen.GetTicketResponseObject, error) {
	h.s.mu.Lock()
	defer h.s.mu.Unlock()
	r := h.s.tickets.byID(req.ID)
	if r == nil {
		return reply(nil, false, notFound("ticket", req.ID)), nil
	}
	return reply(ticketOut(r), false, nil), nil
}

func (h *handlers) ListProducts(context.Context, gen.ListProductsRequestObject) (gen.ListProductsResponseObject, error) {
	h.s.mu.Lock()
	defer h.s.mu.Unlock()
	return gen.ListProducts200JSONResponse(append([]gen.Product{}, h.s.products...)), nil
}

func (h *handlers) ListCustomFields(_ context.Context, req gen.ListCustomFieldsRequestObject) (gen.ListCustomFieldsResponseObject, error) {
	h.s.mu.Lock()
	defer h.s.mu.Unlock()
	out := gen.ListCustomFields200JSONResponse{}
	for _, f := range h.s.fields {
		if req.Params.Entity != nil && *req.Params.Entity != f.Entity {
			continue
		}
		label, typ := f.Label, f.DataType
		if label == "" {
			label = f.Name
		}
		if typ == "" {
			typ = "string"
		}
		out = append(out, gen.CustomField{Name: f.Name, Label: &label, Entity: ptr(f.Entity), DataType: &typ})
	}
	return out, nil
}
