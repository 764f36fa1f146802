package countserver

import (
	"errors"
	"fmt"
)

// Counts is what the server saw since its last reset. Every event carries
// a sequence number; Expect is the number of events the caller says it
// sent, numbered 0 to Expect-1, and Missing and OutOfRange are computed
// against it.
type Counts struct {
	// Requests is the number of HTTP requests answered, control calls excluded.
	Requests int64 `json:"requests"`
	// Connections is the number of TCP connections opened by clients.
	Connections int64 `json:"connections"`
	// Bytes is the number of request body bytes read.
	Bytes int64 `json:"bytes"`
	// Events is the number of events parsed, duplicates included.
	Events int64 `json:"events"`
	// Duplicates counts events whose sequence number had been seen before.
	Duplicates int64 `json:"duplicates"`
	// Bad counts bodies and import lines that did not parse.
	Bad int64 `json:"bad"`
	// FirstBad describes the first thing that did not parse.
	FirstBad string `json:"first_bad,omitempty"`
	// Expect is the number of events the caller sent.
	Expect int64 `json:"expect"`
	// Missing counts sequence numbers below Expect that never arrived.
	Missing int64 `json:"missing"`
	// OutOfRange counts distinct sequence numbers at or above Expect.
	OutOfRange int64 `json:"out_of_range"`
	// ServerCPU is the CPU time the server process used, in seconds: it
	// shares the machine with the client, so a side that costs the server
	// more is slowed by it.
	ServerCPU float64 `json:"server_cpu_s"`
}

// Check returns an error unless every one of the Expect events arrived
// exactly once and nothing failed to parse.
func (c Counts) Check() error {
	var errs []error
	if c.Missing > 0 {
		errs = append(errs, fmt.Errorf("%d of %d events lost", c.Missing, c.Expect))
	}
	if c.Duplicates > 0 {
		errs = append(errs, fmt.Errorf("%d events stored twice", c.Duplicates))
	}
	if c.OutOfRange > 0 {
		errs = append(errs, fmt.Errorf("%d events numbered at or above %d, which were never sent", c.OutOfRange, c.Expect))
	}
	if c.Bad > 0 {
		errs = append(errs, fmt.Errorf("%d bodies or lines did not parse (first: %s)", c.Bad, c.FirstBad))
	}
	if len(errs) == 0 && c.Events != c.Expect {
		// Unreachable when the above hold, but cheap to state.
		errs = append(errs, fmt.Errorf("%d events parsed, %d expected", c.Events, c.Expect))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("server counts: %w", err)
	}
	return nil
}
