package track

import "sync/atomic"

// Stats counts messages through a Tracker's life. Every accepted message is
// eventually in exactly one of Sent, Failed or Spilled (or still Queued).
type Stats struct {
	// Enqueued messages were accepted by Enqueue.
	Enqueued int64
	// Sent messages were delivered, Batches the batches that carried them.
	Sent, Batches int64
	// Retries counts batch attempts after the first.
	Retries int64
	// Failed messages could not be delivered and were reported to OnFailure.
	Failed int64
	// Spilled messages were written to the spill directory.
	Spilled int64
	// Replayed messages came from the spill directory at start.
	Replayed int64
	// Rejected messages were refused with ErrQueueFull (never accepted).
	Rejected int64
	// Dropped messages vanished without a callback. It is always zero; it
	// is here so that dashboards can prove it.
	Dropped int64
	// Queued messages are accepted but not yet resolved.
	Queued int64
}

type counters struct {
	enqueued, sent, batches, retries, failed, spilled, replayed, rejected atomic.Int64
}

func (c *counters) snapshot() Stats {
	s := Stats{
		Enqueued: c.enqueued.Load(),
		Sent:     c.sent.Load(),
		Batches:  c.batches.Load(),
		Retries:  c.retries.Load(),
		Failed:   c.failed.Load(),
		Spilled:  c.spilled.Load(),
		Replayed: c.replayed.Load(),
		Rejected: c.rejected.Load(),
	}
	s.Queued = s.Enqueued + s.Replayed - s.Sent - s.Failed - s.Spilled
	return s
}
