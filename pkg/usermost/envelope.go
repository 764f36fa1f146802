package usermost

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/cdpkit/cdpkit/internal/transport"
)

// CodeFailureReported is Error.Code for a 2xx answer whose envelope says
// status "error": Usermost did not do the work, whatever the HTTP status.
const CodeFailureReported = transport.CodeFailureReported

// envelopeError is an envelope with status "error".
type envelopeError struct{ message string }

func (e *envelopeError) Error() string { return e.message }

var (
	errNoEnvelope = errors.New(`the body has no "response" envelope`)
	errNoStatus   = errors.New(`the "response" envelope has no status`)
)

// readEnvelope unwraps Usermost's response container. The vendor says every
// answer is wrapped in {"response": {"status", "message", "data"}} and that
// status is "success" or "error". So a body without the container (empty,
// null, {}) or without a status is not a success, and status "error" is the
// API saying the call failed. Any other status is accepted: the document
// leaves the value open, and an unofficial source reports "queued" for
// writes.
func readEnvelope(body []byte) (*Result, error) {
	var env struct {
		Response *Result `json:"response"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, err
	}
	switch r := env.Response; {
	case r == nil:
		return nil, errNoEnvelope
	case strings.TrimSpace(r.Status) == "":
		return nil, errNoStatus
	case strings.EqualFold(strings.TrimSpace(r.Status), "error"):
		msg := r.Message
		if strings.TrimSpace(msg) == "" {
			msg = `the envelope reports status "error" without a message`
		}
		return nil, &envelopeError{message: msg}
	default:
		return r, nil
	}
}

// result turns the answer of a generated client call into the envelope's
// body. The transport has already turned every non-2xx into an *Error; a 2xx
// whose envelope is missing, malformed or says "error" becomes an *Error
// too, naming the operation and the status, so no caller (package track
// included) counts it as delivered.
func (c *Client) result(operation string, resp *http.Response, err error) (*Result, error) {
	if err != nil {
		return nil, err
	}
	var raw json.RawMessage
	if err := c.http.DecodeSuccess(operation, resp, &raw); err != nil {
		return nil, err
	}
	res, err := readEnvelope(raw)
	var failed *envelopeError
	switch {
	case errors.As(err, &failed):
		return nil, c.http.ReportedFailure(operation, resp, failed.message)
	case err != nil:
		return nil, c.http.Undecodable(operation, resp, err)
	}
	return res, nil
}
