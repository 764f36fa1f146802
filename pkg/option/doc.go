// Package option holds the functional options every cdpkit client accepts.
//
// Each client's NewClient takes ...option.RequestOption:
//
//	client, err := usermost.NewClient(
//		option.WithAPIKey(key),
//		option.WithLicenseCode(code),
//		option.WithMaxRetries(4),
//		option.WithLogger(slog.Default()),
//	)
//
// Without WithAPIKey a client reads its API's environment variable
// (USERMOST_API_KEY, USERPILOT_API_KEY, USERLOT_API_KEY,
// ACTIVEPROSPECT_API_KEY); a missing key is an error from NewClient.
//
// # The options
//
//	WithAPIKey            the credential; never printed or logged
//	WithBaseURL           another host: a region, a proxy, a local fake (https, or http on loopback)
//	WithHTTPClient        your own *http.Client or any HTTPDoer
//	WithMaxRetries        retries after the first attempt (default 2; 0 disables)
//	WithBackoff           exponential backoff with full jitter (default 500ms up to 8s)
//	WithMaxRetryAfter     longest server-requested wait honoured (default 60s)
//	WithRequestTimeout    bound on each attempt of an ordinary call (default 60s)
//	WithResponseHeaderTimeout  bound on the wait for headers after sending (default 30s)
//	WithStreamIdleTimeout bound on a streaming transfer that stops moving (default 60s)
//	WithLogger            *slog.Logger for per-attempt and retry records (default none)
//	WithHeader            an extra header on every request (not credentials)
//	WithUserAgent         appended to the SDK's User-Agent
//	WithMaxResponseBytes  cap on a successful response body (default 32 MiB)
//	WithLicenseCode       Usermost only: the account's license code
//	WithTenant            Userlot only: the workspace subdomain
//	WithRegion            Userpilot only: us, eu or in
//
// Options check their input when applied, so a bad value is reported by
// NewClient with the option's name and the fix, never as a failure later;
// every bad option is reported, not just the first. Validate runs the same
// checks without building a client. Options for one API are rejected by the
// other clients, so a WithTenant meant for Userlot cannot be silently
// ignored by Usermost.
package option
