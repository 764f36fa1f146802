package track_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/cdpkit/cdpkit/pkg/track"
	"github.com/cdpkit/cdpkit/pkg/usermost/usermosttest"
	"github.com/cdpkit/cdpkit/pkg/userpilot"
	"github.com/cdpkit/cdpkit/pkg/userpilot/userpilottest"
)

// fixedEvent has an ID and a timestamp, so its encoded size is known.
func fixedEvent(i int) track.Message {
	return track.Message{ID: fmt.Sprintf("%032d", i), Type: track.TypeTrack, UserID: "u", Event: "e",
		Timestamp: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Properties: map[string]any{"n": i % 10}}
}

func encodedSize(m track.Message) int {
	b, _ := json.Marshal(m) // strings and ints only: cannot fail
	return len(b)
}

// A batch takes messages up to exactly its byte limit, whether the limit is
// the Tracker's or the sink's (the lower one wins), and a message larger than
// the limit is refused at Enqueue.
func TestBatchBytesAreFilledExactly(t *testing.T) {
	size := encodedSize(fixedEvent(0))
	for _, tc := range []struct {
		name  string
		opts  []track.Option
		limit track.Limits
	}{
		{"tracker limit", []track.Option{track.WithBatchBytes(3 * size)}, track.Limits{}},
		{"sink limit", []track.Option{track.WithBatchBytes(100 * size)}, track.Limits{MaxBytes: 3 * size}},
		{"sink limit is lower", []track.Option{track.WithBatchBytes(3 * size)}, track.Limits{MaxBytes: 50 * size}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				sink := &recordingSink{limits: tc.limit}
				tr, err := track.New(sink, append(tc.opts, track.WithConcurrency(1))...)
				if err != nil {
					t.Fatal(err)
				}
				for i := range 7 {
					if err := tr.Enqueue(context.Background(), fixedEvent(i)); err != nil {
						t.Fatal(err)
					}
				}
				big := fixedEvent(9)
				big.Properties = map[string]any{"blob": strings.Repeat("x", 3*size)}
				if tc.limit.MaxBytes != 50*size {
					if err := tr.Enqueue(context.Background(), big); err == nil || !strings.Contains(err.Error(), "batch limit") {
						t.Errorf("Enqueue(message over the byte limit) = %v", err)
					}
				}
				closeOK(t, tr)
				if got := fmt.Sprint(sink.batchSizes()); got != "[3 3 1]" {
					t.Errorf("batch sizes = %s, want [3 3 1]: three %d-byte messages fill a %d-byte batch", got, size, 3*size)
				}
			})
		})
	}
}

// The flush interval bounds the age of a batch's oldest message: messages
// arriving later do not push the send back.
func TestFlushIntervalBoundsTheOldestMessage(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sink := &recordingSink{}
		tr, err := track.New(sink, track.WithFlushInterval(10*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		for range 3 { // at 0s, 4s, 8s
			_ = tr.Enqueue(context.Background(), event("u", 1))
			time.Sleep(4 * time.Second)
		}
		// Now 12s: the first message is 12s old, past the 10s bound.
		synctest.Wait()
		if got := fmt.Sprint(sink.batchSizes()); got != "[3]" {
			t.Errorf("after 12s the sink has batches %s, want one batch of 3 sent at 10s", got)
		}
		time.Sleep(9 * time.Second)
		_ = tr.Enqueue(context.Background(), event("u", 2))
		time.Sleep(10*time.Second - time.Nanosecond)
		synctest.Wait()
		if got := fmt.Sprint(sink.batchSizes()); got != "[3]" {
			t.Errorf("a new batch was sent before its first message was 10s old: %s", got)
		}
		time.Sleep(time.Nanosecond)
		synctest.Wait()
		if got := fmt.Sprint(sink.batchSizes()); got != "[3 1]" {
			t.Errorf("batches %s, want the second sent when its message turned 10s old", got)
		}
		closeOK(t, tr)
	})
}

// Spill files that cannot be a batch — unreadable, or empty — are moved
// aside as *.corrupt, reported, and never sent.
func TestUnusableSpillFilesAreMovedAside(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sinkDir := filepath.Join(dir, "recording")
	if err := os.MkdirAll(sinkDir, 0o700); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"1-1-aa.json": `{"id":"aa","messages":[`,
		"2-1-bb.json": `{"id":"bb","messages":[]}`,
		"3-1-cc.json": `{"id":"cc","messages":[{"id":"m1","type":"track","user_id":"u","event":"e","timestamp":"2026-01-01T00:00:00Z"}]}`,
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(sinkDir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var logged strings.Builder
	sink := &recordingSink{}
	tr, err := track.New(sink, track.WithSpillDir(dir), track.WithLogger(newTextLogger(&logged)))
	if err != nil {
		t.Fatal(err)
	}
	closeOK(t, tr)
	if got := sink.batchIDs(); fmt.Sprint(got) != "[cc]" {
		t.Errorf("replayed %v, want only the good batch", got)
	}
	for _, name := range []string{"1-1-aa.json", "2-1-bb.json"} {
		if _, err := os.Stat(filepath.Join(sinkDir, name+".corrupt")); err != nil {
			t.Errorf("%s was not moved aside: %v", name, err)
		}
		if !strings.Contains(logged.String(), name) {
			t.Errorf("the log does not name %s", name)
		}
	}
}

// passthrough hides a sink's Validate, so that what Enqueue would refuse
// reaches Send, as a message written by another version would.
type passthrough struct{ track.Sink }

// What the client itself rejects is failed at once, not retried.
func TestClientValidationErrorsAreNotRetried(t *testing.T) {
	t.Parallel()
	um := usermosttest.NewServer(t)
	up := userpilottest.NewServer(t)
	for _, tc := range []struct {
		name string
		sink track.Sink
		msg  track.Message
	}{
		{"usermost", passthrough{track.UsermostSink(usermostClient(t, um, um.URL))}, track.Message{Type: track.TypeTrack, UserID: strings.Repeat("u", 101), Event: "e"}},
		{"userpilot", passthrough{track.UserpilotSink(userpilotClient(t, up))}, track.Message{Type: track.TypeTrack, UserID: "  ", Event: "e"}},
	} {
		tr, err := track.New(tc.sink, track.WithMaxRetries(3), track.WithBackoff(time.Millisecond, time.Millisecond))
		if err != nil {
			t.Fatal(err)
		}
		if err := tr.Enqueue(context.Background(), tc.msg); err != nil {
			t.Fatal(err)
		}
		err = tr.Close(context.Background())
		if u := undelivered(t, err); u.Failed != 1 {
			t.Errorf("%s: Close = %v, want 1 failed", tc.name, err)
		}
		if st := tr.Stats(); st.Retries != 0 {
			t.Errorf("%s: a validation error was retried %d times", tc.name, st.Retries)
		}
	}
	if um.Stats().Requests != 0 || up.Stats().Events != 0 {
		t.Error("an invalid message reached a server")
	}
}

// An import already running (another process's, or another batch's) is
// waited out before the sink starts its own, rather than failing the batch.
// The fake's jobs move only with its clock, which moves when a job is
// polled: the first import stays running until the sink waits for it.
func TestUserpilotSinkWaitsOutARunningImport(t *testing.T) {
	t.Parallel()
	clock := userpilottest.NewManualClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	srv := userpilottest.NewServer(t, userpilottest.WithClock(clock.Now), userpilottest.WithJobStepDelay(time.Second))
	target, _ := url.Parse(srv.URL)
	proxy := httputil.NewSingleHostReverseProxy(target)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/v1/background_jobs/") {
			clock.Advance(time.Hour)
		}
		proxy.ServeHTTP(w, r)
	}))
	defer front.Close()
	client := userpilotClient(t, &userpilottest.Server{URL: front.URL, APIKey: srv.APIKey})
	rows := func(yield func(userpilot.ImportEvent) bool) {
		yield(userpilot.ImportEvent{EventType: userpilot.ImportTrack, UserID: "other", EventName: "e", Source: userpilot.SourceBackendHTTPImport})
	}
	if _, err := client.Import(context.Background(), userpilot.EncodeImportEvents(rows)); err != nil {
		t.Fatal(err)
	}
	// No Tracker retries: only the sink's own wait can get the batch through.
	tr, err := track.New(track.UserpilotSink(client, track.UserpilotBulkThreshold(5)), track.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		_ = tr.Enqueue(context.Background(), event("u", i))
	}
	closeOK(t, tr)
	if st := srv.Stats(); st.Jobs != 2 || st.Events != 6 {
		t.Errorf("fake stats = %+v, want both imports done and 6 events", st)
	}
}
