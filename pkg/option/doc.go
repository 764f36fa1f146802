// Package option holds the functional options every cdpkit client accepts.
//
// Each client's NewClient takes ...option.RequestOption:
//
//	client, err := usermost.NewClient(
//		option.WithAPIKey(key),
//		option.WithMaxRetries(4),
//		option.WithLogger(slog.Default()),
//	)
//
// Options check their input when applied, so a bad value is reported by
// NewClient with the option's name and the fix, never as a failure later.
// Options for one API (WithLicenseCode for Usermost, WithTenant for Userlot,
// WithRegion for Userpilot) are rejected by the other clients.
package option
