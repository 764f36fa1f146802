package activeprospect

import (
	"net/http"

	"context"

	gen "github.com/cdpkit/cdpkit/gen/activeprospect"
	"github.com/cdpkit/cdpkit/internal/transport"
)

// CredentialsService manages the credentials LeadConduit integrations use.
// Ids are checked before any request: a malformed one is a
// [*ValidationError], not a round trip.
type CredentialsService service

// List returns every credential of the account. The API does not page this
// collection. It is a read, so it is retried like any request.
func (s *CredentialsService) List(ctx context.Context) ([]Credential, error) {
	if err := transport.CheckContext(ctx, "activeprospect", "CredentialsService.List"); err != nil {
		return nil, err
	}
	resp, err := s.client.gen.ListCredentials(ctx)
	list, err := decode[[]gen.Credential](s.client, "listCredentials", resp, err)
	if err != nil {
		return nil, err
	}
	out := make([]Credential, len(*list))
	for i, g := range *list {
		out[i] = credentialFromGen(g)
	}
	return out, nil
}

// Get returns the credential with the given id. It is a read, so it is
// retried like any request.
func (s *CredentialsService) Get(ctx context.Context, id string) (*Credential, error) {
	if err := transport.CheckContext(ctx, "activeprospect", "CredentialsService.Get"); err != nil {
		return nil, err
	}
	if err := validateID("id", "credential (Credential.ID)", id); err != nil {
		return nil, err
	}
	resp, err := s.client.gen.GetCredential(ctx, id)
	return credentialResult(s.client, "getCredential", resp, err)
}

// Create stores a new credential and returns it with its id.
//
// Create is sent once and never retried automatically: the API takes no
// idempotency key, so a retry after a lost answer could store the
// credential twice. After a connection error or 5xx, List the credentials
// to see whether it arrived before trying again.
func (s *CredentialsService) Create(ctx context.Context, in CredentialInput) (*Credential, error) {
	if err := transport.CheckContext(ctx, "activeprospect", "CredentialsService.Create"); err != nil {
		return nil, err
	}
	if err := in.validate("credential"); err != nil {
		return nil, err
	}
	// The transport hides the input's secrets in logs and errors too.
	ctx = transport.WithSecrets(ctx, in.secretValues()...)
	resp, err := s.client.gen.CreateCredential(transport.WithoutRetries(ctx), in.toGen())
	c, err := credentialResult(s.client, "createCredential", resp, err)
	return c, redactError(err, in.secretValues()...)
}

// Update replaces the credential with the given id by in (the API has no
// partial update for credentials) and returns the result.
//
// Update is retried after a connection error or a 5xx: it replaces the
// whole credential, so sending it twice stores what sending it once does.
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
	resp, err := s.client.gen.UpdateCredential(ctx, id, in.toGen())
	c, err := credentialResult(s.client, "updateCredential", resp, err)
	return c, redactError(err, in.secretValues()...)
}

// Delete deletes the credential with the given id and returns it as it was.
//
// Delete is retried after a connection error or a 5xx, since deleting twice
// removes no more than deleting once. If the first attempt's answer was
// lost, the retry finds nothing and the call ends in a 404 ([cdpkit.IsNotFound])
// although the credential is gone.
func (s *CredentialsService) Delete(ctx context.Context, id string) (*Credential, error) {
	if err := transport.CheckContext(ctx, "activeprospect", "CredentialsService.Delete"); err != nil {
		return nil, err
	}
	if err := validateID("id", "credential (Credential.ID)", id); err != nil {
		return nil, err
	}
	resp, err := s.client.gen.DeleteCredential(ctx, id)
	return credentialResult(s.client, "deleteCredential", resp, err)
}

func credentialResult(c *Client, operation string, resp *http.Response, err error) (*Credential, error) {
	g, err := decode[gen.Credential](c, operation, resp, err)
	if err != nil {
		return nil, err
	}
	cred := credentialFromGen(*g)
	return &cred, nil
}
