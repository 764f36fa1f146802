package track_test

import (
	"context"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit/pkg/track"
)

// BenchmarkEnqueue measures what a caller pays per event in each durability
// mode: validation, copy, id, encoding, the write-ahead log (and its fsync
// for DurableSync, shared by callers enqueueing at the same time) and the
// queue hand-off, with a sink that accepts at once.
func BenchmarkEnqueue(b *testing.B) {
	for _, mode := range []track.Durability{track.MemoryOnly, track.DurableBatch, track.DurableSync} {
		b.Run(mode.String(), func(b *testing.B) {
			opts := []track.Option{track.WithQueueCapacity(100_000), track.WithFlushInterval(time.Second), track.WithDurability(mode)}
			if mode != track.MemoryOnly {
				opts = append(opts, track.WithSpillDir(b.TempDir()))
			}
			tr, err := track.New(&recordingSink{}, opts...)
			if err != nil {
				b.Fatal(err)
			}
			msg := track.Message{Type: track.TypeTrack, UserID: "u1", Event: "Page Viewed", Properties: map[string]any{"page": "/pricing", "n": 1}}
			ctx := context.Background()
			b.ReportAllocs()
			b.SetParallelism(4) // several callers, as in a server handling requests
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := tr.Enqueue(ctx, msg); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "events/s")
			b.StopTimer()
			if err := tr.Close(context.Background()); err != nil {
				b.Fatal(err)
			}
		})
	}
}
