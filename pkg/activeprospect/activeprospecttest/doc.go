// Package activeprospecttest provides an in-memory fake of the ActiveProspect
// account API for tests and demos.
//
// The fake is an httptest server that implements the interface generated from
// specs/activeprospect.yaml. It holds one account, its authenticated user,
// the user's notification settings and the account's credentials; PUT, POST
// and DELETE requests change that state, and unknown ids get 404. Every
// request is checked against the document first: a wrong or missing API key
// gets the API's real 401 answer, {"error":"authentication failed"}, and any
// other request the document rejects gets a 400 in the same shape. Every
// response the fake sends is checked the same way.
//
//	srv := activeprospecttest.NewServer(t)
//	client, err := activeprospect.NewClient(
//		option.WithBaseURL(srv.URL),
//		option.WithAPIKey(srv.APIKey),
//	)
//
// [Server.Requests] returns the raw bodies the fake received, so tests can
// assert on the exact JSON a client sent. Faults can be injected with
// [Server.InjectFaults] to exercise retries.
package activeprospecttest
