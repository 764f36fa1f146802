// Package activeprospect is the Go client for ActiveProspect's account API
// (served by LeadConduit): the caller's company account, the authenticated
// user and their notification settings, and the credentials LeadConduit
// integrations use to reach third-party services.
//
// # Getting started
//
//	client, err := activeprospect.NewClient() // reads ACTIVEPROSPECT_API_KEY
//	if err != nil {
//		return err
//	}
//	acct, err := client.Account.Get(ctx)
//	cred, err := client.Credentials.Create(ctx, activeprospect.CredentialInput{
//		Name:     "Mailchimp (production)",
//		Type:     activeprospect.CredentialTypeUser,
//		Package:  "leadconduit-mailchimp",
//		Username: "ops@example.com",
//		Password: activeprospect.NewSecret(password),
//	})
//
// Operations are grouped by resource: [Client.Account], [Client.Credentials]
// and [Client.User].
//
// # Authentication
//
// ActiveProspect uses HTTP Basic authentication with the user name API
// ([BasicAuthUser], as every account-API page says) and the API key as the
// password. NewClient takes the key from [option.WithAPIKey] or, failing
// that, the ACTIVEPROSPECT_API_KEY environment variable; a missing key is an
// error from NewClient, not a 401 later. The key never appears in errors,
// logs or printed values.
//
// # Secrets
//
// The API returns secrets in clear: account and user API keys, the user's
// Zendesk token, and the passwords and tokens of stored credentials. This package keeps them out of
// everything that prints:
//
//   - [Credential] holds its password, token and every secret-looking extra
//     property (see [IsSecretName]) behind accessors that return a [Secret]:
//     cred.Password().Reveal(), cred.Secret("api_key").Reveal().
//   - [User.ZendeskJWT] is a [Secret] too.
//   - [Credential], [CredentialInput], [Account] and [User] print as JSON with
//     those values, and every value under a secret-looking name at any
//     depth, replaced by [REDACTED], whatever the fmt verb (%v, %+v, %#v, %s,
//     %q), through log/slog (LogValue) and through encoding/json.
//   - If the API echoes a password in an error message, the [*Error] the
//     client returns has it replaced; so are secrets nested in Extra, such
//     as {"config": {"client_secret": ...}}.
//
// # Partial updates
//
// [AccountService.Update] sends only the fields an [AccountUpdate] sets.
// Fields are pointers: nil is left out of the request, and a pointer to a
// zero value is sent, so
//
//	client.Account.Update(ctx, activeprospect.AccountUpdate{DataRetentionInDays: cdpkit.Ptr(0)})
//
// sends exactly {"data_retention_in_days":0}. Credentials have no partial
// update: [CredentialsService.Update] replaces the whole credential.
//
// # Errors
//
// Input the API would reject is caught before any request as a
// [*ValidationError] naming the field and the fix; ids in particular must be
// 24-character hexadecimal BSON ids. Every non-2xx answer is an [*Error]
// carrying the status, the API's {"error": ...} message and the raw body:
//
//	var apiErr *activeprospect.Error
//	if errors.As(err, &apiErr) { ... apiErr.StatusCode, apiErr.Message ... }
//	if cdpkit.IsNotFound(err) { ... }
//	if cdpkit.IsUnauthorized(err) { ... } // wrong key: "authentication failed"
//
// The status helpers live in package cdpkit, shared by every client. For
// ActiveProspect, 401 also means a free account asked for a paid-plan
// resource, and 404 an id no credential or user has.
//
// # Retries
//
// Connection errors, 408, 429 and 5xx answers are retried twice by default
// with exponential backoff and full jitter, honouring Retry-After; see
// [option.WithMaxRetries]. The API accepts no idempotency key, so the writes
// it cannot tell apart from a repeat — [CredentialsService.Create],
// [UserService.CreateSettings] and [AccountService.SyncFromSSO] — are sent
// once and never retried: a retry after a lost answer could apply them
// twice. Reads, updates (PUT) and deletes are retried, since repeating them
// changes nothing more. Each method's documentation states its rule.
//
// A 2xx answer the client cannot decode, or an SSO sync that answers
// success false, is an [*Error] naming the operation and the status; the
// answer's body is not kept in it, as it may hold secrets.
// A timestamp that is not RFC 3339 (the vendor's own examples show the
// word "string" in date fields) reads as the zero time instead of failing
// the whole answer.
//
// # Pagination
//
// The API returns every credential in one response, so
// [CredentialsService.List] returns a slice, not an iterator.
//
// # Testing
//
// Package activeprospecttest runs an in-memory fake of the API that this
// client can be pointed at with [option.WithBaseURL]; it records the raw
// request bodies it receives.
package activeprospect
