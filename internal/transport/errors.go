package transport

import "github.com/cdpkit/cdpkit"

// Error is the error for non-2xx answers, defined in package cdpkit so that
// go doc shows its fields; the API packages expose it as their own Error.
type Error = cdpkit.Error

// ConnError is a failure to get any answer (cdpkit.ConnectionError).
type ConnError = cdpkit.ConnectionError

// ErrBodyNotReplayable is joined to the error of a request that would have
// been retried but had a body that cannot be read twice.
var ErrBodyNotReplayable = cdpkit.ErrBodyNotReplayable
