package track_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit"

	"github.com/cdpkit/cdpkit/pkg/track"
	"github.com/cdpkit/cdpkit/pkg/usermost"
	"github.com/cdpkit/cdpkit/pkg/usermost/usermosttest"
)

func TestCloseWithDeadlineCountsUndelivered(t *testing.T) {
	t.Parallel()
	sink := &recordingSink{gate: make(chan struct{})} // never opens: the endpoint hangs
	var failed atomic.Int64
	tr, err := track.New(sink, track.WithBatchSize(10), track.WithConcurrency(2),
		track.WithOnFailure(func(b track.Batch, err error) {
			failed.Add(int64(len(b.Messages)))
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("failure cause = %v, want the Close deadline", err)
			}
		}))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 55 {
		if err := tr.Enqueue(context.Background(), event("u", i)); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = tr.Close(ctx)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Close took %s with a 100ms deadline", d)
	}
	u := undelivered(t, err)
	if u.Count() != 55 || u.Failed != 55 || failed.Load() != 55 || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("undelivered = %+v (OnFailure saw %d), want 55 failed by the deadline", u, failed.Load())
	}
	if !strings.Contains(err.Error(), "55 messages not delivered") {
		t.Errorf("error text %q should give the count", err)
	}
	if st := tr.Stats(); st.Queued != 0 || st.Dropped != 0 {
		t.Errorf("stats after Close = %+v: every message must be resolved", st)
	}
	if err := tr.Enqueue(context.Background(), event("u", 1)); !errors.Is(err, track.ErrClosed) {
		t.Errorf("Enqueue after Close = %v, want ErrClosed", err)
	}
	if err2 := tr.Close(context.Background()); err2 != err {
		t.Errorf("second Close = %v, want the same result %v", err2, err)
	}
}

func TestSpillReplaysAfterRestart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	srv := usermosttest.NewServer(t)

	// First run: the endpoint is unreachable, so batches end up on disk.
	down := usermostClient(t, srv, "http://127.0.0.1:1")
	tr, err := track.New(track.UsermostSink(down), track.WithSpillDir(dir), track.WithMaxRetries(1),
		track.WithBackoff(time.Millisecond, time.Millisecond), track.WithBatchSize(25))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 60 {
		if err := tr.Enqueue(context.Background(), event("u", i)); err != nil {
			t.Fatal(err)
		}
	}
	u := undelivered(t, tr.Close(context.Background()))
	if u.Spilled != 60 || u.Failed != 0 {
		t.Fatalf("first run: %+v, want 60 spilled", u)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "usermost-"+srv.LicenseCode, "*.json"))
	if len(files) != 3 {
		t.Fatalf("spill files = %d, want 3 batches", len(files))
	}

	// Second run, as after a restart: the endpoint is back.
	tr2, err := track.New(track.UsermostSink(usermostClient(t, srv, srv.URL)), track.WithSpillDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	closeOK(t, tr2)
	if st := tr2.Stats(); st.Replayed != 60 || st.Sent != 60 || st.Queued != 0 {
		t.Errorf("second run stats = %+v, want 60 replayed and sent", st)
	}
	if got := len(srv.Events()); got != 60 {
		t.Errorf("fake stored %d events, want 60", got)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*", "*.json")); len(left) != 0 {
		t.Errorf("%d files left in the spill dir after replay", len(left))
	}
}

func TestFullQueuePolicies(t *testing.T) {
	t.Parallel()
	t.Run("reject", func(t *testing.T) {
		t.Parallel()
		sink := &recordingSink{gate: make(chan struct{})}
		tr, err := track.New(sink, track.WithBatchSize(1), track.WithConcurrency(1), track.WithQueueCapacity(4),
			track.WithFullQueuePolicy(track.FullQueueReject))
		if err != nil {
			t.Fatal(err)
		}
		accepted, rejected := 0, 0
		// Rejecting never waits: the deadline only bounds a broken policy.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		for i := range 50 {
			switch err := tr.Enqueue(ctx, event("u", i)); {
			case err == nil:
				accepted++
			case errors.Is(err, track.ErrQueueFull):
				rejected++
			default:
				t.Fatal(err)
			}
		}
		// Capacity 4, plus at most one batch being sent and one waiting for
		// a delivery slot.
		if accepted < 4 || accepted > 6 || rejected != 50-accepted {
			t.Errorf("accepted %d, rejected %d", accepted, rejected)
		}
		close(sink.gate)
		closeOK(t, tr)
		if st := tr.Stats(); st.Rejected != int64(rejected) || st.Sent != int64(accepted) || len(sink.messages()) != accepted {
			t.Errorf("stats = %+v, sink got %d: every accepted message must arrive", st, len(sink.messages()))
		}
	})
	t.Run("block", func(t *testing.T) {
		t.Parallel()
		sink := &recordingSink{gate: make(chan struct{})}
		tr, err := track.New(sink, track.WithBatchSize(1), track.WithConcurrency(1), track.WithQueueCapacity(4))
		if err != nil {
			t.Fatal(err)
		}
		accepted := 0
		for i := range 20 {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
			err := tr.Enqueue(ctx, event("u", i))
			cancel()
			if err != nil {
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Fatalf("Enqueue on a full queue = %v, want the caller's deadline", err)
				}
				break
			}
			accepted++
		}
		if accepted < 4 || accepted > 6 {
			t.Errorf("accepted %d before blocking, want the capacity (4) plus what is in flight", accepted)
		}
		close(sink.gate)
		closeOK(t, tr)
		if got := len(sink.messages()); got != accepted {
			t.Errorf("sink got %d, want the %d accepted", got, accepted)
		}
	})
}

func TestFlushSendsWithoutWaitingForTheInterval(t *testing.T) {
	t.Parallel()
	sink := &recordingSink{}
	tr, err := track.New(sink, track.WithFlushInterval(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	defer closeOK(t, tr)
	for i := range 3 {
		if err := tr.Enqueue(context.Background(), event("u", i)); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := tr.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if got := len(sink.messages()); got != 3 {
		t.Errorf("after Flush the sink has %d messages, want 3", got)
	}
}

func TestFlushReportsFailures(t *testing.T) {
	t.Parallel()
	sink := &recordingSink{failWith: &usermost.Error{StatusCode: http.StatusBadRequest, Message: "bad"}}
	var attempts atomic.Int64
	tr, err := track.New(sink, track.WithMaxRetries(5), track.WithOnFailure(func(b track.Batch, err error) { attempts.Add(1) }),
		track.WithOnSuccess(func(b track.Batch) {
			t.Errorf("OnSuccess called with %d messages for a batch that failed", len(b.Messages))
		}))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tr.Close(context.Background()) }()
	_ = tr.Enqueue(context.Background(), event("u", 1))
	err = tr.Flush(context.Background())
	if u := undelivered(t, err); u.Failed != 1 || !cdpkit.IsBadRequest(err) {
		t.Errorf("Flush = %v, want 1 failed message with the 400 as cause", err)
	}
	if st := tr.Stats(); st.Retries != 0 || attempts.Load() != 1 {
		t.Errorf("a 400 was retried: %+v", st)
	}
}

func TestBatchesRespectCountAndBytes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		opts  []track.Option
		limit track.Limits
		n     int
		want  []int
	}{
		{"count", []track.Option{track.WithBatchSize(4)}, track.Limits{}, 10, []int{4, 4, 2}},
		{"sink limit wins", []track.Option{track.WithBatchSize(100)}, track.Limits{MaxMessages: 3}, 7, []int{3, 3, 1}},
		{"bytes", []track.Option{track.WithBatchBytes(600)}, track.Limits{}, 6, []int{3, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sink := &recordingSink{limits: tt.limit}
			tr, err := track.New(sink, append(tt.opts, track.WithConcurrency(1), track.WithFlushInterval(time.Hour))...)
			if err != nil {
				t.Fatal(err)
			}
			for i := range tt.n {
				if err := tr.Enqueue(context.Background(), event("u", i)); err != nil {
					t.Fatal(err)
				}
			}
			closeOK(t, tr)
			if got := fmt.Sprint(sink.batchSizes()); got != fmt.Sprint(tt.want) {
				t.Errorf("batch sizes = %s, want %v", got, tt.want)
			}
		})
	}
}

func TestEnqueueRejectsBadMessages(t *testing.T) {
	t.Parallel()
	srv := usermosttest.NewServer(t)
	tr, err := track.New(track.UsermostSink(usermostClient(t, srv, srv.URL)))
	if err != nil {
		t.Fatal(err)
	}
	defer closeOK(t, tr)
	tests := []struct {
		msg  track.Message
		want string
	}{
		{track.Message{Type: track.TypeTrack, UserID: "u"}, "Event is empty"},
		{track.Message{Type: track.TypeTrack, Event: "x"}, "neither UserID nor DeviceID"},
		{track.Message{Type: "page", UserID: "u"}, `"page" is unknown`},
		{track.Message{Type: track.TypeGroup, CompanyID: "c"}, "no companies"},
		{track.Message{Type: track.TypeTrack, UserID: "u", Event: strings.Repeat("e", 50)}, "at most 49"},
		{track.Message{Type: track.TypeTrack, UserID: strings.Repeat("u", 101), Event: "e"}, "userId: is 101 characters"},
		{track.Message{Type: track.TypeIdentify, DeviceID: strings.Repeat("d", 101)}, "deviceId: is 101 characters"},
		{track.Message{Type: track.TypeIdentify, UserID: "u", Properties: map[string]any{"tags": []string{"a"}}}, `Properties["tags"] is a []string`},
		{track.Message{Type: track.TypeTrack, UserID: "u", Event: "big", Properties: map[string]any{"blob": strings.Repeat("x", 600<<10)}}, "batch limit"},
	}
	for _, tt := range tests {
		if err := tr.Enqueue(context.Background(), tt.msg); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Enqueue(%+v) = %v, want an error containing %q", tt.msg.Type, err, tt.want)
		}
	}
	if st := tr.Stats(); st.Enqueued != 0 {
		t.Errorf("invalid messages were accepted: %+v", st)
	}
}

func TestNewValidatesOptions(t *testing.T) {
	t.Parallel()
	_, err := track.New(&recordingSink{}, track.WithBatchSize(0), track.WithBackoff(time.Second, time.Millisecond), track.WithQueueCapacity(-1))
	for _, want := range []string{"WithBatchSize", "WithBackoff", "WithQueueCapacity"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("New error = %v, want it to mention %s", err, want)
		}
	}
	if _, err := track.New(nil); err == nil {
		t.Error("New(nil) succeeded")
	}
}

func TestIdentifyMessagesUpsertProfiles(t *testing.T) {
	t.Parallel()
	srv := usermosttest.NewServer(t)
	tr, err := track.New(track.UsermostSink(usermostClient(t, srv, srv.URL)))
	if err != nil {
		t.Fatal(err)
	}
	joined := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	_ = tr.Enqueue(context.Background(), track.Message{Type: track.TypeIdentify, UserID: "ada", Properties: map[string]any{"firstName": "Ada", "plan": "pro", "joined": joined}})
	_ = tr.Enqueue(context.Background(), track.Message{Type: track.TypeTrack, UserID: "ada", Event: "Signed Up", Timestamp: joined})
	closeOK(t, tr)
	u, ok := srv.User("ada")
	if !ok || u.FirstName != "Ada" || u.Attributes["plan"] != "pro" || u.Attributes["joined"] != "2026-01-02T03:04:05+0000" {
		t.Errorf("profile = %+v", u)
	}
	if ev := srv.EventsFor("ada"); len(ev) != 1 || ev[0].EventTime != "2026-01-02T03:04:05+0000" {
		t.Errorf("events = %+v", ev)
	}
}

func TestMultiFansOut(t *testing.T) {
	t.Parallel()
	a, b := &recordingSink{}, &recordingSink{}
	ta, _ := track.New(a)
	tb, _ := track.New(b)
	m := track.NewMulti(ta, tb)
	for i := range 5 {
		if err := m.Enqueue(context.Background(), event("u", i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := m.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	am, bm := a.messages(), b.messages()
	if len(am) != 5 || len(bm) != 5 || am[0].ID != bm[0].ID {
		t.Errorf("sinks got %d and %d messages (ids %q / %q), want 5 each with the same ids", len(am), len(bm), am[0].ID, bm[0].ID)
	}
	if st := m.Stats(); st["recording"].Sent != 5 {
		t.Errorf("stats = %+v", st)
	}
}

func TestReplayedBatchThatCanNeverSucceedIsFailedAndForgotten(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	down := &recordingSink{failWith: errors.New("connection refused")}
	tr, err := track.New(down, track.WithSpillDir(dir), track.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	_ = tr.Enqueue(context.Background(), event("u", 1))
	if u := undelivered(t, tr.Close(context.Background())); u.Spilled != 1 {
		t.Fatalf("first run: %+v, want 1 spilled", u)
	}
	// The API now rejects the batch for good: it is failed, reported, and
	// its file removed so it is not replayed forever.
	var reported atomic.Int64
	rejecting := &recordingSink{failWith: &usermost.Error{StatusCode: http.StatusBadRequest}}
	tr2, err := track.New(rejecting, track.WithSpillDir(dir), track.WithOnFailure(func(b track.Batch, err error) { reported.Add(int64(len(b.Messages))) }))
	if err != nil {
		t.Fatal(err)
	}
	if u := undelivered(t, tr2.Close(context.Background())); u.Failed != 1 || reported.Load() != 1 {
		t.Errorf("second run: %+v, reported %d; want 1 failed and reported", u, reported.Load())
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*", "*.json")); len(left) != 0 {
		t.Errorf("%d spill files left; a permanently failed batch must not be replayed again", len(left))
	}
}
