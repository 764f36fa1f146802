// Package usermost is the Go client for the Usermost REST API: create and
// update user profiles and track custom events, one at a time or in batches.
//
// # Getting started
//
//	client, err := usermost.NewClient() // reads USERMOST_API_KEY and USERMOST_LICENSE_CODE
//	if err != nil {
//		return err
//	}
//	_, err = client.UpsertUser(ctx, usermost.User{UserID: "u-42", FirstName: "Ada"})
//
// # Authentication
//
// Usermost authenticates with an account manager's API key sent as a bearer
// token, and scopes every call to an account by its license code. NewClient
// takes both from the environment (USERMOST_API_KEY, USERMOST_LICENSE_CODE)
// unless [option.WithAPIKey] and [option.WithLicenseCode] are given; a missing
// one is an error from NewClient, not a 401 later.
//
// # Errors
//
// Every non-2xx answer is returned as an [*Error] carrying the status, the
// message from Usermost's envelope, the request id and the raw body:
//
//	var apiErr *usermost.Error
//	if errors.As(err, &apiErr) && apiErr.StatusCode == 404 { ... }
//	if cdpkit.IsUnauthorized(err) { ... }
//
// The status helpers ([cdpkit.IsNotFound], [cdpkit.IsUnauthorized],
// [cdpkit.IsBadRequest], [cdpkit.IsRateLimited], …) and [cdpkit.StatusCode]
// are shared by every client and live in package cdpkit. For Usermost, 404
// also means an unknown license code, 401 a wrong key or a key whose
// account manager lacks access, and 400 a field Usermost rejected.
//
// A 2xx answer is a success only when it carries Usermost's envelope with a
// status other than "error". An error envelope is an [*Error] with Code
// [CodeFailureReported] and the envelope's message; a missing, null or
// malformed envelope is an [*Error] with Code "undecodable_response". Both
// name the operation and the HTTP status, so a batch Usermost refused is
// never counted as sent.
//
// Input the API would reject (an event without a name, a record with neither
// userId nor deviceId) is caught before any request as a [*ValidationError]
// naming the field.
//
// # Retries and idempotency
//
// Connection errors, 408, 429 and 5xx answers are retried twice by default
// with exponential backoff and full jitter, honouring Retry-After. Event
// requests carry an x-request-id that stays the same across the retries of
// one request, so Usermost can store each event once.
//
// # Batches
//
// [Client.TrackEvents] splits any number of events into requests of at most
// [MaxBatchSize]. If a batch fails, the returned [*BatchError] says how many
// events were accepted and hands back the ones that were not, so nothing is
// dropped silently.
//
// # Types
//
// [User], [Event], [Result] and the types they use are generated from
// specs/usermost.yaml into this package (types.gen.go), so each field's doc
// is the spec's description and go doc shows every field. Optional fields
// are plain values that are left out when zero; the opt-in flags are
// pointers, because false is a choice (cdpkit.Ptr(false) makes one).
//
// # Testing
//
// Package usermosttest runs an in-memory fake of the API that this client can
// be pointed at with [option.WithBaseURL].
package usermost
