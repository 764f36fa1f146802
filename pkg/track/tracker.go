package track

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"math"
	"math/rand/v2"
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

	ctx      context.Context // canceled when Close's deadline passes
	abort    context.CancelCauseFunc
	sem      chan struct{}
	loopDone chan struct{} // closed when the loop has dispatched its last batch
	spill    *spillStore
	wal      *wal
	replay   []spilledBatch
	invalid  []refused // replayed messages the sink refuses, failed at start
	stats    counters

	flightsMu  sync.Mutex
	flights    map[*flight]struct{} // dispatched and not yet resolved
	unresolved sync.WaitGroup

	closeOnce sync.Once
	closeDone chan struct{}
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
	seg   *segment // the write-ahead log segment holding msg, if any
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

// New starts a Tracker for sink. With WithSpillDir, batches left by an
// earlier run for the same sink are replayed first, including those a
// crashed run still had in its write-ahead log.
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
		maxRetryAfter: DefaultMaxRetryAfter,
		sendTimeout:   DefaultSendTimeout,
		syncInterval:  DefaultSyncInterval,
		segmentBytes:  defaultSegmentBytes,
		now:           time.Now,
		jitter:        rand.Float64,
	}
	var errs []error
	for _, o := range opts {
		if o == nil {
			errs = append(errs, errors.New("track.New: an option is nil"))
			continue
		}
		if err := o(&cfg); err != nil {
			errs = append(errs, err)
		}
	}
	if !cfg.durabilitySet {
		cfg.durability = MemoryOnly
		if cfg.spillDir != "" {
			cfg.durability = DurableBatch
		}
	}
	if cfg.durability != MemoryOnly && cfg.spillDir == "" {
		errs = append(errs, fmt.Errorf("track.WithDurability: %s keeps its write-ahead log in the spill directory: add WithSpillDir", cfg.durability))
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
		loopDone:   make(chan struct{}),
		closeDone:  make(chan struct{}),
		flights:    map[*flight]struct{}{},
	}
	if l := sink.Limits(); l.MaxMessages > 0 && l.MaxMessages < t.batchSize {
		t.batchSize = l.MaxMessages
	}
	if l := sink.Limits(); l.MaxBytes > 0 && l.MaxBytes < t.batchBytes {
		t.batchBytes = l.MaxBytes
	}
	if v, ok := sink.(Validator); ok {
		t.validate = v.Validate
	}
	if cfg.spillDir != "" {
		if err := t.openDisk(); err != nil {
			return nil, err
		}
	}
	t.ctx, t.abort = context.WithCancelCause(context.Background())
	go t.loop()
	return t, nil
}

// openDisk locks the spill directory, turns a crashed run's write-ahead log
// into spill files, loads them for replay and starts this run's log.
func (t *Tracker) openDisk() error {
	store, err := openSpill(t.cfg.spillDir, t.sink.Name())
	if err != nil {
		return err
	}
	n, notes, err := recoverWAL(store, t.batchSize, t.batchBytes)
	if err != nil {
		store.close()
		return err
	}
	for _, note := range notes {
		t.log(slog.LevelError, "write-ahead log damaged; its intact records were recovered and the file kept as *.corrupt", slog.String("detail", note))
	}
	if n > 0 {
		t.log(slog.LevelWarn, "recovered messages a previous run accepted but had not delivered", slog.Int("messages", n))
	}
	replay, corrupt, err := store.load()
	if err != nil {
		store.close()
		return err
	}
	for _, c := range corrupt {
		t.log(slog.LevelError, "spilled batch unreadable, moved aside", slog.String("file", c))
	}
	t.spill = store
	if err := t.screenReplay(replay); err != nil {
		store.close()
		return err
	}
	if t.cfg.durability != MemoryOnly {
		every := t.cfg.syncInterval
		if t.cfg.durability == DurableSync {
			every = 0 // Enqueue syncs itself
		}
		w, err := openWAL(store.dir, t.cfg.segmentBytes, every, func(msg string, err error) {
			t.log(slog.LevelError, msg, slog.String("error", err.Error()))
		})
		if err != nil {
			store.close()
			return err
		}
		t.wal = w
	}
	return nil
}

// screenReplay keeps the spilled messages this sink can deliver and sets
// aside, as failed, those it refuses: sending them would fail their whole
// batch, or be counted as sent when the sink skips them.
func (t *Tracker) screenReplay(replay []spilledBatch) error {
	for _, r := range replay {
		var good, bad []Message
		var cause error
		for _, m := range r.batch.Messages {
			if err := t.check(m); err != nil {
				bad = append(bad, m)
				cause = err
				continue
			}
			good = append(good, m)
		}
		if len(bad) == 0 {
			t.replay = append(t.replay, r)
			continue
		}
		t.invalid = append(t.invalid, refused{batch: Batch{ID: r.batch.ID, Messages: bad}, err: cause})
		if len(good) == 0 {
			t.spill.remove(r.path)
			continue
		}
		r.batch.Messages = good
		if err := t.spill.write(r.path, r.batch); err != nil {
			return err
		}
		t.replay = append(t.replay, r)
	}
	return nil
}

// refused holds spilled messages the sink will not take, and why.
type refused struct {
	batch Batch
	err   error
}

// check applies the Tracker's and the sink's rules to m.
func (t *Tracker) check(m Message) error {
	if err := checkMessage(m); err != nil {
		return err
	}
	if t.validate != nil {
		if err := t.validate(m); err != nil {
			return fmt.Errorf("track: %s sink: %w", t.sink.Name(), err)
		}
	}
	return nil
}

// Enqueue accepts m for delivery. It fills in ID and Timestamp when empty,
// and keeps its own copy of Properties, so the caller may reuse the map.
// With DurableSync or DurableBatch the message is in the write-ahead log
// before Enqueue returns. It returns an error, and does not accept the
// message, when m is invalid, when the queue is full under FullQueueReject
// (ErrQueueFull), when ctx ends while waiting for room under FullQueueBlock,
// after Close (ErrClosed), or when the log cannot be written.
func (t *Tracker) Enqueue(ctx context.Context, m Message) error {
	if ctx == nil {
		return errNilContext("Enqueue")
	}
	if err := t.check(m); err != nil {
		return err
	}
	m.Properties = maps.Clone(m.Properties) // values are scalars (checkMessage), so one level is a full copy
	if m.ID == "" {
		m.ID = transport.RandomID()
	}
	if m.Timestamp.IsZero() {
		m.Timestamp = t.cfg.now()
	}
	data, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("track: message cannot be encoded, so it could never be sent: %w", err)
	}
	it := item{msg: m, size: len(data)}
	if it.size > t.batchBytes {
		return fmt.Errorf("track: message %s is %d bytes, over the %d-byte batch limit: shrink its properties", m.ID, it.size, t.batchBytes)
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	if t.closed {
		return ErrClosed
	}
	if t.wal != nil {
		if t.cfg.policy == FullQueueReject && len(t.queue) == cap(t.queue) {
			t.stats.rejected.Add(1)
			return ErrQueueFull
		}
		end, seg, err := t.wal.logMessage(data)
		if err != nil {
			return err
		}
		it.seg = seg
		if t.cfg.durability == DurableSync {
			if err := t.wal.sync(end); err != nil {
				t.wal.withdraw(m.ID, seg)
				return err
			}
		}
	}
	if err := t.put(ctx, it); err != nil {
		if it.seg != nil {
			t.wal.withdraw(m.ID, it.seg)
		}
		return err
	}
	t.stats.enqueued.Add(1)
	return nil
}

// put hands it to the loop under the queue policy. The caller holds t.mu
// shared, so the queue stays open meanwhile.
func (t *Tracker) put(ctx context.Context, it item) error {
	if t.cfg.policy == FullQueueReject && it.flush == nil {
		select {
		case t.queue <- it:
			return nil
		default:
			t.stats.rejected.Add(1)
			return ErrQueueFull
		}
	}
	select {
	case t.queue <- it:
		return nil
	case <-t.closing:
		return ErrClosed
	case <-ctx.Done():
		return fmt.Errorf("track: waiting for room in the queue: %w", ctx.Err())
	}
}

// Flush sends the messages enqueued before it without waiting for the
// flush interval, and waits until each is delivered, spilled or failed. It
// returns an *UndeliveredError if any of them was not delivered, and ctx's
// error if ctx ends first. Each delivery attempt is bounded by
// WithSendTimeout, so Flush returns even with context.Background().
func (t *Tracker) Flush(ctx context.Context) error {
	if ctx == nil {
		return errNilContext("Flush")
	}
	reply := make(chan *generation, 1)
	if err := t.request(ctx, item{flush: reply}); err != nil {
		return err
	}
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

func (t *Tracker) request(ctx context.Context, it item) error {
	t.mu.RLock()
	defer t.mu.RUnlock()
	if t.closed {
		return ErrClosed
	}
	return t.put(ctx, it)
}

// Close stops accepting messages, delivers everything queued and waits for
// it. If ctx ends first, Close stops waiting: the messages not delivered by
// then are spilled (with WithSpillDir) or failed, even those whose sink
// ignores cancellation (its late answer is then discarded). Close returns
// an *UndeliveredError counting every message this Tracker accepted but did
// not deliver, and nil when everything arrived. It is safe to call more than
// once and from several goroutines: the others wait for the first, each
// only as long as its own ctx allows.
func (t *Tracker) Close(ctx context.Context) error {
	if ctx == nil {
		return errNilContext("Close")
	}
	first := false
	t.closeOnce.Do(func() { first = true })
	if !first {
		select {
		case <-t.closeDone:
			return t.closeErr
		case <-ctx.Done():
			return fmt.Errorf("track: Close: waiting for the Close already under way: %w", ctx.Err())
		}
	}
	defer close(t.closeDone)
	close(t.closing)
	t.mu.Lock()
	t.closed = true
	close(t.queue)
	t.mu.Unlock()

	err := func() error {
		select {
		case <-t.loopDone:
		case <-ctx.Done():
			return ctx.Err()
		}
		return waitGroup(ctx, &t.unresolved)
	}()
	if err != nil {
		t.abort(fmt.Errorf("close deadline passed: %w", err))
		<-t.loopDone // the loop never waits on a sink: it ends at once
		t.abandonFlights()
	}
	if t.wal != nil {
		if err := t.wal.close(); err != nil {
			t.log(slog.LevelError, "write-ahead log close failed", slog.String("error", err.Error()))
		}
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
