// Package repocheck holds tests about the repository itself rather than
// about any one package: the module's requirements, the generator's
// pinning, the Go version policy. It has no code of its own.
package repocheck
