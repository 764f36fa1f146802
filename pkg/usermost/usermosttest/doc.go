// Package usermosttest provides an in-memory fake of the Usermost REST API for
// tests and demos.
//
// The fake is an httptest server that implements the interface generated from
// specs/usermost.yaml. It keeps the users and events it receives so tests can
// assert on them, checks every request against the document (a request the
// document rejects gets the API's real error envelope and status), and checks
// every response it sends the same way.
//
// The fake is as strict as the document, and the document holds a few
// rules that come from the WebEngage text Usermost's pages are a rewrite of,
// not from Usermost itself (marked x-unverified there): a record needs
// userId or deviceId, ids are at most 100 characters, event names at most
// 49, and a batch at most 25 events. The real API may accept more.
//
//	srv := usermosttest.NewServer(t)
//	client, err := usermost.NewClient(
//		option.WithBaseURL(srv.URL),
//		option.WithAPIKey(srv.APIKey),
//		usermost.WithLicenseCode(srv.LicenseCode),
//	)
//
// Faults can be injected with [Server.InjectFaults] to exercise retries.
package usermosttest
