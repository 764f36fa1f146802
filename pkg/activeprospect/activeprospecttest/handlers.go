package activeprospecttest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	gen "github.com/cdpkit/cdpkit/gen/activeprospect"
)

// handlers implements the generated strict server interface on top of the
// fake's state. Schema checks, credentials included, have already run in the
// validator; what is left here is the API's own logic: ids must exist.
type handlers struct{ s *Server }

func notFound(format string, args ...any) gen.NotFoundJSONResponse {
	return gen.NotFoundJSONResponse{Error: fmt.Sprintf(format, args...)}
}

func (h *handlers) GetAccount(context.Context, gen.GetAccountRequestObject) (gen.GetAccountResponseObject, error) {
	return gen.GetAccount200JSONResponse(h.s.Account()), nil
}

func (h *handlers) UpdateAccount(_ context.Context, req gen.UpdateAccountRequestObject) (gen.UpdateAccountResponseObject, error) {
	return gen.UpdateAccount200JSONResponse(h.s.state.updateAccount(*req.Body)), nil
}

func (h *handlers) SyncAccountFromSSO(_ context.Context, req gen.SyncAccountFromSSORequestObject) (gen.SyncAccountFromSSOResponseObject, error) {
	acct := h.s.Account()
	if req.Body.SSOAccountID != acct.SSOID {
		return gen.SyncAccountFromSSO404JSONResponse{NotFoundJSONResponse: notFound("no SSO account %s", req.Body.SSOAccountID)}, nil
	}
	return gen.SyncAccountFromSSO200JSONResponse{Success: true, Account: acct}, nil
}

func (h *handlers) ListCredentials(context.Context, gen.ListCredentialsRequestObject) (gen.ListCredentialsResponseObject, error) {
	return gen.ListCredentials200JSONResponse(h.s.Credentials()), nil
}

func (h *handlers) CreateCredential(_ context.Context, req gen.CreateCredentialRequestObject) (gen.CreateCredentialResponseObject, error) {
	return credentialJSON{status: http.StatusCreated, cred: h.s.state.createCredential(*req.Body)}, nil
}

func (h *handlers) GetCredential(_ context.Context, req gen.GetCredentialRequestObject) (gen.GetCredentialResponseObject, error) {
	c, ok := h.s.state.credential(req.ID)
	if !ok {
		return gen.GetCredential404JSONResponse{NotFoundJSONResponse: credentialNotFound(req.ID)}, nil
	}
	return credentialJSON{status: http.StatusOK, cred: c}, nil
}

func (h *handlers) UpdateCredential(_ context.Context, req gen.UpdateCredentialRequestObject) (gen.UpdateCredentialResponseObject, error) {
	c, ok := h.s.state.replaceCredential(req.ID, *req.Body)
	if !ok {
		return gen.UpdateCredential404JSONResponse{NotFoundJSONResponse: credentialNotFound(req.ID)}, nil
	}
	return credentialJSON{status: http.StatusOK, cred: c}, nil
}

func (h *handlers) DeleteCredential(_ context.Context, req gen.DeleteCredentialRequestObject) (gen.DeleteCredentialResponseObject, error) {
	c, ok := h.s.state.deleteCredential(req.ID)
	if !ok {
		return gen.DeleteCredential404JSONResponse{NotFoundJSONResponse: credentialNotFound(req.ID)}, nil
	}
	return credentialJSON{status: http.StatusOK, cred: c}, nil
}

func credentialNotFound(id string) gen.NotFoundJSONResponse {
	return notFound("credential %s not found", id)
}

func (h *handlers) GetAuthenticatedUser(context.Context, gen.GetAuthenticatedUserRequestObject) (gen.GetAuthenticatedUserResponseObject, error) {
	return gen.GetAuthenticatedUser200JSONResponse(h.s.User()), nil
}

func (h *handlers) UpdateUser(_ context.Context, req gen.UpdateUserRequestObject) (gen.UpdateUserResponseObject, error) {
	if !h.s.state.updateUser(req.ID, *req.Body) {
		return gen.UpdateUser404JSONResponse{NotFoundJSONResponse: notFound("user %s not found", req.ID)}, nil
	}
	return gen.UpdateUser200JSONResponse(h.s.User()), nil
}

func (h *handlers) CreateUserSettings(_ context.Context, req gen.CreateUserSettingsRequestObject) (gen.CreateUserSettingsResponseObject, error) {
	return gen.CreateUserSettings201JSONResponse(h.s.state.mergeSettings(h.s.UserID, *req.Body)), nil
}

func (h *handlers) GetUserSettings(_ context.Context, req gen.GetUserSettingsRequestObject) (gen.GetUserSettingsResponseObject, error) {
	v, ok := h.s.state.userSettings(req.ID)
	if !ok {
		return gen.GetUserSettings404JSONResponse{NotFoundJSONResponse: notFound("user %s not found", req.ID)}, nil
	}
	return gen.GetUserSettings200JSONResponse(v), nil
}

func (h *handlers) UpdateUserSettings(_ context.Context, req gen.UpdateUserSettingsRequestObject) (gen.UpdateUserSettingsResponseObject, error) {
	if _, ok := h.s.state.userSettings(req.ID); !ok {
		return gen.UpdateUserSettings404JSONResponse{NotFoundJSONResponse: notFound("user %s not found", req.ID)}, nil
	}
	return gen.UpdateUserSettings200JSONResponse(h.s.state.mergeSettings(req.ID, *req.Body)), nil
}

// credentialJSON answers with one credential encoded by Credential's own
// MarshalJSON. The generated <Op>200JSONResponse types are defined types over
// Credential, so they lose that method and would silently drop the extra
// properties a credential carries.
type credentialJSON struct {
	status int
	cred   gen.Credential
}

func (c credentialJSON) write(w http.ResponseWriter) error {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(c.cred); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(c.status)
	_, err := buf.WriteTo(w)
	return err
}

func (c credentialJSON) VisitCreateCredentialResponse(w http.ResponseWriter) error { return c.write(w) }
func (c credentialJSON) VisitGetCredentialResponse(w http.ResponseWriter) error    { return c.write(w) }
func (c credentialJSON) VisitUpdateCredentialResponse(w http.ResponseWriter) error { return c.write(w) }
func (c credentialJSON) VisitDeleteCredentialResponse(w http.ResponseWriter) error { return c.write(w) }
