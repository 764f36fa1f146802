package usermosttest

import (
	"context"

	gen "github.com/cdpkit/cdpkit/gen/usermost"
	"github.com/cdpkit/cdpkit/internal/fakes"
	"github.com/cdpkit/cdpkit/pkg/usermost"
)

// handlers implements the generated strict server interface on top of the
// fake's state. Schema checks have already run in the validator, including
// the rule that every record names userId or deviceId (IdentifiedRecord in
// the spec); what is left here is the API's own logic: the account must
// exist.
type handlers struct{ s *Server }

func accepted() gen.Envelope {
	return gen.Envelope{Result: gen.Result{Status: "success", Message: "success", Data: map[string]any{}}}
}

func failure(message string) gen.Envelope {
	return gen.Envelope{Result: gen.Result{Status: "error", Message: message}}
}

func (h *handlers) knownAccount(code string) bool { return code == h.s.LicenseCode }

const unknownAccount = "invalid url: unknown license code"

func (h *handlers) UpsertUser(_ context.Context, req gen.UpsertUserRequestObject) (gen.UpsertUserResponseObject, error) {
	if !h.knownAccount(req.LicenseCode) {
		return gen.UpsertUser404JSONResponse{NotFoundJSONResponse: gen.NotFoundJSONResponse(failure(unknownAccount))}, nil
	}
	user, err := fakes.Convert[usermost.User](req.Body)
	if err != nil {
		return nil, err
	}
	h.s.state.upsert(user)
	return gen.UpsertUser200JSONResponse{AcceptedJSONResponse: gen.AcceptedJSONResponse(accepted())}, nil
}

func (h *handlers) TrackEvent(_ context.Context, req gen.TrackEventRequestObject) (gen.TrackEventResponseObject, error) {
	if !h.knownAccount(req.LicenseCode) {
		return gen.TrackEvent404JSONResponse{NotFoundJSONResponse: gen.NotFoundJSONResponse(failure(unknownAccount))}, nil
	}
	event, err := fakes.Convert[usermost.Event](req.Body)
	if err != nil {
		return nil, err
	}
	h.s.state.addEvents(deref(req.Params.RequestID), []usermost.Event{event})
	return gen.TrackEvent201JSONResponse(accepted()), nil
}

func (h *handlers) TrackEvents(_ context.Context, req gen.TrackEventsRequestObject) (gen.TrackEventsResponseObject, error) {
	if !h.knownAccount(req.LicenseCode) {
		return gen.TrackEvents404JSONResponse{NotFoundJSONResponse: gen.NotFoundJSONResponse(failure(unknownAccount))}, nil
	}
	events, err := fakes.Convert[[]usermost.Event](req.Body.Events)
	if err != nil {
		return nil, err
	}
	h.s.state.addEvents(deref(req.Params.RequestID), events)
	return gen.TrackEvents201JSONResponse(accepted()), nil
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
