// Package compat decides whether a change to cdpkit breaks its users, and
// says so in a form a reviewer reads: text for a terminal, Markdown for a
// pull request comment or CHANGELOG.md, JSON for other tools.
//
// It looks at two things. The OpenAPI documents are compared with oasdiff
// (`specgen diff OLD NEW`), and the exported Go API of the module with
// golang.org/x/exp/apidiff (`specgen breaking`, which `make breaking` runs
// against the last release). Both libraries run as programs of the
// tools/compat module, so neither enters the SDK's go.mod; this package
// builds them once per process with the go command, reads their JSON and
// applies the project's rules:
//
//   - A spec change is breaking when oasdiff rates it an error or a warning,
//     or when it removes or renames something the generated Go client turns
//     into an identifier (see SDKBreakingRules): oasdiff judges HTTP
//     clients, which ignore a field that disappears; Go code that reads the
//     field no longer compiles.
//   - A breaking change is accepted only when it is acknowledged, by an
//     entry with a reason in breaking-ok.yaml at the repository's root (see
//     Acknowledgements), or for a one-off by --allow-breaking.
package compat
