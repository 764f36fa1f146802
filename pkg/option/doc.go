// Package option holds the functional options every cdpkit client accepts,
// when it is built and on each call.
//
// Each client's NewClient takes ...option.RequestOption, and so does every
// method, after its own arguments:
//
//	client, err := usermost.NewClient(
//		option.WithAPIKey(key),
//		usermost.WithLicenseCode(code), // an option of the Usermost client only
//		option.WithMaxRetries(4),
//		option.WithLogger(slog.Default()),
//	)
//	...
//	var resp cdpkit.Response
//	_, err = client.TrackEvent(ctx, event,
//		option.WithRequestTimeout(5*time.Second), // this call only
//		option.WithResponseInto(&resp),           // status, request id, attempts…
//	)
//
// Without WithAPIKey a client reads its API's environment variable
// (USERMOST_API_KEY, USERPILOT_API_KEY, USERLOT_API_KEY,
// ACTIVEPROSPECT_API_KEY); a missing key is an error from NewClient.
//
// # The options
//
// "client" options configure a client; "call" options one call; "both"
// options set a client's default that one call may override.
//
//	WithAPIKey                 client  the credential; never printed or logged
//	WithBaseURL                client  another host: a proxy, a local fake (https, or http on loopback)
//	WithHTTPClient             client  your own *http.Client or any HTTPDoer
//	WithUserAgent              client  appended to the SDK's User-Agent
//	WithMaxRetries             both    retries after the first attempt (default 2; 0 disables)
//	WithBackoff                both    exponential backoff with full jitter (default 500ms up to 8s)
//	WithMaxRetryAfter          both    longest server-requested wait honoured (default 60s)
//	WithRequestTimeout         both    bound on each attempt of an ordinary call (default 60s)
//	WithResponseHeaderTimeout  both    bound on the wait for headers after sending (default 30s)
//	WithStreamIdleTimeout      both    bound on a streaming transfer that stops moving (default 60s)
//	WithLogger                 both    *slog.Logger for per-attempt and retry records (default none)
//	WithHeader                 both    an extra header (not credentials)
//	WithMaxResponseBytes       both    cap on a successful response body (default 32 MiB)
//	WithIdempotencyKey         call    the write's idempotency key, where the API takes one (Usermost)
//	WithResponseInto           call    fills a cdpkit.Response: status, request id, attempts, rate limits
//
// Each API package adds options of its own, accepted only by its client:
// usermost.WithLicenseCode, userlot.WithTenant, userpilot.WithRegion and
// the other userpilot options (rate limits, polling, export host; and, per
// call, the chunk size and progress callbacks of bulk updates and imports).
//
// # Checks
//
// Options check their input when applied, so a bad value is reported by
// NewClient, or by the method before anything is sent, with the option's
// name and the fix; every bad option is reported, not just the first.
// Validate runs the same checks without building a client. An option given
// where it does not apply is an error too, never silently ignored: a
// userlot.WithTenant passed to the Usermost client, an option.WithAPIKey
// passed to one call (a call with other credentials needs a client of its
// own), an option.WithIdempotencyKey passed to NewClient or to a client
// whose API takes no key.
//
// A call without options costs nothing extra: options are looked at only
// when given.
package option
