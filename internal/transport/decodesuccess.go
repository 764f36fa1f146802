package transport

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// CodeUndecodable is Error.Code for a 2xx answer whose body the client
// could not decode.
const CodeUndecodable = "undecodable_response"

// DecodeSuccess reads the body of a 2xx response returned by Do, closes it,
// and decodes it as JSON into v (nil v only drains the body). An empty body
// leaves v untouched. A body that is not valid JSON for v becomes an *Error
// naming the API, operation and status, with Code CodeUndecodable and the
// JSON error as Err, so callers can tell "the server did the work but said so
// in a shape we did not expect" from a failed request. The raw body is not
// kept in the error: a successful answer may carry secrets (credentials,
// tokens) that must not travel on in an error value.
func (c *Client) DecodeSuccess(operation string, resp *http.Response, v any) error {
	if resp == nil || resp.Body == nil {
		return nil
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return c.undecodable(operation, resp, fmt.Errorf("read the answer: %w", err))
	}
	if v == nil || len(body) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, v); err != nil {
		return c.undecodable(operation, resp, err)
	}
	return nil
}

// Undecodable builds the *Error DecodeSuccess returns, for wrappers that
// decode a 2xx body themselves (streams, envelopes) and find it malformed.
func (c *Client) Undecodable(operation string, resp *http.Response, cause error) error {
	return c.undecodable(operation, resp, cause)
}

func (c *Client) undecodable(operation string, resp *http.Response, cause error) *Error {
	return c.successError(operation, resp, CodeUndecodable, "the answer could not be decoded: "+cause.Error(), cause)
}

// successError builds the *Error for a 2xx answer the wrapper cannot accept,
// with the message scrubbed and masked like an error body's, and no body.
func (c *Client) successError(operation string, resp *http.Response, code, message string, cause error) *Error {
	m := c.keyMask
	if resp.Request != nil {
		m = c.masker(resp.Request.Context())
	}
	e := &Error{
		API:        c.api.Name,
		Operation:  operation,
		StatusCode: resp.StatusCode,
		Code:       code,
		Message:    m.string(scrubText(message)),
		RequestID:  m.string(c.requestID(resp.Header)),
		Err:        cause,
	}
	if req := resp.Request; req != nil && req.URL != nil {
		e.Method, e.URL = req.Method, c.safeURL(req.URL)
	}
	return e
}
