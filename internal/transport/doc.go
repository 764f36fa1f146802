// Package transport is the HTTP runtime shared by every cdpkit client.
//
// Each API package (usermost, userpilot, userlot, activeprospect) builds one
// *Client with New and hands it to its oapi-codegen client as the
// HttpRequestDoer. Everything below therefore applies to every call of every
// API, and the wrapper code only ever sees 2xx responses.
//
// # Configuration
//
// A Config holds what the functional options in package option set:
// DefaultConfig fills in the defaults (2 retries, 500ms backoff base, 8s
// cap, 60s longest Retry-After, 32 MiB response cap). An API describes the
// vendor's fixed behaviour: its name, default host, how the key is sent
// (BearerAuth, TokenAuth, HeaderAuth, BasicAuthPassword), how error bodies
// read, and which header carries an idempotency key. New checks both: the
// key must be set, the base URL must be https (plain http only for
// localhost, 127.0.0.0/8 and ::1), and the numbers must make sense.
//
// # What Do adds to each request
//
//   - User-Agent "cdpkit-go/<Version> (<api>; <go version>; <os>/<arch>)",
//     followed by Config.UserAgent if set.
//   - The credential, always from the configured key.
//   - Config.Headers (a header the caller set wins), and
//     Accept: application/json unless the caller chose another.
//   - For POST, PUT, PATCH and DELETE on an API with an IdempotencyHeader:
//     a fresh key (32 hex characters) unless the caller set one. It is
//     chosen before the first attempt and reused on every retry, so the
//     server can drop duplicates.
//
// A request to plain http on a non-loopback host is refused before anything
// is sent.
//
// # Retries
//
// Connection failures, 408, 429, 5xx, and 409 where API.RetryConflict says
// the API means "busy", are retried up to Config.MaxRetries times. Other
// 4xx answers are final: the request itself is wrong. The wait before retry
// n (0-based) is drawn uniformly from [0, min(BackoffMax, BackoffBase·2ⁿ))
// ("full jitter"), unless the answer carries retry-after-ms or Retry-After
// (seconds or an HTTP date): then exactly that is waited. A Retry-After
// longer than Config.MaxRetryAfter is not waited for; the *Error comes back
// at once with RetryAfter set, for the caller to decide. Neither is a wait
// that would outlast the context's deadline.
//
// The caller's context bounds the whole call, waits included: cancelling it
// ends a wait at once, and the error wraps both ctx.Err() and the last
// failure.
//
// # Time bounds
//
// No call waits forever, even with context.Background(). Each attempt is
// watched: an ordinary call gets Config.RequestTimeout (60s) from sending to
// the end of reading the answer — for a 2xx answer the bound stays in force
// until the body is closed — and every call gets
// Config.ResponseHeaderTimeout (30s) for the wait between the last byte
// sent and the answer's headers. Streaming transfers (Streaming, or an
// upload that is not replayable, of unknown length or over 1 MiB) have no
// total bound but end when they move no byte for Config.StreamIdleTimeout
// (60s). A bound that runs out ends the attempt with a *TimeoutError naming
// the bound and its option; it is retried like any connection failure.
//
// A request body is replayed through http.Request.GetBody. A body that cannot
// be replayed (GetBody nil) is sent once: if that attempt fails in a way that
// would have been retried, ErrBodyNotReplayable is joined to the error.
// WithoutRetries turns retries off for one call.
//
// # Errors
//
// Every non-2xx answer becomes an *Error carrying the status, the vendor's
// code and message (API.DecodeError, or a best-effort look at common JSON
// shapes), the request id, the Retry-After, and the first 64 KiB of the body.
// IsNotFound, IsRateLimited and the other helpers look through wrapping.
// A failure to get any answer is a *ConnError.
//
// # Secrets
//
// The key is a Secret: every fmt verb, slog, JSON and text render it as
// [REDACTED], even when it sits in an unexported field of a caller's struct.
// Config and Client print without it too. Headers, query parameters and
// JSON properties with a secret-looking name (IsSecretName, the module's one
// list) are logged as [REDACTED]; error bodies have such values hidden at
// any depth, in JSON or in text; and any echo of the key — raw, base64 (as
// in a Basic credential), URL- or JSON-encoded — in an error body, message
// or log line is replaced by [REDACTED]. WithSecrets adds a request's own
// secrets (a password it stores) to what is hidden. Redirects never carry
// credentials to another host, nor to plain http, and never re-send a body
// to another host.
//
// # Logging
//
// With Config.Logger set, each attempt writes one Debug record (method,
// redacted URL, attempt, status, duration, request id, redacted headers) and
// each retry one Info record (delay and reason). A nil Logger logs nothing.
package transport
