package activeprospect

import "github.com/cdpkit/cdpkit/internal/transport"

// Secret is a credential that prints as [REDACTED]; make one with
// NewSecret and call Reveal to use it.
// Credentials return their password, token and secret-looking extras as
// Secrets, and CredentialInput takes them as Secrets:
//
//	in := activeprospect.CredentialInput{Password: activeprospect.NewSecret(pw)}
//	pw := cred.Password().Reveal()
type Secret = transport.Secret

// NewSecret wraps a credential value, e.g. for CredentialInput.Password.
func NewSecret(s string) Secret { return transport.NewSecret(s) }
