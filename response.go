package cdpkit

import (
	"net/http"
	"time"
)

// Response is the metadata of a successful call, for the caller who wants
// more than the decoded value: pass option.WithResponseInto(&resp) to any
// method, and resp is filled when the answer arrives with a 2xx status.
//
//	var resp cdpkit.Response
//	_, err := client.TrackEvent(ctx, event, option.WithResponseInto(&resp))
//	log.Println(resp.StatusCode, resp.RequestID, resp.Attempts)
//
// A method that sends several requests (a batch split in parts, a job it
// waits for) fills it from the last successful one. A call that fails with
// no 2xx answer leaves it untouched.
type Response struct {
	// StatusCode is the HTTP status, e.g. 200 or 202.
	StatusCode int
	// Header is the answer's header, as received.
	Header http.Header
	// RequestID is the server's id for the request, from the API's request
	// id header, for support tickets; "" when the server sent none.
	RequestID string
	// IdempotencyKey is the key the request carried in the API's
	// idempotency header (Usermost's x-request-id), the caller's or the one
	// the client chose; "" for an API without one.
	IdempotencyKey string
	// Attempts is how many times the request was sent: 1, plus the retries.
	Attempts int
	// RateLimit is the server's rate-limit state, parsed from the
	// X-RateLimit-* or RateLimit-* headers; nil when the answer carries
	// none (no vendor of this SDK documents them today).
	RateLimit *RateLimit
}

// RateLimit is a server's rate-limit state as its headers announce it.
type RateLimit struct {
	// Limit is the number of requests the window allows; -1 when not sent.
	Limit int
	// Remaining is the number of requests left in the window; -1 when not
	// sent.
	Remaining int
	// Reset is how long until the window starts again, read as seconds or,
	// for a value that can only be a Unix time, as the time it names; -1
	// when not sent.
	Reset time.Duration
}
