package track

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/cdpkit/cdpkit/internal/transport"
)

// loop is the Tracker's single owner of the pending batch. It reads the
// queue, cuts batches by count, bytes and age, and hands them to delivery
// goroutines, at most cfg.concurrency at a time: when all are busy it stops
// reading, so the queue fills and Enqueue pushes back on the callers.
func (t *Tracker) loop() {
	var deliveries sync.WaitGroup
	defer close(t.done)
	defer deliveries.Wait()

	gen := &generation{}
	var pending []Message
	pendingBytes := 0
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()

	dispatch := func(b Batch, spillPath string) {
		gen.wg.Add(1)
		deliveries.Add(1)
		acquired := false
		select {
		case t.sem <- struct{}{}:
			acquired = true
		case <-t.ctx.Done():
		}
		go func(g *generation) {
			defer deliveries.Done()
			defer g.wg.Done()
			notify := t.deliver(b, spillPath, g)
			// The slot is free before the callback runs, so a callback that
			// enqueues cannot starve the deliveries it is waiting on.
			if acquired {
				<-t.sem
			}
			notify()
		}(gen)
	}
	cut := func() {
		if len(pending) == 0 {
			return
		}
		timer.Stop()
		dispatch(newBatch(pending), "")
		pending, pendingBytes = nil, 0
	}

	for _, r := range t.replay {
		t.stats.replayed.Add(int64(len(r.batch.Messages)))
		dispatch(r.batch, r.path)
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
				timer.Reset(t.cfg.flushInterval)
			}
			pending = append(pending, it.msg)
			pendingBytes += it.size
			if len(pending) >= t.batchSize {
				cut()
			}
		case <-timer.C:
			cut()
		}
	}
}

// deliver sends b, retrying what is worth retrying, and resolves every
// message in it as sent, spilled or failed. It returns the user callback to
// run for the outcome.
func (t *Tracker) deliver(b Batch, spillPath string, g *generation) (notify func()) {
	var err error
	for attempt := 0; ; attempt++ {
		if t.ctx.Err() != nil {
			err = context.Cause(t.ctx)
			break
		}
		start := time.Now()
		err = t.sink.Send(t.ctx, b)
		if err == nil {
			t.stats.sent.Add(int64(len(b.Messages)))
			t.stats.batches.Add(1)
			if spillPath != "" {
				t.spill.remove(spillPath)
			}
			t.log(slog.LevelDebug, "batch delivered", slog.String("batch", b.ID), slog.Int("messages", len(b.Messages)),
				slog.Int("attempt", attempt+1), slog.Duration("duration", time.Since(start)))
			if t.cfg.onSuccess != nil {
				return func() { t.cfg.onSuccess(b) }
			}
			return func() {}
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
		// own retries would wait) gets it: hammering a rate limit helps no one.
		var apiErr *transport.Error
		if errors.As(err, &apiErr) && apiErr.RetryAfter > delay {
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
	return t.undelivered(b, spillPath, err, g)
}

// undelivered keeps b on disk when a spill directory is set and a later
// attempt could succeed; otherwise it fails b, and returns the OnFailure call.
func (t *Tracker) undelivered(b Batch, spillPath string, err error, g *generation) (notify func()) {
	n := len(b.Messages)
	t.setLastErr(err)
	if t.spill != nil && retryable(err) {
		if spillPath != "" && t.spill.exists(spillPath) { // a replayed batch failed again: its file stays
			t.stats.spilled.Add(int64(n))
			g.spill(n, err)
			t.log(slog.LevelWarn, "batch kept on disk", slog.String("batch", b.ID), slog.String("error", err.Error()))
			return func() {}
		}
		path, serr := t.spill.save(b)
		if serr == nil {
			t.stats.spilled.Add(int64(n))
			g.spill(n, err)
			t.log(slog.LevelWarn, "batch spilled", slog.String("batch", b.ID), slog.Int("messages", n),
				slog.String("file", path), slog.String("error", err.Error()))
			return func() {}
		}
		err = serr
	}
	if spillPath != "" {
		// A replayed batch that can never succeed must not be replayed at
		// every start; OnFailure below gets it instead.
		t.spill.remove(spillPath)
	}
	t.stats.failed.Add(int64(n))
	g.fail(n, err)
	t.log(slog.LevelError, "batch failed", slog.String("batch", b.ID), slog.Int("messages", n), slog.String("error", err.Error()))
	if t.cfg.onFailure != nil {
		return func() { t.cfg.onFailure(b, err) }
	}
	return func() {}
}

// backoff is a full-jitter delay for retry n.
func (t *Tracker) backoff(n int) time.Duration {
	ceiling := math.Min(float64(t.cfg.backoffBase)*math.Pow(2, float64(n)), float64(t.cfg.backoffMax))
	return time.Duration(rand.Float64() * ceiling)
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
