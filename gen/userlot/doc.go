// Package userlot is the client and server code that oapi-codegen generates
// from specs/userlot.yaml. Do not edit the *.gen.go files: change the spec or
// the configs beside this file and run `make generate`.
//
// Applications should import github.com/cdpkit/cdpkit/pkg/userlot instead,
// which adds authentication, tenant hosts, retries, typed errors, upsert
// identities and typed custom fields.
package userlot
