package activeprospect

import (
	"context"

	"github.com/cdpkit/cdpkit/internal/transport"
)

// CredentialsService manages the credentials LeadConduit integrations use.
// Ids are checked before any request: a malformed one is a
// [*ValidationError], not a round trip.
type CredentialsService service

// List returns every credential of the account. The API does not page this
// collection.
func (s *CredentialsService) List(ctx context.Context) ([]Credential, error) {
	if err := transport.CheckContext(ctx, "activeprospect", "CredentialsService.List"); err != nil {
		return nil, err
	}
	resp, err := s.client.gen.ListCredentialsWithResponse(ctx)
	if err != nil {
		return nil, err
	}
	if resp.JSON200 == nil {
		return nil, unexpected("list credentials", resp.StatusCode(), resp.Body)
	}
	out := make([]Credential, len(*resp.JSON200))
	for i, g := range *resp.JSON200 {
		out[i] = credentialFromGen(g)
	}
	return out, nil
}

// Get returns the credential with the given id.
func (s *CredentialsService) Get(ctx context.Context, id string) (*Credential, error) {
	if err := transport.CheckContext(ctx, "activeprospect", "CredentialsService.Get"); err != nil {
		return nil, err
	}
	if err := validateID("id", "credential (Credential.ID)", id); err != nil {
		return nil, err
	}
	resp, err := s.client.gen.GetCredentialWithResponse(ctx, id)
	if err != nil {
		return nil, err
	}
	if resp.JSON200 == nil {
		return nil, unexpected("get credential", resp.StatusCode(), resp.Body)
	}
	c := credentialFromGen(*resp.JSON200)
	return &c, nil
}

// Create stores a new credential and returns it with its id.
//
// Create is never retried automatically: the API takes no idempotency key,
// so a retry after a lost answer could store the credential twice. After a
// connection error or 5xx, List the credentials to see whether it arrived
// before trying again.
func (s *CredentialsService) Create(ctx context.Context, in CredentialInput) (*Credential, error) {
	if err := transport.CheckContext(ctx, "activeprospect", "CredentialsService.Create"); err != nil {
		return nil, err
	}
	if err := in.validate("credential"); err != nil {
		return nil, err
	}
	// Sent once: creating a credential twice stores two, and the API has
	// no idempotency key to tell a retry from a new request.
	// The transport hides the input's secrets in logs and errors too.
	ctx = transport.WithSecrets(ctx, in.secretValues()...)
	resp, err := s.client.gen.CreateCredentialWithResponse(transport.WithoutRetries(ctx), in.toGen())
	if err != nil {
		return nil, redactError(err, in.secretValues()...)
	}
	if resp.JSON201 == nil {
		return nil, redactError(unexpected("create credential", resp.StatusCode(), resp.Body), in.secretValues()...)
	}
	c := credentialFromGen(*resp.JSON201)
	return &c, nil
}

// Update replaces the credential with the given id by in (the API has no
// partial update for credentials) and returns the result.
func (s *CredentialsService) Update(ctx context.Context, id string, in CredentialInput) (*Credential, error) {
	if err := transport.CheckContext(ctx, "activeprospect", "CredentialsService.Update"); err != nil {
		return nil, err
	}
	if err := validateID("id", "credential (Credential.ID)", id); err != nil {
		return nil, err
	}
	if err := in.validate("credential"); err != nil {
		return nil, err
	}
	ctx = transport.WithSecrets(ctx, in.secretValues()...)
	resp, err := s.client.gen.UpdateCredentialWithResponse(ctx, id, in.toGen())
	if err != nil {
		return nil, redactError(err, in.secretValues()...)
	}
	if resp.JSON200 == nil {
		return nil, redactError(unexpected("update credential", resp.StatusCode(), resp.Body), in.secretValues()...)
	}
	c := credentialFromGen(*resp.JSON200)
	return &c, nil
}

// Delete deletes the credential with the given id and returns it as it was.
func (s *CredentialsService) Delete(ctx context.Context, id string) (*Credential, error) {
	if err := transport.CheckContext(ctx, "activeprospect", "CredentialsService.Delete"); err != nil {
		return nil, err
	}
	if err := validateID("id", "credential (Credential.ID)", id); err != nil {
		return nil, err
	}
	resp, err := s.client.gen.DeleteCredentialWithResponse(ctx, id)
	if err != nil {
		return nil, err
	}
	if resp.JSON200 == nil {
		return nil, unexpected("delete credential", resp.StatusCode(), resp.Body)
	}
	c := credentialFromGen(*resp.JSON200)
	return &c, nil
}
