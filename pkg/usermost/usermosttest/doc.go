// Package usermosttest provides an in-memory fake of the Usermost REST API for
// tests and demos.
//
// The fake is an httptest server that implements the interface generated from
// specs/usermost.yaml. It keeps the users and events it receives so tests can
// assert on them, checks every request against the document (a request the
// document rejects gets the API's real error envelope and status), and checks
// every response it sends the same way.
//
//	srv := usermosttest.NewServer(t)
//	client, err := usermost.NewClient(
//		option.WithBaseURL(srv.URL),
//		option.WithAPIKey(srv.APIKey),
//		option.WithLicenseCode(srv.LicenseCode),
//	)
//
// Faults can be injected with [Server.InjectFaults] to exercise retries.
package usermosttest
