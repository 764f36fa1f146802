package track

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/cdpkit/cdpkit/internal/transport"
)

// flight is one dispatched batch until it is resolved. Its delivery
// goroutine resolves it, unless Close gives up on it first; mu makes sure
// exactly one of them does.
type flight struct {
	mu        sync.Mutex
	batch     Batch      // the messages still owed
	segs      []*segment // the log segment of each message in batch, when logged
	spillPath string     // the spill file it was replayed from, if any
	gen       *generation
	delivered []Message // delivered ahead of the rest (PartialError)
	done      bool
}

// loop is the Tracker's single owner of the pending batch. It reads the
// queue, cuts batches by count, bytes and age, and hands them to delivery
// goroutines, at most cfg.concurrency at a time: when all are busy it stops
// reading, so the queue fills and Enqueue pushes back on the callers. It
// never waits for a sink, so it ends as soon as the queue is closed.
func (t *Tracker) loop() {
	defer close(t.loopDone)

	gen := &generation{}
	var pending []Message
	var pendingSegs []*segment
	pendingBytes := 0
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()

	cut := func() {
		if len(pending) == 0 {
			return
		}
		timer.Stop()
		b := newBatch(pending)
		if t.wal != nil {
			t.wal.logBatch(b)
		}
		t.dispatch(&flight{batch: b, segs: pendingSegs, gen: gen})
		pending, pendingSegs, pendingBytes = nil, nil, 0
	}

	for _, r := range t.invalid {
		t.stats.replayed.Add(int64(len(r.batch.Messages)))
		f := &flight{batch: r.batch, gen: gen}
		t.register(f)
		if notify, ok := t.settle(f, func() func() { return t.failed(f, Permanent(r.err)) }); ok {
			t.finish(f, notify)
		}
	}
	t.invalid = nil
	for _, r := range t.replay {
		t.stats.replayed.Add(int64(len(r.batch.Messages)))
		t.dispatch(&flight{batch: r.batch, spillPath: r.path, gen: gen})
	}
	t.replay = nil

	for {
		select {
		case it, ok := <-t.queue:
			if !ok {
				cut()
				return
			}
			if it.flush != nil {
				cut()
				it.flush <- gen
				gen = &generation{}
				continue
			}
			if len(pending) > 0 && pendingBytes+it.size > t.batchBytes {
				cut()
			}
			if len(pending) == 0 {
				// The first message starts the clock: a batch is sent at the
				// latest one flush interval after its oldest message arrived.
				timer.Reset(t.cfg.flushInterval)
			}
			pending = append(pending, it.msg)
			pendingSegs = append(pendingSegs, it.seg)
			pendingBytes += it.size
			if len(pending) >= t.batchSize {
				cut()
			}
		case <-timer.C:
			cut()
		}
	}
}

func (t *Tracker) register(f *flight) {
	f.gen.wg.Add(1)
	t.unresolved.Add(1)
	t.flightsMu.Lock()
	t.flights[f] = struct{}{}
	t.flightsMu.Unlock()
}

// dispatch starts the delivery of f once a delivery slot is free (or at
// once when Close has given up waiting).
func (t *Tracker) dispatch(f *flight) {
	t.register(f)
	acquired := false
	select {
	case t.sem <- struct{}{}:
		acquired = true
	case <-t.ctx.Done():
	}
	go func() {
		notify, resolved := t.deliver(f)
		// The slot is free before the callback runs, so a callback that
		// enqueues cannot starve the deliveries it is waiting on.
		if acquired {
			<-t.sem
		}
		if resolved {
			t.finish(f, notify)
		}
	}()
}

// deliver sends f, retrying what is worth retrying, until it is resolved as
// sent, spilled or failed. It returns the callback to run once the slot is
// freed, and false when Close resolved f first.
func (t *Tracker) deliver(f *flight) (notify func(), resolved bool) {
	var err error
	for attempt := 0; ; attempt++ {
		if t.ctx.Err() != nil {
			err = context.Cause(t.ctx)
			break
		}
		b, ok := f.remaining()
		if !ok {
			return nil, false
		}
		start := time.Now()
		err = t.send(b)
		if err == nil {
			t.log(slog.LevelDebug, "batch delivered", slog.String("batch", b.ID), slog.Int("messages", len(b.Messages)),
				slog.Int("attempt", attempt+1), slog.Duration("duration", time.Since(start)))
			return t.settle(f, func() func() { return t.sent(f) })
		}
		var partial *PartialError
		if errors.As(err, &partial) {
			if !t.progress(f, partial.Delivered) {
				return nil, false
			}
			if rest, _ := f.remaining(); len(rest.Messages) == 0 {
				return t.settle(f, func() func() { return t.sent(f) })
			}
		}
		if t.ctx.Err() != nil {
			err = context.Cause(t.ctx)
			break
		}
		if !retryable(err) || attempt >= t.cfg.maxRetries {
			break
		}
		delay := t.backoff(attempt)
		// A server that asked for a longer pause (beyond what the client's
		// own retries would wait) gets it: hammering a rate limit helps no
		// one. One asking for more than the cap gets the batch spilled or
		// failed now, rather than a delivery slot parked for that long.
		var apiErr *transport.Error
		if errors.As(err, &apiErr) && apiErr.RetryAfter > delay {
			if apiErr.RetryAfter > t.cfg.maxRetryAfter {
				err = fmt.Errorf("track: the server asked to wait %s before a retry, more than the %s WithMaxRetryAfter allows: %w", apiErr.RetryAfter, t.cfg.maxRetryAfter, err)
				break
			}
			delay = apiErr.RetryAfter
		}
		t.stats.retries.Add(1)
		t.log(slog.LevelInfo, "batch retry", slog.String("batch", b.ID), slog.Int("attempt", attempt+1),
			slog.Duration("delay", delay), slog.String("error", err.Error()))
		if sleep(t.ctx, delay) != nil {
			err = context.Cause(t.ctx)
			break
		}
	}
	return t.settle(f, func() func() { return t.undelivered(f, err) })
}

// send is one attempt, bounded by the send timeout.
func (t *Tracker) send(b Batch) error {
	ctx, cancel := context.WithTimeout(t.ctx, t.cfg.sendTimeout)
	defer cancel()
	return t.sink.Send(ctx, b)
}

// remaining returns the messages of f still owed, or false once f is resolved.
func (f *flight) remaining() (Batch, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.batch, !f.done
}

// progress takes the messages a sink reported delivered out of f, counts
// them and records them, so a retry or replay does not send them again. It
// returns false once f is resolved.
func (t *Tracker) progress(f *flight, ids []string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.done {
		return false
	}
	delivered := make(map[string]bool, len(ids))
	for _, id := range ids {
		delivered[id] = true
	}
	var keep []Message
	var keepSegs, doneSegs []*segment
	var doneIDs []string
	for i, m := range f.batch.Messages {
		var seg *segment
		if f.segs != nil {
			seg = f.segs[i]
		}
		if !delivered[m.ID] {
			keep = append(keep, m)
			keepSegs = append(keepSegs, seg)
			continue
		}
		f.delivered = append(f.delivered, m)
		doneIDs = append(doneIDs, m.ID)
		doneSegs = append(doneSegs, seg)
	}
	if len(doneIDs) == 0 {
		return true
	}
	t.stats.sent.Add(int64(len(doneIDs)))
	f.batch.Messages = keep
	if f.segs != nil {
		f.segs = keepSegs
	}
	if t.wal != nil && f.segs != nil {
		t.wal.delivered(doneIDs, doneSegs)
	}
	if f.spillPath != "" && len(keep) > 0 {
		if err := t.spill.write(f.spillPath, f.batch); err != nil {
			t.log(slog.LevelError, "could not record delivered messages in their spill file; they will be sent again on replay",
				slog.String("file", f.spillPath), slog.String("error", err.Error()))
		}
	}
	return true
}

// settle resolves f with outcome, unless it is resolved already (ok is
// then false). outcome runs under f's lock and returns the user callback to
// run once the delivery slot is free.
func (t *Tracker) settle(f *flight, outcome func() func()) (notify func(), ok bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.done {
		return nil, false
	}
	f.done = true
	notify = outcome()
	if len(f.delivered) > 0 && t.cfg.onSuccess != nil {
		// Messages delivered ahead of a batch that then failed are reported
		// as delivered too, under the batch's ID.
		early, later := Batch{ID: f.batch.ID, Messages: f.delivered}, notify
		notify = func() {
			t.cfg.onSuccess(early)
			if later != nil {
				later()
			}
		}
	}
	return notify, true
}

// finish runs the callback of the flight its caller resolved and releases
// the waiters.
func (t *Tracker) finish(f *flight, notify func()) {
	t.flightsMu.Lock()
	delete(t.flights, f)
	t.flightsMu.Unlock()
	if notify != nil {
		notify()
	}
	f.gen.wg.Done()
	t.unresolved.Done()
}

// abandonFlights resolves, as undelivered, every flight still unresolved
// after Close's deadline: their sinks may never return.
func (t *Tracker) abandonFlights() {
	t.flightsMu.Lock()
	left := make([]*flight, 0, len(t.flights))
	for f := range t.flights {
		left = append(left, f)
	}
	t.flightsMu.Unlock()
	cause := context.Cause(t.ctx)
	for _, f := range left {
		if notify, ok := t.settle(f, func() func() { return t.undelivered(f, cause) }); ok {
			t.finish(f, notify)
		}
	}
}

// sent resolves f as delivered.
func (t *Tracker) sent(f *flight) (notify func()) {
	b := f.batch
	t.stats.sent.Add(int64(len(b.Messages)))
	t.stats.batches.Add(1)
	t.forget(f)
	if t.cfg.onSuccess == nil {
		return nil
	}
	all := Batch{ID: b.ID, Messages: slices.Concat(f.delivered, b.Messages)}
	f.delivered = nil
	return func() { t.cfg.onSuccess(all) }
}

// forget drops f from disk: its outcome is final.
func (t *Tracker) forget(f *flight) {
	if f.spillPath != "" {
		t.spill.remove(f.spillPath)
	}
	if t.wal != nil && f.segs != nil {
		t.wal.ack(f.batch.ID, f.segs)
	}
}

// undelivered keeps f on disk when a spill directory is set and a later
// attempt could succeed; otherwise it fails f.
func (t *Tracker) undelivered(f *flight, err error) (notify func()) {
	b := f.batch
	n := len(b.Messages)
	t.setLastErr(err)
	if t.spill == nil || !retryable(err) {
		return t.failed(f, err)
	}
	if f.spillPath != "" && t.spill.exists(f.spillPath) { // a replayed batch failed again: its file stays
		t.stats.spilled.Add(int64(n))
		f.gen.spill(n, err)
		t.log(slog.LevelWarn, "batch kept on disk", slog.String("batch", b.ID), slog.String("error", err.Error()))
		return nil
	}
	path, serr := t.spill.save(b)
	if serr != nil && t.wal != nil && f.segs != nil {
		// The write-ahead log still holds the batch: the next start replays it.
		t.stats.spilled.Add(int64(n))
		f.gen.spill(n, err)
		t.log(slog.LevelWarn, "batch left in the write-ahead log", slog.String("batch", b.ID), slog.String("error", serr.Error()))
		return nil
	}
	if serr != nil {
		return t.failed(f, serr)
	}
	if t.wal != nil && f.segs != nil {
		t.wal.ack(b.ID, f.segs)
	}
	t.stats.spilled.Add(int64(n))
	f.gen.spill(n, err)
	t.log(slog.LevelWarn, "batch spilled", slog.String("batch", b.ID), slog.Int("messages", n),
		slog.String("file", path), slog.String("error", err.Error()))
	return nil
}

// failed resolves f as failed for good, and removes any spill file of it: a
// batch that can never succeed must not be replayed at every start.
func (t *Tracker) failed(f *flight, err error) (notify func()) {
	b := f.batch
	n := len(b.Messages)
	t.setLastErr(err)
	t.forget(f)
	t.stats.failed.Add(int64(n))
	f.gen.fail(n, err)
	t.log(slog.LevelError, "batch failed", slog.String("batch", b.ID), slog.Int("messages", n), slog.String("error", err.Error()))
	if t.cfg.onFailure == nil {
		return nil
	}
	return func() { t.cfg.onFailure(b, err) }
}

// backoff is a full-jitter delay for retry n.
func (t *Tracker) backoff(n int) time.Duration {
	ceiling := math.Min(float64(t.cfg.backoffBase)*math.Pow(2, float64(n)), float64(t.cfg.backoffMax))
	return time.Duration(t.cfg.jitter() * ceiling)
}

func sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
