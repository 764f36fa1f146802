package track

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/cdpkit/cdpkit"
)

// Sink delivers batches to one API. Send must be safe to call again with the
// same batch: the Tracker retries failed batches and replays spilled ones.
type Sink interface {
	// Name identifies the sink in logs, stats and spill files.
	Name() string
	// Limits says how large a batch the sink accepts.
	Limits() Limits
	// Send delivers the whole batch or returns an error. A sink that
	// delivered some of the messages before failing returns a
	// *PartialError naming them, so they are not sent again.
	Send(ctx context.Context, batch Batch) error
}

// Validator is implemented by sinks that can tell, before a message is
// accepted, that they could never deliver it. Enqueue calls Validate and
// refuses the message with its error, so one bad message cannot fail the
// batch it would have joined. Validate must be at least as strict as Send.
type Validator interface {
	Validate(Message) error
}

// PartialError is returned by a Sink whose Send delivered some messages of a
// batch before it failed. The Tracker counts Delivered as sent, records them
// (in the write-ahead log or the batch's spill file) and retries only the
// rest, under the same batch ID, so nothing delivered is sent twice.
type PartialError struct {
	// Delivered are the IDs of the messages the API has stored.
	Delivered []string
	// Err is why the rest were not delivered; it decides whether they are
	// retried, as for any error Send returns.
	Err error
}

// Error implements error.
func (e *PartialError) Error() string {
	return fmt.Sprintf("track: %d messages of the batch delivered, the rest not: %v", len(e.Delivered), e.Err)
}

// Unwrap exposes the cause.
func (e *PartialError) Unwrap() error { return e.Err }

// Partial returns err unchanged when delivered is empty, and a *PartialError
// otherwise; a helper for sinks that deliver a batch message by message.
func Partial(delivered []string, err error) error {
	if len(delivered) == 0 || err == nil {
		return err
	}
	return &PartialError{Delivered: delivered, Err: err}
}

// Limits bounds the batches a Tracker builds for a sink. Zero means no limit.
type Limits struct {
	MaxMessages int
	MaxBytes    int
}

// permanentError marks a failure that retrying cannot fix.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// Permanent wraps err so the Tracker fails the batch at once instead of
// retrying it, e.g. for input the API will always reject.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err: err}
}

// transientError marks a failure that a later attempt can get past even
// though its status says otherwise, such as a 409 "a job is running".
type transientError struct{ err error }

func (e *transientError) Error() string { return e.err.Error() }
func (e *transientError) Unwrap() error { return e.err }

// Transient wraps err so the Tracker retries the batch whatever the status
// code inside says.
func Transient(err error) error {
	if err == nil {
		return nil
	}
	return &transientError{err: err}
}

// retryable reports whether a failed Send is worth another attempt: network
// failures, timeouts, 408, 429, 5xx and errors marked Transient are; other
// 4xx answers and errors marked Permanent are not.
func retryable(err error) bool {
	var p *permanentError
	if errors.As(err, &p) {
		return false
	}
	var t *transientError
	if errors.As(err, &t) {
		return true
	}
	switch code := cdpkit.StatusCode(err); {
	case code == 0:
		return true
	case code == http.StatusRequestTimeout, code == http.StatusTooManyRequests, code >= 500:
		return true
	default:
		return false
	}
}
