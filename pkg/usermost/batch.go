package usermost

import (
	"context"
	"fmt"
	"regexp"

	gen "github.com/cdpkit/cdpkit/gen/usermost"
	"github.com/cdpkit/cdpkit/internal/transport"
)

// MaxBatchSize is the most events TrackEvents puts in one request. Usermost
// publishes no limit; 25 is the largest batch any source reports, so it is
// the safe choice until the real limit is known.
const MaxBatchSize = 25

// BatchResult describes a TrackEvents call that delivered every event.
type BatchResult struct {
	// Events is the number of events accepted.
	Events int
	// RequestIDs holds the x-request-id of each request, in order.
	RequestIDs []string
}

// BatchError reports a TrackEvents call that stopped part-way. The events in
// Remaining were not accepted (the failed batch first, then the ones never
// sent); pass them to TrackEvents again to retry without duplicates.
type BatchError struct {
	// Accepted is how many events were delivered before the failure.
	Accepted int
	// Remaining are the events that were not delivered, in their original order.
	Remaining []Event
	// RequestID is the x-request-id of the batch that failed. Reusing it is
	// safe: Usermost stores a request id's events once.
	RequestID string
	// Err is the cause, usually an *Error or a context error.
	Err error
}

// Error implements error.
func (e *BatchError) Error() string {
	return fmt.Sprintf("usermost: batch stopped after %d accepted events, %d not delivered: %v", e.Accepted, len(e.Remaining), e.Err)
}

// Unwrap lets errors.As reach the *Error underneath.
func (e *BatchError) Unwrap() error { return e.Err }

// TrackEvents records any number of events, MaxBatchSize per request. All
// events are validated before the first request, so bad input sends nothing.
// Each request gets its own x-request-id, reused on retries of that request.
// On failure the *BatchError holds the events that were not delivered.
func (c *Client) TrackEvents(ctx context.Context, events []Event) (*BatchResult, error) {
	if err := transport.CheckContext(ctx, "usermost", "Client.TrackEvents"); err != nil {
		return nil, err
	}
	for i, e := range events {
		if err := validateEvent(fmt.Sprintf("events[%d]", i), e); err != nil {
			return nil, err
		}
	}
	result := &BatchResult{}
	for start := 0; start < len(events); start += MaxBatchSize {
		batch := events[start:min(start+MaxBatchSize, len(events))]
		id := transport.RandomID()
		if _, err := c.sendBatch(ctx, id, batch); err != nil {
			return result, &BatchError{
				Accepted:  result.Events,
				Remaining: append([]Event(nil), events[start:]...),
				RequestID: id,
				Err:       err,
			}
		}
		result.Events += len(batch)
		result.RequestIDs = append(result.RequestIDs, id)
	}
	return result, nil
}

// SendBatch sends events as exactly one eventsBatch request carrying
// requestID as its x-request-id, for callers that manage their own batching
// and idempotency (such as package track). requestID must be 8 to 64 hex
// characters (the vendor asks for a hex string; the length bounds are this
// client's) and events 1 to MaxBatchSize, each valid; otherwise a
// *ValidationError is returned and nothing is sent. Retries of the request
// reuse requestID, and so may a caller's own retries: Usermost stores a
// request id's events once.
//
// An answer whose envelope says status "error", or a 2xx without the
// envelope, is an *Error (Code CodeFailureReported or
// "undecodable_response"), never a success.
func (c *Client) SendBatch(ctx context.Context, requestID string, events []Event) (*Result, error) {
	if err := transport.CheckContext(ctx, "usermost", "Client.SendBatch"); err != nil {
		return nil, err
	}
	if !requestIDPattern.MatchString(requestID) {
		return nil, &ValidationError{API: apiName, Field: "x-request-id", Problem: fmt.Sprintf("%q is not 8 to 64 hex characters", requestID), Fix: "derive it from a hash of the batch, or leave batching to TrackEvents"}
	}
	if len(events) == 0 || len(events) > MaxBatchSize {
		return nil, &ValidationError{API: apiName, Field: "events", Problem: fmt.Sprintf("has %d events", len(events)), Fix: fmt.Sprintf("send between 1 and %d per request", MaxBatchSize)}
	}
	for i, e := range events {
		if err := validateEvent(fmt.Sprintf("events[%d]", i), e); err != nil {
			return nil, err
		}
	}
	return c.sendBatch(ctx, requestID, events)
}

// eventBatch is the body of an eventsBatch request (EventBatch in the spec).
type eventBatch struct {
	Events []Event `json:"events"`
}

// sendBatch sends one eventsBatch request of already validated events.
func (c *Client) sendBatch(ctx context.Context, requestID string, events []Event) (*Result, error) {
	body, err := transport.JSONBody(api.Name, eventBatch{Events: events})
	if err != nil {
		return nil, err
	}
	resp, err := c.gen.TrackEventsWithBody(ctx, c.licenseCode, &gen.TrackEventsParams{RequestID: &requestID}, transport.ContentTypeJSON, body)
	return c.result("trackEvents", resp, err)
}

var requestIDPattern = regexp.MustCompile(`^[0-9a-fA-F]{8,64}$`)
