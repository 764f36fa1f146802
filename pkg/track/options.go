package track

import (
	"fmt"
	"log/slog"
	"time"
)

// FullQueuePolicy says what Enqueue does when the queue is full.
type FullQueuePolicy int

const (
	// FullQueueBlock makes Enqueue wait for room, until its context ends.
	FullQueueBlock FullQueuePolicy = iota
	// FullQueueReject makes Enqueue return ErrQueueFull at once.
	FullQueueReject
)

// Defaults, chosen to match what the API limits and the peers' experience
// suggest: batches as large as the sink allows, a short interval so events
// show up quickly, a queue that absorbs bursts, and a retry budget that rides
// out a minute-long outage before spilling or failing.
const (
	DefaultBatchSize     = 100
	DefaultBatchBytes    = 512 << 10
	DefaultFlushInterval = 5 * time.Second
	DefaultQueueCapacity = 10_000
	DefaultMaxRetries    = 6
	DefaultBackoffBase   = 200 * time.Millisecond
	DefaultBackoffMax    = 30 * time.Second
	DefaultConcurrency   = 4
	// DefaultMaxRetryAfter is the longest Retry-After the Tracker waits out
	// between batch retries; a server asking for longer gets the batch
	// spilled (or failed) at once instead of a delivery slot parked on it.
	DefaultMaxRetryAfter = 60 * time.Second
	// DefaultSendTimeout bounds one delivery attempt (one Sink.Send), so a
	// server that accepts and never answers cannot hold a batch, and every
	// Flush waiting for it, forever.
	DefaultSendTimeout = 2 * time.Minute
	// DefaultSyncInterval is how often DurableBatch makes the write-ahead
	// log durable on disk.
	DefaultSyncInterval = 200 * time.Millisecond
)

type config struct {
	batchSize     int
	batchBytes    int
	flushInterval time.Duration
	queueCapacity int
	maxRetries    int
	backoffBase   time.Duration
	backoffMax    time.Duration
	concurrency   int
	maxRetryAfter time.Duration
	sendTimeout   time.Duration
	durability    Durability
	durabilitySet bool
	syncInterval  time.Duration
	segmentBytes  int64
	policy        FullQueuePolicy
	onSuccess     func(Batch)
	onFailure     func(Batch, error)
	spillDir      string
	logger        *slog.Logger
	now           func() time.Time
	jitter        func() float64 // in [0, 1): the share of the backoff ceiling to wait
}

// Option configures a Tracker. Invalid values make New return an error.
type Option func(*config) error

// WithBatchSize caps the messages per batch (default 100, or the sink's
// limit if lower).
func WithBatchSize(n int) Option {
	return func(c *config) error {
		if n <= 0 {
			return fmt.Errorf("track.WithBatchSize: %d: must be positive", n)
		}
		c.batchSize = n
		return nil
	}
}

// WithBatchBytes caps the encoded size of a batch (default 512 KiB, or the
// sink's limit if lower).
func WithBatchBytes(n int) Option {
	return func(c *config) error {
		if n <= 0 {
			return fmt.Errorf("track.WithBatchBytes: %d: must be positive", n)
		}
		c.batchBytes = n
		return nil
	}
}

// WithFlushInterval sends a partial batch once its oldest message has waited
// this long (default 5s).
func WithFlushInterval(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("track.WithFlushInterval: %s: must be positive", d)
		}
		c.flushInterval = d
		return nil
	}
}

// WithQueueCapacity bounds the messages waiting to be batched (default 10,000).
func WithQueueCapacity(n int) Option {
	return func(c *config) error {
		if n <= 0 {
			return fmt.Errorf("track.WithQueueCapacity: %d: must be positive", n)
		}
		c.queueCapacity = n
		return nil
	}
}

// WithMaxRetries sets how many times a failed batch is retried before it is
// spilled or failed (default 6).
func WithMaxRetries(n int) Option {
	return func(c *config) error {
		if n < 0 {
			return fmt.Errorf("track.WithMaxRetries: %d: must be zero or more", n)
		}
		c.maxRetries = n
		return nil
	}
}

// WithBackoff shapes the wait between batch retries: retry n waits a random
// time up to min(max, base·2ⁿ) (defaults 200ms and 30s).
func WithBackoff(base, max time.Duration) Option {
	return func(c *config) error {
		if base <= 0 || max < base {
			return fmt.Errorf("track.WithBackoff: base %s, max %s: base must be positive and max at least base", base, max)
		}
		c.backoffBase, c.backoffMax = base, max
		return nil
	}
}

// WithConcurrency bounds the batches in flight at once (default 4).
func WithConcurrency(n int) Option {
	return func(c *config) error {
		if n <= 0 {
			return fmt.Errorf("track.WithConcurrency: %d: must be positive", n)
		}
		c.concurrency = n
		return nil
	}
}

// WithFullQueuePolicy chooses between blocking and ErrQueueFull when the
// queue is full (default FullQueueBlock).
func WithFullQueuePolicy(p FullQueuePolicy) Option {
	return func(c *config) error {
		if p != FullQueueBlock && p != FullQueueReject {
			return fmt.Errorf("track.WithFullQueuePolicy: unknown policy %d", p)
		}
		c.policy = p
		return nil
	}
}

// WithOnSuccess is called after each delivered batch. It runs on a delivery
// goroutine: keep it quick, and do not call Flush or Close from it (they
// wait for the very batch being reported). Enqueue is fine.
func WithOnSuccess(f func(Batch)) Option {
	return func(c *config) error { c.onSuccess = f; return nil }
}

// WithOnFailure is called for each batch that could not be delivered (and
// was not spilled), with the last error. It runs on a delivery goroutine,
// under the same rules as WithOnSuccess.
func WithOnFailure(f func(Batch, error)) Option {
	return func(c *config) error { c.onFailure = f; return nil }
}

// WithMaxRetryAfter caps the Retry-After the Tracker honours between batch
// retries (default 60s). A server asking for a longer pause ends the
// batch's retries at once: it is spilled (with WithSpillDir) or failed,
// instead of holding a delivery slot, and with it the queue, for that long.
func WithMaxRetryAfter(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return fmt.Errorf("track.WithMaxRetryAfter: %s: must be zero or more", d)
		}
		c.maxRetryAfter = d
		return nil
	}
}

// WithSendTimeout bounds each delivery attempt (default 2m), whatever
// context the caller of Flush or Close passed: an attempt that takes longer
// is cancelled and counts as a retryable failure.
func WithSendTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("track.WithSendTimeout: %s: must be positive", d)
		}
		c.sendTimeout = d
		return nil
	}
}

// WithDurability chooses how much of what Enqueue accepted survives a crash;
// see Durability. DurableSync and DurableBatch need WithSpillDir, where the
// write-ahead log lives. The default is DurableBatch with a spill directory
// and MemoryOnly without one.
func WithDurability(d Durability) Option {
	return func(c *config) error {
		switch d {
		case MemoryOnly, DurableBatch, DurableSync:
		default:
			return fmt.Errorf("track.WithDurability: unknown mode %d: use MemoryOnly, DurableBatch or DurableSync", d)
		}
		c.durability, c.durabilitySet = d, true
		return nil
	}
}

// WithSyncInterval sets how often DurableBatch flushes the write-ahead log
// to disk (default 200ms): the most a power failure can take with it.
func WithSyncInterval(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("track.WithSyncInterval: %s: must be positive", d)
		}
		c.syncInterval = d
		return nil
	}
}

// WithSpillDir keeps batches that ran out of retries in files under dir and
// replays them when a Tracker for the same sink starts with the same dir.
// It also holds the write-ahead log of the durability modes.
func WithSpillDir(dir string) Option {
	return func(c *config) error {
		if dir == "" {
			return fmt.Errorf("track.WithSpillDir: empty directory name")
		}
		c.spillDir = dir
		return nil
	}
}

// WithLogger logs batch outcomes, retries, spills and the close summary.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error { c.logger = l; return nil }
}
