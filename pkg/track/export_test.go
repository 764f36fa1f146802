package track

import (
	"time"

	"github.com/cdpkit/cdpkit/internal/transport"
)

// Hooks for the tests in package track_test.

// WithJitterForTest replaces the random share of the backoff ceiling a
// retry waits, so tests can pin it.
func WithJitterForTest(f func() float64) Option {
	return func(c *config) error { c.jitter = f; return nil }
}

// WithSegmentBytesForTest makes the write-ahead log rotate sooner.
func WithSegmentBytesForTest(n int64) Option {
	return func(c *config) error { c.segmentBytes = n; return nil }
}

// DecodeFramesForTest exposes the write-ahead log's frame reader.
func DecodeFramesForTest(data []byte) (kinds []byte, n int, err error) {
	recs, n, err := decodeFrames(data)
	for _, r := range recs {
		kinds = append(kinds, r.kind)
	}
	return kinds, n, err
}

// NewMessageIDForTest returns an ID as Enqueue would give a message.
func NewMessageIDForTest() string { return transport.RandomID() }

// WithNowForTest replaces the clock that stamps messages at Enqueue.
func WithNowForTest(now func() time.Time) Option {
	return func(c *config) error { c.now = now; return nil }
}

// SyncsForTest counts the fsyncs of the Tracker's write-ahead log.
func SyncsForTest(t *Tracker) int64 {
	if t.wal == nil {
		return 0
	}
	return t.wal.syncs.Load()
}
