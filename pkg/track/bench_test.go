package track_test

import (
	"context"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit/pkg/track"
)

// BenchmarkEnqueue measures what a caller pays per event: validation, id,
// size estimate and the queue hand-off, with a sink that accepts at once.
func BenchmarkEnqueue(b *testing.B) {
	sink := &recordingSink{}
	tr, err := track.New(sink, track.WithQueueCapacity(100_000), track.WithFlushInterval(time.Second))
	if err != nil {
		b.Fatal(err)
	}
	msg := track.Message{Type: track.TypeTrack, UserID: "u1", Event: "Page Viewed", Properties: map[string]any{"page": "/pricing", "n": 1}}
	ctx := context.Background()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := tr.Enqueue(ctx, msg); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.StopTimer()
	if err := tr.Close(context.Background()); err != nil {
		b.Fatal(err)
	}
}
