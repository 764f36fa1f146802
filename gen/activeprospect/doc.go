// Package activeprospect is the client and server code that oapi-codegen
// generates from specs/activeprospect.yaml. Do not edit the *.gen.go files:
// change the spec or the configs beside this file and run `make generate`.
//
// Applications should import github.com/cdpkit/cdpkit/pkg/activeprospect
// instead, which adds authentication, retries, typed errors, id validation
// and secret-safe credential types.
package activeprospect
