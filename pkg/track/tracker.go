package track

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/cdpkit/cdpkit/internal/transport"
)

// Tracker batches messages and delivers them to one Sink in the background.
// It is safe for concurrent use.
type Tracker struct {
	sink       Sink
	cfg        config
	batchSize  int
	batchBytes int
	validate   func(Message) error

	queue   chan item
	closing chan struct{} // closed when Close starts, to free blocked Enqueuers
	mu      sync.RWMutex  // Enqueue holds it shared while sending on queue; Close exclusively to close queue
	closed  bool

	ctx    context.Context // canceled when Close's deadline passes
	abort  context.CancelCauseFunc
	sem    chan struct{}
	done   chan struct{} // closed when the loop and every delivery have finished
	spill  *spillStore
	replay []spilledBatch
	stats  counters

	closeOnce sync.Once
	closeErr  error

	lastMu   sync.Mutex
	lastFail error // the most recent reason a batch was not delivered
}

func (t *Tracker) setLastErr(err error) {
	t.lastMu.Lock()
	t.lastFail = err
	t.lastMu.Unlock()
}

func (t *Tracker) lastErr() error {
	t.lastMu.Lock()
	defer t.lastMu.Unlock()
	return t.lastFail
}

// item is what travels through the queue: a message, or a flush request
// that the loop answers with the generation covering everything before it.
type item struct {
	msg   Message
	size  int
	flush chan *generation
}

// generation tracks the batches dispatched between two flushes.
type generation struct {
	wg      sync.WaitGroup
	mu      sync.Mutex
	failed  int
	spilled int
	cause   error
}

func (g *generation) fail(n int, err error) {
	g.mu.Lock()
	g.failed += n
	g.cause = err
	g.mu.Unlock()
}

func (g *generation) spill(n int, err error) {
	g.mu.Lock()
	g.spilled += n
	g.cause = err
	g.mu.Unlock()
}

// messageValidator is implemented by sinks that can reject a message at
// Enqueue, before it is accepted.
type messageValidator interface {
	Validate(Message) error
}

// New starts a Tracker for sink. With WithSpillDir, batches left by an
// earlier run for the same sink are replayed first.
func New(sink Sink, opts ...Option) (*Tracker, error) {
	if sink == nil {
		return nil, errors.New("track.New: sink is nil")
	}
	cfg := config{
		batchSize:     DefaultBatchSize,
		batchBytes:    DefaultBatchBytes,
		flushInterval: DefaultFlushInterval,
		queueCapacity: DefaultQueueCapacity,
		maxRetries:    DefaultMaxRetries,
		backoffBase:   DefaultBackoffBase,
		backoffMax:    DefaultBackoffMax,
		concurrency:   DefaultConcurrency,
		now:           time.Now,
	}
	var errs []error
	for _, o := range opts {
		if err := o(&cfg); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	t := &Tracker{
		sink:       sink,
		cfg:        cfg,
		batchSize:  cfg.batchSize,
		batchBytes: cfg.batchBytes,
		queue:      make(chan item, cfg.queueCapacity),
		closing:    make(chan struct{}),
		sem:        make(chan struct{}, cfg.concurrency),
		done:       make(chan struct{}),
	}
	if l := sink.Limits(); l.MaxMessages > 0 && l.MaxMessages < t.batchSize {
		t.batchSize = l.MaxMessages
	}
	if l := sink.Limits(); l.MaxBytes > 0 && l.MaxBytes < t.batchBytes {
		t.batchBytes = l.MaxBytes
	}
	if v, ok := sink.(messageValidator); ok {
		t.validate = v.Validate
	}
	if cfg.spillDir != "" {
		store, err := openSpill(cfg.spillDir, sink.Name())
		if err != nil {
			return nil, err
		}
		t.spill = store
		var corrupt []string
		if t.replay, corrupt, err = store.load(); err != nil {
			store.close()
			return nil, err
		}
		for _, c := range corrupt {
			t.log(slog.LevelError, "spilled batch unreadable, moved aside", slog.String("file", c))
		}
	}
	t.ctx, t.abort = context.WithCancelCause(context.Background())
	go t.loop()
	return t, nil
}

// Enqueue accepts m for delivery. It fills in ID and Timestamp when empty.
// It returns an error, and does not accept the message, when m is invalid,
// when the queue is full under FullQueueReject (ErrQueueFull), when ctx ends
// while waiting for room under FullQueueBlock, or after Close (ErrClosed).
func (t *Tracker) Enqueue(ctx context.Context, m Message) error {
	if err := checkMessage(m); err != nil {
		return err
	}
	if t.validate != nil {
		if err := t.validate(m); err != nil {
			return fmt.Errorf("track: %s sink: %w", t.sink.Name(), err)
		}
	}
	if m.ID == "" {
		m.ID = transport.RandomID()
	}
	if m.Timestamp.IsZero() {
		m.Timestamp = t.cfg.now()
	}
	size, err := m.size()
	if err != nil {
		return fmt.Errorf("track: message cannot be encoded, so it could never be sent: %w", err)
	}
	it := item{msg: m, size: size}
	if it.size > t.batchBytes {
		return fmt.Errorf("track: message %s is %d bytes, over the %d-byte batch limit: shrink its properties", m.ID, it.size, t.batchBytes)
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	if t.closed {
		return ErrClosed
	}
	if t.cfg.policy == FullQueueReject {
		select {
		case t.queue <- it:
		default:
			t.stats.rejected.Add(1)
			return ErrQueueFull
		}
	} else {
		select {
		case t.queue <- it:
		case <-t.closing:
			return ErrClosed
		case <-ctx.Done():
			return fmt.Errorf("track: waiting for room in the queue: %w", ctx.Err())
		}
	}
	t.stats.enqueued.Add(1)
	return nil
}

// Flush sends the messages enqueued before it without waiting for the
// flush interval, and waits until each is delivered, spilled or failed. It
// returns an *UndeliveredError if any of them was not delivered.
func (t *Tracker) Flush(ctx context.Context) error {
	reply := make(chan *generation, 1)
	t.mu.RLock()
	if t.closed {
		t.mu.RUnlock()
		return ErrClosed
	}
	select {
	case t.queue <- item{flush: reply}:
	case <-t.closing:
		t.mu.RUnlock()
		return ErrClosed
	case <-ctx.Done():
		t.mu.RUnlock()
		return ctx.Err()
	}
	t.mu.RUnlock()
	var gen *generation
	select {
	case gen = <-reply:
	case <-ctx.Done():
		return ctx.Err()
	}
	if err := waitGroup(ctx, &gen.wg); err != nil {
		return err
	}
	gen.mu.Lock()
	defer gen.mu.Unlock()
	if gen.failed+gen.spilled > 0 {
		return &UndeliveredError{Failed: gen.failed, Spilled: gen.spilled, Cause: gen.cause}
	}
	return nil
}

// Close stops accepting messages, delivers everything queued and waits for
// it. If ctx ends first, deliveries in progress are stopped and the messages
// not delivered are spilled (with WithSpillDir) or failed. Close returns an
// *UndeliveredError counting every message this Tracker accepted but did not
// deliver, and nil when everything arrived. It is safe to call more than once.
func (t *Tracker) Close(ctx context.Context) error {
	t.closeOnce.Do(func() {
		close(t.closing)
		t.mu.Lock()
		t.closed = true
		close(t.queue)
		t.mu.Unlock()
		select {
		case <-t.done:
		case <-ctx.Done():
			t.abort(fmt.Errorf("close deadline passed: %w", ctx.Err()))
			<-t.done
		}
		if t.spill != nil {
			t.spill.close()
		}
		st := t.Stats()
		t.log(slog.LevelInfo, "tracker closed", slog.Int64("enqueued", st.Enqueued), slog.Int64("sent", st.Sent),
			slog.Int64("failed", st.Failed), slog.Int64("spilled", st.Spilled), slog.Int64("replayed", st.Replayed),
			slog.Int64("rejected", st.Rejected), slog.Int64("dropped", st.Dropped))
		if st.Failed+st.Spilled > 0 {
			cause := context.Cause(t.ctx)
			if cause == nil {
				cause = t.lastErr()
			}
			t.closeErr = &UndeliveredError{Failed: int(st.Failed), Spilled: int(st.Spilled), Cause: cause}
		}
		t.abort(nil) // release the context's resources
	})
	return t.closeErr
}

// Stats returns the current counters.
func (t *Tracker) Stats() Stats { return t.stats.snapshot() }

func (t *Tracker) log(level slog.Level, msg string, attrs ...slog.Attr) {
	if t.cfg.logger == nil {
		return
	}
	t.cfg.logger.LogAttrs(context.Background(), level, msg, append([]slog.Attr{slog.String("sink", t.sink.Name())}, attrs...)...)
}

// waitGroup waits for wg or ctx, whichever ends first.
func waitGroup(ctx context.Context, wg *sync.WaitGroup) error {
	ch := make(chan struct{})
	go func() { wg.Wait(); close(ch) }()
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// checkMessage rejects messages no sink could deliver.
func checkMessage(m Message) error {
	switch m.Type {
	case TypeTrack:
		if strings.TrimSpace(m.Event) == "" {
			return errors.New("track: message.Event is empty: a track message needs an event name")
		}
		fallthrough
	case TypeIdentify:
		if m.UserID == "" && m.DeviceID == "" {
			return fmt.Errorf("track: message has neither UserID nor DeviceID: a %s message needs one", m.Type)
		}
	case TypeGroup:
		if m.CompanyID == "" {
			return errors.New("track: message.CompanyID is empty: a group message needs one")
		}
	default:
		return fmt.Errorf("track: message.Type %q is unknown: use TypeTrack, TypeIdentify or TypeGroup", m.Type)
	}
	for k, v := range m.Properties {
		switch v := v.(type) {
		case float64:
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("track: message.Properties[%q] is %v, which JSON cannot carry: send a finite number", k, v)
			}
		case float32:
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				return fmt.Errorf("track: message.Properties[%q] is %v, which JSON cannot carry: send a finite number", k, v)
			}
		case nil, string, bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, time.Time:
		default:
			return fmt.Errorf("track: message.Properties[%q] is a %T: use a string, number, boolean or time.Time", k, v)
		}
	}
	return nil
}
