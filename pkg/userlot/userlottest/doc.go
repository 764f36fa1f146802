// Package userlottest provides an in-memory fake of the Userlot REST API for
// tests and demos.
//
// The fake is an httptest server that implements the interface generated
// from specs/userlot.yaml. It keeps companies, end users, tickets, events
// and identify calls in memory, checks every request against the document
// (a request the document rejects gets Userlot's error body and status) and
// checks every response it sends the same way.
//
//	srv := userlottest.NewServer(t)
//	client, err := userlot.NewClient(
//		option.WithBaseURL(srv.URL),
//		option.WithAPIKey(srv.APIKey),
//	)
//
// # How the fake reads the undocumented parts
//
// Userlot documents the upsert rule ("a body with id, external_id or
// source_external_id updates the matching record, otherwise a record is
// created") but not its corner cases. The fake decides them as follows,
// and tests that rely on them rely on the fake, not on Userlot:
//
//   - A body may match by any of the three ids. When it carries several,
//     id wins, then external_id, then source_external_id.
//   - An id that matches nothing is a 404: Userlot assigns ids, so a new
//     record cannot be created with one. An external_id or
//     source_external_id that matches nothing creates the record.
//   - source_external_id may be one string or a list in a body. A body
//     matches the record that has any of its source ids, and the record
//     keeps every source id it was given (there can be several per
//     product); the response shows one as a string and several as a list.
//     Source ids are not unique across records.
//   - Custom-field numbers are stored exactly as sent, so integers above
//     2^53 come back unchanged. Tickets carry custom fields like companies
//     and end users.
//   - Upserts answer 201 when they create and 200 when they update.
//   - List filters match exactly (e-mail addresses ignore case) and are
//     combined with AND. Lists are bare arrays, never paged.
//   - An event must name an end user that exists (by user_external_id or
//     user_email): the vendor says to identify users before their events.
//   - Required custom fields ([WithCustomFields]) are enforced on create
//     with a 422 naming the field.
//
// Faults can be injected with [Server.InjectFaults] to exercise retries.
package userlottest
