// Package specs embeds the project's OpenAPI documents so that tools, the
// in-memory fakes and tests all read the exact bytes that drive code
// generation, with no dependency on the working directory.
//
// Each <api>.yaml beside this file is the single source of truth for that
// API: `make generate` turns it into gen/<api>, `make lint` checks it against
// the project's rules, and the fakes validate their traffic against it.
package specs
