//go:build tools

// Package tools pins the code generator in a module of its own, so that
// `go generate ./...` needs nothing installed beyond the Go toolchain while
// the generator's dependencies stay out of the SDK's go.mod: a program that
// imports cdpkit never sees them in its module graph.
package tools

import (
	_ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
)
