//go:build !mutation

// Left out of the mutation run (--tags mutation) for its length: 100,000
// events under chaos take seconds, and the quicker tests cover the same code.

package track_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit/pkg/track"
	"github.com/cdpkit/cdpkit/pkg/usermost/usermosttest"
)

// TestEveryEventArrivesOnceUnderChaos is the Tracker's central promise:
// 100,000 events from 8 goroutines, while the API fails a fifth of the
// requests with 500/429 and drops the answer of one in twenty after storing
// the events, all arrive exactly once.
func TestEveryEventArrivesOnceUnderChaos(t *testing.T) {
	t.Parallel()
	const producers, perProducer = 8, 12_500
	srv := usermosttest.NewServer(t, usermosttest.WithChaos(usermosttest.Chaos{ErrorRate: 0.20, ResetRate: 0.05, Seed: 7}))
	var succeeded atomic.Int64
	tr, err := track.New(track.UsermostSink(usermostClient(t, srv, srv.URL)),
		track.WithConcurrency(8),
		track.WithMaxRetries(20),
		track.WithBackoff(time.Millisecond, 20*time.Millisecond),
		track.WithFlushInterval(50*time.Millisecond),
		track.WithOnSuccess(func(b track.Batch) { succeeded.Add(int64(len(b.Messages))) }),
		track.WithOnFailure(func(b track.Batch, err error) { t.Errorf("batch of %d failed: %v", len(b.Messages), err) }),
	)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	var wg sync.WaitGroup
	for p := range producers {
		wg.Go(func() {
			for i := range perProducer {
				if err := tr.Enqueue(context.Background(), event(fmt.Sprintf("user-%d", p), p*perProducer+i)); err != nil {
					t.Errorf("Enqueue: %v", err)
					return
				}
			}
		})
	}
	wg.Wait()
	closeOK(t, tr)
	elapsed := time.Since(start)

	const total = producers * perProducer
	seen := make([]int, total)
	for _, e := range srv.Events() {
		seen[int(e.EventData["n"].(float64))]++
	}
	for n, c := range seen {
		if c != 1 {
			t.Fatalf("event %d stored %d times, want exactly once", n, c)
		}
	}
	st := tr.Stats()
	if st.Sent != total || st.Failed != 0 || st.Dropped != 0 || st.Queued != 0 || succeeded.Load() != total {
		t.Errorf("stats = %+v, OnSuccess saw %d; want all %d sent", st, succeeded.Load(), total)
	}
	chaos := srv.ChaosStats()
	if chaos.Errors == 0 || chaos.Resets == 0 || srv.Stats().DuplicateRequests == 0 {
		t.Errorf("chaos %+v, duplicates %d: the test did not exercise failures", chaos, srv.Stats().DuplicateRequests)
	}
	t.Logf("%d events in %s (%.0f/s): %d batches, %d requests, %d injected errors, %d resets, %d duplicate requests absorbed",
		total, elapsed.Round(time.Millisecond), float64(total)/elapsed.Seconds(), st.Batches, srv.Stats().Requests, chaos.Errors, chaos.Resets, srv.Stats().DuplicateRequests)
}
