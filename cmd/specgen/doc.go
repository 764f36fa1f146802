// Command specgen checks cdpkit's OpenAPI documents (specs/*.yaml).
//
// Usage:
//
//	specgen validate FILE...   kin-openapi load + Validate, examples included
//	specgen lint FILE...       validate plus the project's spec rules
//	specgen rules              list every rule and what it requires
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
package main
