// Package userlot is the Go client for the Userlot REST API: upsert and read
// companies and end users with their custom fields, identify users, send
// events, and synchronise tickets.
//
// # Getting started
//
//	client, err := userlot.NewClient() // reads USERLOT_API_KEY and USERLOT_TENANT
//	if err != nil {
//		return err
//	}
//	acme, err := client.Companies.Upsert(ctx,
//		userlot.CompanyInput{Name: "Acme", Custom: userlot.CustomFields{"total_revenue": 98000}},
//		userlot.ByExternalID("acme-1"))
//
// # Authentication and tenants
//
// Each Userlot customer has a workspace at https://<tenant>.userlot.app and
// API keys per product (Product Settings → Api Keys), sent in the ApiKey
// header. NewClient takes the key from USERLOT_API_KEY and the tenant from
// USERLOT_TENANT unless [option.WithAPIKey] and [option.WithTenant] are
// given; [option.WithBaseURL] replaces the derived host (a proxy, or the
// fake in package userlottest) and then no tenant is needed. A missing key
// or tenant is an error from NewClient, not a 401 later.
//
// # Identities and upserts
//
// Userlot tracks three ids per record: its own id (a UUID), external_id
// (the id in your product, unique per product) and source_external_id (an
// id in a CRM or help desk; a record can have several, read back in
// SourceExternalIDs). An upsert whose body carries an id updates the
// matching record; one without creates a record. Userlot does not document
// which id wins when a body carries several, nor what an id that matches
// nothing does, so every Upsert takes at most one [Identity] — [ByID],
// [ByExternalID] or [BySourceExternalID], or none to create — and two are a
// [*ValidationError] before any request is sent.
//
// # Custom fields
//
// Custom fields travel as top-level keys next to the fixed fields
// (total_revenue next to name). The client gathers them into
// [CustomFields] on every record it returns and spreads them out again on
// upserts, so a field set on the way in reads back after a round trip. The
// typed getters convert JSON values (Float, Int, Strings, Time...), the
// setters store them in the form Userlot reads, and a custom field named
// like a fixed field is refused before sending, since one value would
// silently override the other. Numbers are read as json.Number, so an
// integer above 2^53 keeps every digit, and a record's custom fields, lists
// and objects included, can be sent back as they were read. Companies, end
// users and tickets all carry custom fields.
//
// # Lists
//
// Userlot's list endpoints return bare JSON arrays with no paging
// parameters or envelope, so the List methods return one slice instead of
// an iter.Seq2. The filters are those the vendor documents.
//
// # Errors
//
// Every non-2xx answer is an [*Error] with the status, Userlot's message,
// the request id and the raw body. The status helpers shared by every
// client, in package cdpkit ([cdpkit.IsNotFound], [cdpkit.IsUnauthorized],
// [cdpkit.IsUnprocessable], [cdpkit.IsRateLimited], …), classify it; this
// package adds only [FieldErrors], which reads the per-field messages of a
// 422 (a required custom field left out). 401 means the key is missing,
// wrong, or belongs to another workspace; 404 that no record has the id.
// Userlot publishes no error examples; the body shape is inferred.
//
// # Retries
//
// Connection errors, 408, 429 and 5xx answers are retried twice by default
// with exponential backoff and full jitter, honouring Retry-After; see
// [option.WithMaxRetries] and [option.WithBackoff]. Userlot takes no
// idempotency key, so the writes a repeat would duplicate are sent once and
// never retried: [Client.TrackEvent], and an Upsert whose body carries no
// id (a create). Reads, [Client.Identify] and upserts that name their
// record are retried, since a repeat finds the same record. Each method's
// documentation states its rule.
//
// A 2xx answer the client cannot decode is an [*Error] naming the
// operation and the status, with code "undecodable_response".
//
// # What is inferred
//
// Companies, end users and identify come from vendor sources. Get by id,
// events, tickets, products and custom-field definitions are inferred and
// marked x-unverified in specs/userlot.yaml; check them against your
// workspace before relying on them.
package userlot
