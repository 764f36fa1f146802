// Package cdpkit holds what every cdpkit client shares: the error types,
// the status helpers, the metadata of a successful call, a pointer helper
// and the SDK's version.
//
// The clients themselves live in the pkg/ packages, one per API
// (pkg/usermost, pkg/userpilot, pkg/userlot, pkg/activeprospect), with the
// options they share in pkg/option. Whichever client returned it, an error
// is inspected the same way:
//
//	var (
//		apiErr  *cdpkit.Error           // an answer outside 2xx
//		connErr *cdpkit.ConnectionError // no answer at all
//		invalid *cdpkit.ValidationError // refused before sending
//	)
//	switch {
//	case cdpkit.IsNotFound(err): // and IsRateLimited, IsUnauthorized, …
//	case errors.As(err, &apiErr):
//		log.Println(apiErr.StatusCode, apiErr.Message, apiErr.RequestID)
//	case errors.As(err, &connErr):
//		log.Println("unreachable:", connErr.URL)
//	case errors.As(err, &invalid):
//		log.Println(invalid.Field, invalid.Fix)
//	}
//
// CHANGELOG.md at the module's root says what each version changed,
// breaking changes first. This package imports nothing else of cdpkit, so
// every other package may import it.
package cdpkit
