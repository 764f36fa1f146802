// Package userpilot is the client and server code that oapi-codegen generates
// from specs/userpilot.yaml. Do not edit the *.gen.go files: change the spec
// or the configs beside this file and run `make generate`.
//
// Applications should import github.com/cdpkit/cdpkit/pkg/userpilot instead,
// which adds authentication, regions, rate limits, typed errors, bulk
// chunking, streaming uploads and job polling.
package userpilot
