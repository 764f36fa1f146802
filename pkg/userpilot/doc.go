// Package userpilot is the Go client for the Userpilot HTTP API: identify
// users and companies and track events in real time, update many records
// through bulk jobs, import historical events from a file, export analytics
// data, look up segments and properties, and delete users or companies.
//
// # Getting started
//
//	client, err := userpilot.NewClient() // reads USERPILOT_API_KEY and USERPILOT_REGION
//	if err != nil {
//		return err
//	}
//	err = client.Identify(ctx, userpilot.User{
//		UserID:    "u-42",
//		CompanyID: "acme",
//		Metadata:  userpilot.Metadata{"name": "Ada", "plan": "pro", "seats": 12},
//		Company:   userpilot.Metadata{"name": "Acme"}, // the company's properties, sent inline
//	})
//
// # Authentication
//
// Userpilot authenticates with the environment's API key, found on the
// Environment page (https://run.userpilot.io/environment), sent as
// "Authorization: Token <key>". It is not the App Token the browser SDK
// uses; sending that one is the usual cause of a 401. NewClient reads the
// key from USERPILOT_API_KEY unless [option.WithAPIKey] is given, and fails
// at once when there is none. The key never appears in errors or logs.
//
// # Hosts and regions
//
// Userpilot serves its API from two hosts. The analytics host takes the
// real-time, bulk, job, import and delete calls; it is chosen with
// [option.WithRegion] or USERPILOT_REGION: "us" (analytex.userpilot.io, the
// default), "eu" (analytex-eu) or "in" (analytex-in). Userpilot's API pages
// name the US and EU hosts; analytex-in is inferred from its
// content-security-policy page, which lists it beside them, so check your
// account's Environment page before choosing "in". A dedicated Enterprise
// host, a proxy or a test fake is set with [option.WithBaseURL]. The export
// host (appex.userpilot.io) takes the export and lookup calls; the client
// keeps a second connection for it. Because the generated client has one
// base URL, the wrapper builds one generated client per host on the same
// transport settings. When [option.WithBaseURL] is given, exports go to that
// same base URL (one host serving both path sets, as proxies and the fake
// do) unless [WithExportBaseURL] says otherwise. Every analytics call
// carries X-API-Version: 2020-09-22.
//
// # Metadata
//
// Properties are [Metadata] maps whose values must be primitives: strings,
// numbers, booleans, nil (which removes the property) or time.Time (sent as
// RFC 3339 in UTC). A nested map, a slice, NaN or ±Inf, or text that is not
// valid UTF-8 is rejected before any request with a [*ValidationError]
// naming the key, e.g.
//
//	userpilot: user.metadata["tags"]: is a []string, not a primitive value: ...
//
// # Bulk updates and jobs
//
// [Client.BulkIdentifyUsers] and [Client.BulkIdentifyCompanies] take a
// slice; the Seq and NDJSON variants take an iterator or an io.Reader and
// hold at most one record in memory. Records go out as the JSON body
// Userpilot's OpenAPI file documents ({"users": [...]} or
// {"companies": [...]}), written while it is sent, in requests of at most
// [MaxBulkRecords] records and [MaxBulkBytes] bytes; [AsNDJSONUpload]
// sends multipart NDJSON files instead (described by Userpilot's prose, with
// an inferred line format). When more requests are needed, the client waits
// for each job to finish first, because Userpilot runs one bulk job at a
// time. The result holds every job; follow the last with
// [JobsService.Wait], which polls with exponential backoff until the job
// completes or fails. A failed job is a [*JobFailedError] with the server's
// details.
//
// Job answers are decoded leniently: counts Userpilot sends as strings stay
// as sent ([Count]). An answer to a call that started a job but cannot be
// decoded at all is an [*Error] that still names the job
// ([CreatedJobID]), so follow it rather than resending.
//
// # Imports
//
// [Client.Import] streams a file of historical events (build one with
// [EncodeImportEvents]) through an io.Pipe, reporting progress through
// [ImportProgress]. Userpilot runs one import and one export at a time; a
// second one is refused with a [*JobRunningError] that names the running
// job, so that [JobsService.Wait] (or [ExportsService.Wait]) can wait it out.
//
// # Exports and lookups
//
// [ExportsService.Start], [ExportsService.Wait] and [ExportsService.Rows]
// export raw events and read the resulting files row by row, holding at
// most one row of up to [WithMaxExportRowBytes] per file. Download links
// are presigned, fetched over https only, and without the API key. The paged lookups
// ([LookupsService.Segments], [LookupsService.EventProperties]) are
// iter.Seq2 iterators that fetch pages as the loop advances.
//
// # Errors
//
// Every non-2xx answer is an [*Error] with the status, Userpilot's
// error_code and message, the request id and the raw body; so is a 2xx
// answer the client cannot decode (Code "undecodable_response", naming the
// operation, without the body):
//
//	var apiErr *userpilot.Error
//	if errors.As(err, &apiErr) && apiErr.StatusCode == 404 { ... }
//	if cdpkit.IsUnauthorized(err) { ... }
//
// The status helpers ([cdpkit.IsNotFound], [cdpkit.IsUnauthorized],
// [cdpkit.IsRateLimited], …) are shared by every client and live in package
// cdpkit; this package adds only what is Userpilot's own: [IsJobRunning]
// and [IsJobFailed]. For Userpilot, 401 also means the App Token was sent
// instead of the API key, and 404 an unknown job id.
//
// # Retries and rate limits
//
// Connection errors, 408, 429 and 5xx answers are retried twice by default
// with exponential backoff and full jitter, honouring Retry-After; 409 is
// not retried, since it means a job is running. Userpilot has no
// idempotency key, so each method says in its documentation what a second
// delivery would do: identify, identify company, bulk updates and deletes
// set the same state again and are retried; [Client.Track] would store the
// event twice, so it is retried only when the failure proves the event was
// not stored (a refused connection, 429 or 503). Requests whose body is a
// stream (Import, and bulk updates read from an iterator or an io.Reader)
// cannot be replayed, so they are never retried: the error says so, and the
// caller resends from the start. Bulk updates from a slice are replayed
// (their bodies honour net/http's GetBody, so redirects and HTTP clients
// that copy bodies work too).
//
// The client also keeps to Userpilot's documented limits on its own side,
// with golang.org/x/time/rate: 600 real-time calls (identify, identify
// company, track) per minute and one delete call every 2 seconds. Calls
// wait for their turn (or for ctx to end). Change or disable the limits with
// [WithRateLimits].
//
// # Testing
//
// Package userpilottest runs an in-memory fake of both hosts that this
// client can be pointed at with [option.WithBaseURL].
package userpilot
