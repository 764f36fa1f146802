package activeprospect

import "github.com/cdpkit/cdpkit/internal/transport"

// Secret is a string that prints as [REDACTED]; call Reveal to use it.
// Credentials return their password, token and secret-looking extras as
// Secrets, and CredentialInput takes them as Secrets:
//
//	in := activeprospect.CredentialInput{Password: activeprospect.Secret(pw)}
//	pw := cred.Password().Reveal()
type Secret = transport.Secret
