// Package userpilottest provides an in-memory fake of the Userpilot HTTP API
// (both the analytex and the appex host) for tests, examples and demos.
//
// The fake is an httptest server that implements the interface generated
// from specs/userpilot.yaml. It keeps what it is sent, so tests can assert
// on it: identified users and companies, tracked events, background jobs,
// imported rows, export jobs and scheduled deletions. Every request is
// checked against the document (credentials, parameters and bodies; a
// rejected request gets Userpilot's `{"errors": [...]}` envelope and status),
// and every response it sends is checked the same way.
//
//	srv := userpilottest.NewServer(t)
//	client, err := userpilot.NewClient(
//		option.WithBaseURL(srv.URL),
//		option.WithAPIKey(srv.APIKey),
//	)
//
// # Behaviour
//
//   - Background jobs move queued → validating → processing →
//     pending_refresh → completed, one status per [WithJobStepDelay]
//     (20 ms by default) of the fake's clock: the system clock, or one the
//     test moves itself ([WithClock], [ManualClock]) so that every status
//     is seen without racing real time. [Server.FailNextJob] makes the next job fail
//     during validation with the given details. Records of a bulk or import
//     job become visible when the job completes, as with the real service.
//   - One bulk job, one import job and one export job may run at a time; a
//     second one gets 409.
//   - [WithRateLimit] answers requests over the limit with 429 and a
//     Retry-After header.
//   - Lookups page through [WithPageSize] items (50 by default); segments
//     are seeded, properties and events are derived from what was identified
//     and tracked.
//   - Export files are served at presigned-style URLs on the same listener;
//     like real presigned URLs they refuse requests that carry credentials.
//   - Deletions are scheduled, as with the real service's daily run;
//     [Server.RunDailyDeletion] applies them.
//
// # Where the fake is stricter than Userpilot's documents
//
// The fake accepts everything Userpilot's documents show (their request
// examples are sent to it in internal/conformance), and refuses a few
// things the documents say nothing about, so that tests notice them:
//
//   - an X-API-Version other than 2020-09-22 (the only one published);
//   - a multipart field other than "file";
//   - an identify whose company.id and company.company_id name different
//     companies (the documents do not say which would win);
//   - an id that is empty (the documents call ids required).
//
// Its error labels and codes ("bad_request", "invalid_params", ...) are
// illustrative: Userpilot publishes no catalogue.
//
// # Large uploads
//
// Multipart uploads that are streamed (no Content-Length) or larger than
// 1 MiB are not buffered for document validation, so multi-gigabyte imports
// can be simulated in constant memory; their credentials, parameters and
// X-API-Version are still checked, and the fake validates each NDJSON line
// against the document's row schema itself. JSON bulk bodies (at most
// 10,000 records, 50 MB) are validated whole. For imports, only the first
// [WithValidatedImportRows] rows (10,000 by default) are decoded, validated
// and kept; the rest are counted.
package userpilottest
