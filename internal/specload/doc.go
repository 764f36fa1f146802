// Package specload parses and validates the project's embedded OpenAPI
// documents with kin-openapi, for the code that needs a document model: the
// fakes' request and response validators, the conformance suite, speccheck
// and the tests that compare hand-written types with their schemas.
//
// It is internal so that kin-openapi's document type is no part of the
// SDK's public API: package specs offers the raw documents only (names,
// bytes and an fs.FS), which any OpenAPI library can read.
package specload
