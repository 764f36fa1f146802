// Command specgen checks cdpkit's OpenAPI documents (specs/*.yaml) and
// drafts new ones from Postman collections.
//
// Usage:
//
//	specgen validate FILE...   kin-openapi load + Validate, examples included
//	specgen lint FILE...       validate plus the project's spec rules
//	specgen rules              list every rule and what it requires
//	specgen diff OLD NEW       what changed between two versions, per operation,
//	                           breaking or not (oasdiff; text, markdown or json)
//	specgen breaking           every spec and the Go API (apidiff) against the
//	                           last release (make breaking)
//	specgen convert postman COLLECTION.json [-o draft.yaml] [-env ENV.json]...
//	specgen help
//
// `make validate` and `make lint` run it on every document in specs/.
// Each finding is printed on its own line of stdout as
//
//	FILE: POINTER: RULE: MESSAGE
//
// for example
//
//	specs/usermost.yaml: /paths/~1v1~1users/post: operation-id: POST /v1/users has no operationId; add one ...
//
// POINTER is a JSON pointer (RFC 6901) to the offending node; the root is
// written "/". Findings are sorted by file, pointer and rule, and a summary
// ("3 findings in 2 files") goes to stderr. The exit status is 0 when
// there are no findings, 1 when there are, and 2 for a usage error.
//
// The rules are implemented, and documented, in internal/speclint.
//
// convert turns a Postman collection (v2.0/v2.1, or a documenter export) into
// an OpenAPI 3.0.3 draft: servers from environment variables, security from
// the collection's auth, one operation per request, folders as tags, saved
// responses as examples. Anything without an OpenAPI home is kept as an
// x-postman-* extension and reported on stderr as a note, never dropped. The
// draft is a starting point to finish by hand, as specs/userlot.yaml was.
//
// diff and breaking run oasdiff and golang.org/x/exp/apidiff, built from the
// tools/compat module (so neither enters the SDK's go.mod), and apply the
// project's rules to what they find: see internal/compat. A breaking change
// passes only when breaking-ok.yaml lists it with a reason, or with
// --allow-breaking.
package main
