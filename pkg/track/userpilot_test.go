package track_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/track"
	"github.com/cdpkit/cdpkit/pkg/usermost/usermosttest"
	"github.com/cdpkit/cdpkit/pkg/userpilot"
	"github.com/cdpkit/cdpkit/pkg/userpilot/userpilottest"
)

func userpilotClient(t testing.TB, srv *userpilottest.Server) *userpilot.Client {
	t.Helper()
	c, err := userpilot.NewClient(
		option.WithBaseURL(srv.URL),
		option.WithAPIKey(srv.APIKey),
		option.WithBackoff(time.Millisecond, 5*time.Millisecond),
		userpilot.WithPolling(5*time.Millisecond, 20*time.Millisecond),
		userpilot.WithRateLimits(userpilot.RateLimits{RealTimePerMinute: -1, DeleteEvery: -1}),
	)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestUserpilotSinkChoosesRealTimeOrBulk(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		events, users int
		wantJobs      int
	}{
		{"small batch uses real-time calls", 10, 3, 0},
		{"large batch uses bulk jobs", 120, 60, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := userpilottest.NewServer(t, userpilottest.WithJobStepDelay(time.Millisecond))
			tr, err := track.New(track.UserpilotSink(userpilotClient(t, srv)), track.WithBatchSize(500))
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			_ = tr.Enqueue(ctx, track.Message{Type: track.TypeGroup, CompanyID: "acme", Properties: map[string]any{"name": "Acme"}})
			for i := range tt.users {
				_ = tr.Enqueue(ctx, track.Message{Type: track.TypeIdentify, UserID: fmt.Sprintf("u%d", i), CompanyID: "acme", Properties: map[string]any{"plan": "pro"}})
			}
			for i := range tt.events {
				if err := tr.Enqueue(ctx, track.Message{Type: track.TypeTrack, UserID: fmt.Sprintf("u%d", i%tt.users), Event: "report_exported", Properties: map[string]any{"n": i}}); err != nil {
					t.Fatal(err)
				}
			}
			closeOK(t, tr)
			st := srv.Stats()
			if st.Events != tt.events || st.Users != tt.users || st.Companies != 1 || st.Jobs != tt.wantJobs {
				t.Errorf("fake stats = %+v, want %d events, %d users, 1 company, %d jobs", st, tt.events, tt.users, tt.wantJobs)
			}
			for _, e := range srv.Events() {
				if id, _ := e.Metadata[track.MessageIDProperty].(string); len(id) != 32 {
					t.Fatalf("event %+v lacks its message id", e)
				}
			}
		})
	}
}

// A batch sent twice — as after an answer lost to a network failure — is
// recognised by its message ids.
func TestUserpilotSinkResendIsRecognised(t *testing.T) {
	t.Parallel()
	for _, n := range []int{5, 80} { // real-time and import paths
		srv := userpilottest.NewServer(t, userpilottest.WithJobStepDelay(time.Millisecond))
		sink := track.UserpilotSink(userpilotClient(t, srv))
		var msgs []track.Message
		for i := range n {
			msgs = append(msgs, track.Message{ID: fmt.Sprintf("%032x", i+1), Type: track.TypeTrack, UserID: "u", Event: "clicked", Timestamp: time.Now()})
		}
		b := track.Batch{ID: "b1", Messages: msgs}
		for range 2 {
			if err := sink.Send(context.Background(), b); err != nil {
				t.Fatal(err)
			}
		}
		if st := srv.Stats(); st.Events != n || st.DuplicateEvents != n {
			t.Errorf("%d events sent twice: stored %d, duplicates %d; want %d and %d", n, st.Events, st.DuplicateEvents, n, n)
		}
	}
}

func TestMultiDeliversToBothAPIs(t *testing.T) {
	t.Parallel()
	up := userpilottest.NewServer(t)
	um := usermosttest.NewServer(t)
	tu, err := track.New(track.UserpilotSink(userpilotClient(t, up)))
	if err != nil {
		t.Fatal(err)
	}
	tm, err := track.New(track.UsermostSink(usermostClient(t, um, um.URL)))
	if err != nil {
		t.Fatal(err)
	}
	m := track.NewMulti(tu, tm)
	for i := range 30 {
		if err := m.Enqueue(context.Background(), event("ada", i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := m.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if a, b := len(up.EventsFor("ada")), len(um.EventsFor("ada")); a != 30 || b != 30 {
		t.Errorf("userpilot got %d, usermost %d; want 30 each", a, b)
	}
}

// Several batches delivered at once all want the one import slot; the ones
// refused with 409 wait and retry instead of failing.
func TestUserpilotSinkConcurrentBulkBatches(t *testing.T) {
	t.Parallel()
	srv := userpilottest.NewServer(t, userpilottest.WithJobStepDelay(5*time.Millisecond))
	tr, err := track.New(track.UserpilotSink(userpilotClient(t, srv)),
		track.WithBatchSize(60), track.WithConcurrency(4), track.WithMaxRetries(50),
		track.WithBackoff(5*time.Millisecond, 50*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 480 {
		if err := tr.Enqueue(context.Background(), event(fmt.Sprintf("u%d", i%9), i)); err != nil {
			t.Fatal(err)
		}
	}
	closeOK(t, tr)
	if st := srv.Stats(); st.Events != 480 || st.Jobs != 8 {
		t.Errorf("fake stats = %+v, want 480 events from 8 import jobs", st)
	}
}
