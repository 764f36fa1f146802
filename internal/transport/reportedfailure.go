package transport

import "net/http"

// CodeFailureReported is Error.Code for a 2xx answer whose body says the
// call failed: an error envelope, {"success": false} and the like.
const CodeFailureReported = "failure_reported"

// ReportedFailure builds the *Error for a 2xx answer whose body says the
// call did not succeed, so that callers meet it as the same error type as a
// non-2xx answer: API, operation, status, request id, method and URL are
// filled in, Code is CodeFailureReported and Message is the body's own
// explanation (with the API key masked). Like DecodeSuccess, it keeps no
// body. The wrapper has already read and closed resp's body; only its
// status, headers and request are used.
func (c *Client) ReportedFailure(operation string, resp *http.Response, message string) error {
	return c.successError(operation, resp, CodeFailureReported, message, nil)
}
