package track

import (
	"context"
	"errors"
	"sync"

	"github.com/cdpkit/cdpkit/internal/transport"
)

// Multi fans every message out to several Trackers, one per destination.
// Each keeps its own queue, retries and spill files, so one slow or failing
// API does not hold up the others.
type Multi struct {
	trackers []*Tracker
}

// NewMulti combines trackers. Close the Multi, not the trackers.
func NewMulti(trackers ...*Tracker) *Multi { return &Multi{trackers: trackers} }

// Enqueue gives m — with one ID and timestamp for all — to every tracker.
// The returned error joins the failures of the trackers that refused it;
// the others have accepted it.
func (m *Multi) Enqueue(ctx context.Context, msg Message) error {
	if ctx == nil {
		return errNilContext("Multi.Enqueue")
	}
	if msg.ID == "" {
		msg.ID = transport.RandomID()
	}
	if msg.Timestamp.IsZero() && len(m.trackers) > 0 {
		msg.Timestamp = m.trackers[0].cfg.now()
	}
	var errs []error
	for _, t := range m.trackers {
		if err := t.Enqueue(ctx, msg); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Flush flushes every tracker at once and joins their errors.
func (m *Multi) Flush(ctx context.Context) error {
	if ctx == nil {
		return errNilContext("Multi.Flush")
	}
	return m.each(func(t *Tracker) error { return t.Flush(ctx) })
}

// Close closes every tracker at once and joins their errors.
func (m *Multi) Close(ctx context.Context) error {
	if ctx == nil {
		return errNilContext("Multi.Close")
	}
	return m.each(func(t *Tracker) error { return t.Close(ctx) })
}

// Stats returns each tracker's counters by sink name.
func (m *Multi) Stats() map[string]Stats {
	out := make(map[string]Stats, len(m.trackers))
	for _, t := range m.trackers {
		out[t.sink.Name()] = t.Stats()
	}
	return out
}

func (m *Multi) each(f func(*Tracker) error) error {
	errs := make([]error, len(m.trackers))
	var wg sync.WaitGroup
	for i, t := range m.trackers {
		wg.Go(func() { errs[i] = f(t) })
	}
	wg.Wait()
	return errors.Join(errs...)
}
