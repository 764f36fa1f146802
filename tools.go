//go:build tools

// Package tools pins the code generator so that `go generate ./...` needs
// nothing installed beyond the Go toolchain: the version comes from go.mod.
package tools

import (
	_ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
)
