// Package specs embeds the project's OpenAPI documents so that tools, the
// in-memory fakes and tests all read the exact bytes that drive code
// generation, with no dependency on the working directory.
//
// Each <api>.yaml beside this file is the single source of truth for that
// API: `make generate` turns it into gen/<api> and the types of pkg/<api>,
// `make lint` checks it against the project's rules, and the fakes validate
// their traffic against it.
//
// The package offers the raw documents only — [Names], [Bytes] and [FS] —
// so that no OpenAPI library's types are part of cdpkit's API: read them
// with the library of your choice (kin-openapi, libopenapi, …). The SDK's
// own kin-openapi loading is internal.
package specs
