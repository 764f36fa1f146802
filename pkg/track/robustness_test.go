package track_test

import (
	"context"
	"errors"
	"math"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit"

	"github.com/cdpkit/cdpkit/pkg/track"
	"github.com/cdpkit/cdpkit/pkg/usermost"
)

// countingSink fails every call with err and counts the calls.
type countingSink struct {
	name  string
	err   error
	calls atomic.Int64
}

func (s *countingSink) Name() string         { return s.name }
func (s *countingSink) Limits() track.Limits { return track.Limits{} }
func (s *countingSink) Send(context.Context, track.Batch) error {
	s.calls.Add(1)
	return s.err
}

func TestSpillDirsAreSeparatePerSinkAndLocked(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	down := errors.New("connection refused")
	a, err := track.New(&countingSink{name: "a", err: down}, track.WithSpillDir(dir), track.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	// A second Tracker for the same sink and directory is refused while the
	// first runs: both would replay the same batches.
	if _, err := track.New(&countingSink{name: "a"}, track.WithSpillDir(dir)); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Errorf("second Tracker on the same spill dir: %v, want an 'in use' error", err)
	}
	ab, err := track.New(&countingSink{name: "a-b", err: down}, track.WithSpillDir(dir), track.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	_ = ab.Enqueue(context.Background(), event("u", 1))
	_ = ab.Close(context.Background())
	_ = a.Close(context.Background())

	// Sink "a" restarts: it must not pick up "a-b"'s batch.
	replayA := &recordingSink{}
	ra, err := track.New(namedSink{"a", replayA}, track.WithSpillDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	closeOK(t, ra)
	if n := len(replayA.messages()); n != 0 {
		t.Errorf("sink a replayed %d messages of sink a-b", n)
	}
}

type namedSink struct {
	name string
	*recordingSink
}

func (n namedSink) Name() string { return n.name }

func TestUnencodableMessagesAreRefusedAtEnqueue(t *testing.T) {
	t.Parallel()
	sink := &recordingSink{}
	tr, err := track.New(sink)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []any{math.NaN(), math.Inf(1), float32(math.Inf(-1))} {
		if err := tr.Enqueue(context.Background(), track.Message{Type: track.TypeTrack, UserID: "u", Event: "e", Properties: map[string]any{"x": v}}); err == nil {
			t.Errorf("Enqueue accepted %v", v)
		}
	}
	if err := tr.Enqueue(context.Background(), track.Message{Type: track.TypeTrack, UserID: "u", Event: "   "}); err == nil {
		t.Error("Enqueue accepted a blank event name")
	}
	for i := range 5 {
		_ = tr.Enqueue(context.Background(), event("u", i))
	}
	closeOK(t, tr)
	if n := len(sink.messages()); n != 5 {
		t.Errorf("delivered %d, want the 5 good messages", n)
	}
}

func TestFlushReportsSpilledMessages(t *testing.T) {
	t.Parallel()
	tr, err := track.New(&countingSink{name: "down", err: errors.New("connection refused")}, track.WithSpillDir(t.TempDir()), track.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tr.Close(context.Background()) }()
	_ = tr.Enqueue(context.Background(), event("u", 1))
	if u := undelivered(t, tr.Flush(context.Background())); u.Spilled != 1 || u.Cause == nil {
		t.Errorf("Flush = %+v, want 1 spilled with its cause", u)
	}
}

func TestCloseNamesTheCauseOfOrdinaryFailures(t *testing.T) {
	t.Parallel()
	tr, err := track.New(&countingSink{name: "bad", err: &usermost.Error{StatusCode: http.StatusBadRequest, Message: "eventData too large"}})
	if err != nil {
		t.Fatal(err)
	}
	_ = tr.Enqueue(context.Background(), event("u", 1))
	err = tr.Close(context.Background())
	if !cdpkit.IsBadRequest(err) || !strings.Contains(err.Error(), "eventData too large") {
		t.Errorf("Close = %v, want the 400 as the cause", err)
	}
}

func TestCallbacksMayEnqueue(t *testing.T) {
	t.Parallel()
	sink := &recordingSink{}
	var tr *track.Tracker
	var follow atomic.Int64
	tr, err := track.New(sink, track.WithBatchSize(1), track.WithConcurrency(1), track.WithQueueCapacity(1),
		track.WithOnSuccess(func(b track.Batch) {
			if follow.Add(1) <= 20 {
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				defer cancel()
				if err := tr.Enqueue(ctx, event("follow-up", 0)); err != nil {
					t.Errorf("Enqueue from OnSuccess: %v", err)
				}
			}
		}))
	if err != nil {
		t.Fatal(err)
	}
	_ = tr.Enqueue(context.Background(), event("u", 1))
	deadline := time.Now().Add(10 * time.Second)
	for follow.Load() < 21 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	closeOK(t, tr)
	if n := len(sink.messages()); n != 21 {
		t.Errorf("delivered %d, want 1 + 20 follow-ups", n)
	}
}
