package userpilottest

import "github.com/cdpkit/cdpkit/internal/fakes"

// Fault is one canned failure the fake answers with instead of handling a
// request: Status (zero means 503), an optional RetryAfter and the Message
// for the API's error body.
type Fault = fakes.Fault

// InjectFaults queues faults; each of the next len(faults) requests is
// answered by the next fault, in order, before any validation or state change.
func (s *Server) InjectFaults(faults ...Fault) { s.faults.Add(faults...) }

// InjectFaultsAfter lets the next n requests through untouched and then
// answers the following ones with faults, in order.
func (s *Server) InjectFaultsAfter(n int, faults ...Fault) { s.faults.AddAfter(n, faults...) }
