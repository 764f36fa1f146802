package track_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/cdpkit/cdpkit/pkg/track"
	"github.com/cdpkit/cdpkit/pkg/usermost"
)

func rateLimited(after time.Duration) error {
	return &usermost.Error{StatusCode: http.StatusTooManyRequests, RetryAfter: after}
}

// A Retry-After within the cap is waited out before the next attempt, and
// not a moment less.
func TestRetryAfterWithinTheCapIsWaitedOut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sink := &countingSink{name: "paced", err: rateLimited(20 * time.Second)}
		tr, err := track.New(sink, track.WithBackoff(time.Millisecond, time.Millisecond), track.WithMaxRetries(1))
		if err != nil {
			t.Fatal(err)
		}
		_ = tr.Enqueue(context.Background(), event("u", 1))
		time.Sleep(track.DefaultFlushInterval)
		synctest.Wait()
		if n := sink.calls.Load(); n != 1 {
			t.Fatalf("sink called %d times after the flush interval, want 1", n)
		}
		time.Sleep(20*time.Second - time.Nanosecond)
		synctest.Wait()
		if n := sink.calls.Load(); n != 1 {
			t.Errorf("sink called %d times before the 20s Retry-After passed, want 1", n)
		}
		time.Sleep(time.Nanosecond)
		synctest.Wait()
		if n := sink.calls.Load(); n != 2 {
			t.Errorf("sink called %d times once the Retry-After passed, want 2", n)
		}
		if u := undelivered(t, tr.Close(within(t, time.Hour))); u.Failed != 1 {
			t.Errorf("Close = %+v, want the message failed after its retries", u)
		}
	})
}

// One 429 with Retry-After: 86400 must not park a delivery slot for a day:
// the batch is spilled at once, and the cap is the caller's to raise.
func TestRetryAfterOverTheCapSpillsAtOnce(t *testing.T) {
	for _, tc := range []struct {
		name      string
		opts      []track.Option
		wantCalls int64
		wantWait  time.Duration
	}{
		{"default cap", nil, 1, 0},
		{"raised cap", []track.Option{track.WithMaxRetryAfter(25 * time.Hour)}, 2, 24 * time.Hour},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				sink := &countingSink{name: "parked", err: rateLimited(24 * time.Hour)}
				opts := append([]track.Option{track.WithSpillDir(t.TempDir()), track.WithMaxRetries(1)}, tc.opts...)
				tr, err := track.New(sink, opts...)
				if err != nil {
					t.Fatal(err)
				}
				_ = tr.Enqueue(context.Background(), event("u", 1))
				start := time.Now()
				err = tr.Flush(within(t, 48*time.Hour))
				if waited := time.Since(start); waited < tc.wantWait || waited > tc.wantWait+time.Minute {
					t.Errorf("Flush took %s, want about %s", waited, tc.wantWait)
				}
				if u := undelivered(t, err); u.Spilled != 1 {
					t.Errorf("Flush = %v, want the message spilled", err)
				}
				if tc.wantCalls == 1 && !strings.Contains(err.Error(), "WithMaxRetryAfter") {
					t.Errorf("Flush = %v, want the cause to name WithMaxRetryAfter", err)
				}
				if n := sink.calls.Load(); n != tc.wantCalls {
					t.Errorf("sink called %d times, want %d", n, tc.wantCalls)
				}
				_ = tr.Close(within(t, 48*time.Hour))
			})
		})
	}
	if _, err := track.New(&countingSink{name: "x"}, track.WithMaxRetryAfter(-time.Second)); err == nil {
		t.Error("WithMaxRetryAfter(-1s) accepted")
	}
}

// Retries back off exponentially up to the cap WithBackoff sets, waiting at
// least as long as the server asked.
func TestBackoffIsCappedAndExponential(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sink := &countingSink{name: "down", err: errors.New("connection refused")}
		tr, err := track.New(sink, track.WithBackoff(time.Second, 4*time.Second), track.WithMaxRetries(6),
			track.WithJitterForTest(func() float64 { return 1 }))
		if err != nil {
			t.Fatal(err)
		}
		_ = tr.Enqueue(context.Background(), event("u", 1))
		start := time.Now()
		_ = tr.Flush(within(t, time.Hour))
		// Flush sends at once; then waits of 1, 2, 4, 4, 4, 4 seconds.
		want := 19 * time.Second
		if got := time.Since(start); got != want {
			t.Errorf("six retries took %s, want %s", got, want)
		}
		if st := tr.Stats(); st.Retries != 6 || sink.calls.Load() != 7 {
			t.Errorf("retries %d, calls %d; want 6 and 7", st.Retries, sink.calls.Load())
		}
		_ = tr.Close(within(t, time.Hour))
	})
}
