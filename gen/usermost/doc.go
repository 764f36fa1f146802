// Package usermost is the client and server code that oapi-codegen generates
// from specs/usermost.yaml. Do not edit the *.gen.go files: change the spec or
// the configs beside this file and run `make generate`.
//
// Applications should import github.com/cdpkit/cdpkit/pkg/usermost instead,
// which adds authentication, retries, typed errors and batching.
package usermost
