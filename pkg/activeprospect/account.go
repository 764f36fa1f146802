package activeprospect

import (
	"context"
	"fmt"
	"log/slog"

	gen "github.com/cdpkit/cdpkit/gen/activeprospect"
	"github.com/cdpkit/cdpkit/internal/transport"
)

// Account is the caller's company account.
//
// The API returns the account's API keys in clear (APIKey, KeenReadAPIKey,
// KeenWriteAPIKey). They are ordinary fields, so code that needs one reads
// it directly, but every way of printing an Account (String, any fmt verb,
// slog, encoding/json) shows them as [REDACTED].
type Account gen.Account

// String returns the account as JSON with its keys redacted.
func (a Account) String() string { return string(safeJSON(gen.Account(a))) }

// Format implements fmt.Formatter so that %v, %+v, %#v, %s and %q all hide
// the keys.
func (a Account) Format(f fmt.State, verb rune) {
	formatSafe(f, verb, gen.Account(a), new(gen.Account))
}

// LogValue implements slog.LogValuer with the keys redacted.
func (a Account) LogValue() slog.Value { return logValueSafe(gen.Account(a)) }

// MarshalJSON encodes the account with its keys redacted, so that an
// Account logged as JSON leaks nothing. Read the fields to get the keys.
func (a Account) MarshalJSON() ([]byte, error) { return safeJSON(gen.Account(a)), nil }

// AccountService reads and updates the caller's company account.
type AccountService service

// Get returns the account of the user whose API key the client uses. It is
// a read, so it is retried like any request.
func (s *AccountService) Get(ctx context.Context) (*Account, error) {
	if err := transport.CheckContext(ctx, "activeprospect", "AccountService.Get"); err != nil {
		return nil, err
	}
	resp, err := s.client.gen.GetAccount(ctx)
	g, err := decode[gen.Account](s.client, "getAccount", resp, err)
	if err != nil {
		return nil, err
	}
	a := Account(*g)
	return &a, nil
}

// Update changes the fields the update sets and nothing else, and returns
// the account as it is afterwards. A field set to its zero value, such as
// DataRetentionInDays: cdpkit.Ptr(0), is sent; a nil field is not. An update that
// sets nothing is rejected before any request.
//
// Update is retried after a connection error or a 5xx: it sets fields to
// the given values, so sending it twice leaves the account as sending it
// once does.
func (s *AccountService) Update(ctx context.Context, update AccountUpdate) (*Account, error) {
	if err := transport.CheckContext(ctx, "activeprospect", "AccountService.Update"); err != nil {
		return nil, err
	}
	if update == (AccountUpdate{}) {
		return nil, &ValidationError{API: apiName,
			Field:   "update",
			Problem: "sets no fields",
			Fix:     "set at least one field, e.g. AccountUpdate{DataRetentionInDays: cdpkit.Ptr(90)}",
		}
	}
	resp, err := s.client.gen.UpdateAccount(ctx, update)
	g, err := decode[gen.Account](s.client, "updateAccount", resp, err)
	if err != nil {
		return nil, err
	}
	a := Account(*g)
	return &a, nil
}

// SyncFromSSO refreshes the account from ActiveProspect's single sign-on
// service and returns it. ssoAccountID is the account's SSOID. An answer
// with success false is an *Error with Code transport's "failure_reported".
//
// SyncFromSSO is sent once and never retried automatically: the API takes
// no idempotency key and does not document what a sync writes, so a retry
// after a lost answer could apply it twice. After a connection error or a
// 5xx, Get the account to see whether the sync took effect before calling
// again.
func (s *AccountService) SyncFromSSO(ctx context.Context, ssoAccountID string) (*Account, error) {
	if err := transport.CheckContext(ctx, "activeprospect", "AccountService.SyncFromSSO"); err != nil {
		return nil, err
	}
	if err := validateID("ssoAccountID", "account in SSO (Account.SSOID)", ssoAccountID); err != nil {
		return nil, err
	}
	const op = "syncAccountFromSSO"
	resp, err := s.client.gen.SyncAccountFromSSO(transport.WithoutRetries(ctx), gen.SSOSyncRequest{SSOAccountID: ssoAccountID})
	res, err := decode[gen.SSOSyncResult](s.client, op, resp, err)
	if err != nil {
		return nil, err
	}
	if !res.Success {
		return nil, s.client.http.ReportedFailure(op, resp, "the SSO sync reported success=false")
	}
	a := Account(res.Account)
	return &a, nil
}
