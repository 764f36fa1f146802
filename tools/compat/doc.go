// Package compat pins the two compatibility checkers that `make breaking`
// and `specgen diff` run: oasdiff for the OpenAPI documents and
// golang.org/x/exp/apidiff for the Go API.
//
// They live in a module of their own because oasdiff needs a newer
// kin-openapi than the one the generator and the fakes' validators share
// (see internal/repocheck), and because neither belongs in the module graph
// of a program that imports cdpkit. The programs here are thin adapters that
// print what the libraries find as JSON; everything the project decides
// about those findings (what counts as breaking, acknowledgements, text and
// Markdown reports) lives in cmd/specgen and internal/compat, where
// `make test` covers it.
package compat
