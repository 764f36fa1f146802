package track

import (
	"errors"
	"fmt"
)

// ErrQueueFull is returned by Enqueue under FullQueueReject when the queue
// has no room. The message was not accepted; the caller still owns it.
var ErrQueueFull = errors.New("track: queue is full: the message was not accepted")

// ErrClosed is returned by Enqueue and Flush after Close has begun.
var ErrClosed = errors.New("track: tracker is closed")

// UndeliveredError reports messages that were accepted but not delivered:
// those written to the spill directory (replayed on the next start) and
// those that failed for good (each reported to OnFailure).
type UndeliveredError struct {
	// Failed messages are lost unless the OnFailure callback kept them.
	Failed int
	// Spilled messages are on disk and will be replayed.
	Spilled int
	// Cause is the last error seen, e.g. context.DeadlineExceeded from Close.
	Cause error
}

// Count is the number of messages not delivered.
func (e *UndeliveredError) Count() int { return e.Failed + e.Spilled }

// Error implements error.
func (e *UndeliveredError) Error() string {
	msg := fmt.Sprintf("track: %d messages not delivered (%d failed, %d spilled for replay)", e.Count(), e.Failed, e.Spilled)
	if e.Cause != nil {
		msg += ": " + e.Cause.Error()
	}
	return msg
}

// Unwrap exposes the cause.
func (e *UndeliveredError) Unwrap() error { return e.Cause }

// errLocked says another Tracker holds a spill directory's lock.
var errLocked = errors.New("locked by another process or Tracker")

// errNilContext is returned by the methods that take a context when given nil.
func errNilContext(method string) error {
	return fmt.Errorf("track: %s: ctx is nil: pass context.Background() or a context with a deadline", method)
}
