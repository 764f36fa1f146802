// Package specvalidate checks HTTP traffic against one of the project's
// embedded OpenAPI documents. The in-memory fakes in pkg/<api>/<api>test wrap
// their handlers with it, so a request the real API would reject is rejected
// by the fake too (with the API's own error shape), and a response the fake
// produces that the document does not allow is reported as a bug in the fake.
package specvalidate
