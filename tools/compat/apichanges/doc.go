// Command apichanges prints, as JSON on stdout, every change
// golang.org/x/exp/apidiff finds between the exported Go API of two copies
// of a module:
//
//	go run ./apichanges -old DIR -new DIR PATTERN...
//
// DIR is a directory inside each copy's module; PATTERN is a package
// pattern relative to it (./pkg/..., ./specs). Packages are matched by
// import path; a package the new copy no longer has is reported as removed,
// one it gained as added. Each change is {package, change, compatible}, with
// apidiff's own message. The exit status is 0 when both copies loaded,
// whatever changed; 1 when one did not.
package main
