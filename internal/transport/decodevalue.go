package transport

import (
	"errors"
	"net/http"
)

// ErrNoBody is the cause (Error.Err) of the *Error Decode returns for a 2xx
// answer that has no body, or a JSON null, where the operation promises one.
var ErrNoBody = errors.New("the answer has no body where the operation promises one")

// Decode finishes a call made through a generated client's plain method
// (which returns the *http.Response): it passes a request error through,
// and otherwise decodes the 2xx body into a new T through DecodeSuccess. An
// empty or null body is an *Error too (Code CodeUndecodable, Err ErrNoBody),
// since the operation promised a value; callers that accept an empty answer
// use DecodeSuccess directly.
func Decode[T any](c *Client, operation string, resp *http.Response, err error) (*T, error) {
	if err != nil {
		return nil, err
	}
	var v *T
	if err := c.DecodeSuccess(operation, resp, &v); err != nil {
		return nil, err
	}
	if v == nil {
		return nil, c.undecodable(operation, resp, ErrNoBody)
	}
	return v, nil
}
