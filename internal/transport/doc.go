// Package transport is the HTTP runtime shared by every cdpkit client.
//
// A *Client is handed to the oapi-codegen clients as their HttpRequestDoer.
// It authenticates each request, sets the User-Agent and an idempotency key,
// retries connection failures, 408, 429, 5xx (and 409 where an API means
// "busy") with exponential backoff and full jitter, honours Retry-After, and
// turns every non-2xx answer into an *Error. Keys are held as Secret values
// that never print, and are masked out of logs and error bodies as well.
package transport
