package track_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/cdpkit/cdpkit/internal/faultproxy"
	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/track"
	"github.com/cdpkit/cdpkit/pkg/usermost"
	"github.com/cdpkit/cdpkit/pkg/usermost/usermosttest"
	"github.com/cdpkit/cdpkit/pkg/userpilot/userpilottest"
)

// within returns a context for a synctest bubble: its deadline passes at
// once in real time if the code under test loops for ever, so such a
// mutant fails the test instead of hanging it.
func within(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// scriptedSink answers each Send with the next error of its script (nil
// once the script is done), and can report part of a batch delivered.
type scriptedSink struct {
	mu      sync.Mutex
	script  []error
	partial int // on a failing call, report this many leading messages delivered
	got     []track.Batch
}

func (s *scriptedSink) Name() string         { return "scripted" }
func (s *scriptedSink) Limits() track.Limits { return track.Limits{} }
func (s *scriptedSink) Send(_ context.Context, b track.Batch) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.got = append(s.got, b)
	if len(s.script) == 0 {
		return nil
	}
	err := s.script[0]
	s.script = s.script[1:]
	if s.partial > 0 {
		var ids []string
		for _, m := range b.Messages[:min(s.partial, len(b.Messages))] {
			ids = append(ids, m.ID)
		}
		return track.Partial(ids, err)
	}
	return err
}

func (s *scriptedSink) sizes() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []int
	for _, b := range s.got {
		out = append(out, len(b.Messages))
	}
	return out
}

// Attempts are numbered in the log from 1, retries and deliveries alike.
func TestLogNumbersAttempts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var out strings.Builder
		sink := &scriptedSink{script: []error{errors.New("connection refused")}}
		tr, err := track.New(sink, track.WithLogger(newTextLogger(&out)), track.WithBackoff(time.Second, time.Second))
		if err != nil {
			t.Fatal(err)
		}
		_ = tr.Enqueue(context.Background(), event("u", 1))
		if err := tr.Flush(within(t, time.Hour)); err != nil {
			t.Fatal(err)
		}
		closeOK(t, tr)
		for _, want := range []string{`msg="batch retry"`, "attempt=1", `msg="batch delivered"`, "attempt=2"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("log lacks %s:\n%s", want, out.String())
			}
		}
		if strings.Contains(out.String(), "attempt=0") || strings.Contains(out.String(), "attempt=3") {
			t.Errorf("attempts misnumbered:\n%s", out.String())
		}
	})
}

// A Retry-After of exactly the cap is still waited out.
func TestRetryAfterAtTheCapIsWaitedOut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sink := &scriptedSink{script: []error{rateLimited(track.DefaultMaxRetryAfter)}}
		tr, err := track.New(sink, track.WithSpillDir(t.TempDir()))
		if err != nil {
			t.Fatal(err)
		}
		_ = tr.Enqueue(context.Background(), event("u", 1))
		start := time.Now()
		if err := tr.Flush(within(t, time.Hour)); err != nil {
			t.Errorf("Flush = %v, want the batch delivered after the wait", err)
		}
		if got := time.Since(start); got != track.DefaultMaxRetryAfter {
			t.Errorf("waited %s, want the %s asked for", got, track.DefaultMaxRetryAfter)
		}
		closeOK(t, tr)
	})
}

// Messages a sink delivered before failing are counted, reported to
// OnSuccess once, recorded in the log (a clean Close leaves none behind) and
// not sent again; OnSuccess never sees an empty batch.
func TestPartialDeliveryIsRecorded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dir := t.TempDir()
		sink := &scriptedSink{script: []error{errors.New("connection reset")}, partial: 2}
		var reported []int
		tr, err := track.New(sink, track.WithSpillDir(dir), track.WithBackoff(time.Second, time.Second),
			track.WithOnSuccess(func(b track.Batch) { reported = append(reported, len(b.Messages)) }))
		if err != nil {
			t.Fatal(err)
		}
		for i := range 5 {
			_ = tr.Enqueue(context.Background(), event("u", i))
		}
		if err := tr.Flush(within(t, time.Hour)); err != nil {
			t.Fatal(err)
		}
		closeOK(t, tr)
		if got := sink.sizes(); len(got) != 2 || got[0] != 5 || got[1] != 3 {
			t.Errorf("sends carried %v messages, want 5 then the 3 not delivered", got)
		}
		if len(reported) != 1 || reported[0] != 5 {
			t.Errorf("OnSuccess saw %v, want one report of all 5", reported)
		}
		if st := tr.Stats(); st.Sent != 5 || st.Batches != 1 || st.Queued != 0 {
			t.Errorf("stats = %+v", st)
		}
		if files := walFiles(t, dir); len(files) != 0 {
			t.Errorf("log left behind after everything was delivered: %v", files)
		}
	})
}

// A replayed batch delivered in part and then spilled again keeps only the
// rest in its spill file, and only one file.
func TestPartialDeliveryOfAReplayedBatchRewritesItsFile(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dir := t.TempDir()
		down := &scriptedSink{script: []error{errors.New("down")}}
		tr, err := track.New(down, track.WithSpillDir(dir), track.WithMaxRetries(0))
		if err != nil {
			t.Fatal(err)
		}
		for i := range 4 {
			_ = tr.Enqueue(context.Background(), event("u", i))
		}
		_ = tr.Close(within(t, time.Hour))

		again := &scriptedSink{script: []error{errors.New("reset"), errors.New("reset")}, partial: 1}
		tr2, err := track.New(again, track.WithSpillDir(dir), track.WithMaxRetries(1), track.WithBackoff(time.Second, time.Second))
		if err != nil {
			t.Fatal(err)
		}
		if u := undelivered(t, tr2.Close(within(t, time.Hour))); u.Spilled != 2 || u.Count() != 2 {
			t.Errorf("second run: %+v, want the 2 messages never delivered kept", u)
		}
		files, _ := filepath.Glob(filepath.Join(dir, "scripted", "*.json"))
		if len(files) != 1 {
			t.Fatalf("spill files %v, want the one batch file", files)
		}
		data, _ := os.ReadFile(files[0])
		var b track.Batch
		if err := json.Unmarshal(data, &b); err != nil || len(b.Messages) != 2 {
			t.Errorf("spill file holds %d messages (%v), want the 2 not delivered", len(b.Messages), err)
		}
		if files := walFiles(t, dir); len(files) != 0 {
			t.Errorf("log left behind: %v", files)
		}
	})
}

// A batch that can be neither delivered nor written to a spill file stays
// in the write-ahead log, counted as spilled, and the next start sends it.
func TestBatchTheSpillDirCannotTakeStaysInTheLog(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dir := t.TempDir()
		gate := make(chan struct{})
		sink := &gatedFailSink{gate: gate}
		tr, err := track.New(sink, track.WithSpillDir(dir), track.WithMaxRetries(0))
		if err != nil {
			t.Fatal(err)
		}
		_ = tr.Enqueue(context.Background(), event("u", 1))
		_ = tr.Enqueue(context.Background(), event("u", 2))
		go func() { _ = tr.Flush(within(t, time.Hour)) }()
		synctest.Wait() // the batch is being sent
		// The directory goes away under the Tracker: no spill file can be made.
		moved := dir + "-moved"
		if err := os.Rename(dir, moved); err != nil {
			t.Fatal(err)
		}
		close(gate)
		u := undelivered(t, tr.Close(within(t, time.Hour)))
		if u.Spilled != 2 || u.Failed != 0 {
			t.Errorf("Close = %+v, want the 2 messages kept in the log", u)
		}
		again := &recordingSink{}
		tr2, err := track.New(namedSink{"gated", again}, track.WithSpillDir(moved))
		if err != nil {
			t.Fatal(err)
		}
		closeOK(t, tr2)
		if n := len(again.messages()); n != 2 {
			t.Errorf("the restart sent %d messages, want the 2 from the log", n)
		}
	})
}

type gatedFailSink struct{ gate chan struct{} }

func (s *gatedFailSink) Name() string         { return "gated" }
func (s *gatedFailSink) Limits() track.Limits { return track.Limits{} }
func (s *gatedFailSink) Send(context.Context, track.Batch) error {
	<-s.gate
	return errors.New("connection refused")
}

// A spilled batch that fails again on replay keeps its one file, and the
// log of the run that spilled it is gone: nothing is replayed twice.
func TestSpilledBatchIsReplayedOnceAndKeptOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dir := t.TempDir()
		for run := range 3 {
			sink := &countingSink{name: "down", err: errors.New("connection refused")}
			tr, err := track.New(sink, track.WithSpillDir(dir), track.WithMaxRetries(0))
			if err != nil {
				t.Fatal(err)
			}
			if run == 0 {
				_ = tr.Enqueue(context.Background(), event("u", 1))
			}
			u := undelivered(t, tr.Close(within(t, time.Hour)))
			if u.Spilled != 1 || sink.calls.Load() != 1 {
				t.Errorf("run %d: %+v after %d sends, want the message sent once and kept", run, u, sink.calls.Load())
			}
			if st := tr.Stats(); run > 0 && st.Replayed != 1 {
				t.Errorf("run %d replayed %d, want 1", run, st.Replayed)
			}
			files, _ := filepath.Glob(filepath.Join(dir, "down", "*"))
			if len(files) != 2 { // the batch file and the lock
				t.Errorf("run %d left %v, want one spill file and the lock", run, files)
			}
		}
	})
}

// Multi stamps a message once, so every destination records the same ID
// and time; it reports the destinations that refused it, and an empty Multi
// accepts and does nothing.
func TestMultiStampsOnceAndReportsRefusals(t *testing.T) {
	t.Parallel()
	at := func(sec int64) func() time.Time { return func() time.Time { return time.Unix(sec, 0) } }
	a, b := &recordingSink{}, &recordingSink{}
	ta, _ := track.New(a, track.WithNowForTest(at(100)))
	tb, _ := track.New(b, track.WithNowForTest(at(200)))
	m := track.NewMulti(ta, tb)
	if err := m.Enqueue(context.Background(), event("u", 1)); err != nil {
		t.Fatal(err)
	}
	if err := m.Flush(context.Background()); err != nil {
		t.Fatalf("Flush = %v", err)
	}
	am, bm := a.messages(), b.messages()
	if len(am) != 1 || len(bm) != 1 || !am[0].Timestamp.Equal(bm[0].Timestamp) || am[0].ID != bm[0].ID {
		t.Errorf("destinations got %+v and %+v, want one ID and one timestamp", am, bm)
	}
	refusing := &scriptedSink{}
	tr, _ := track.New(refusing)
	if err := track.NewMulti(tr).Enqueue(context.Background(), track.Message{Type: track.TypeGroup}); err == nil {
		t.Error("Multi.Enqueue hid a refusal")
	}
	if err := errors.Join(m.Close(context.Background()), tr.Close(context.Background())); err != nil {
		t.Fatal(err)
	}
	empty := track.NewMulti()
	if err := empty.Enqueue(context.Background(), event("u", 1)); err != nil {
		t.Errorf("empty Multi: %v", err)
	}
}

// Every option refuses the first value past its boundary and accepts the
// boundary itself.
func TestOptionBoundaries(t *testing.T) {
	t.Parallel()
	refused := map[string]track.Option{
		"WithBatchSize(0)":                                track.WithBatchSize(0),
		"WithBatchBytes(0)":                               track.WithBatchBytes(0),
		"WithFlushInterval(0)":                            track.WithFlushInterval(0),
		"WithQueueCapacity(0)":                            track.WithQueueCapacity(0),
		"WithMaxRetries(-1)":                              track.WithMaxRetries(-1),
		"WithBackoff(0, 1s)":                              track.WithBackoff(0, time.Second),
		"WithBackoff(2s, 1s)":                             track.WithBackoff(2*time.Second, time.Second),
		"WithConcurrency(0)":                              track.WithConcurrency(0),
		"WithMaxRetryAfter(-1ns)":                         track.WithMaxRetryAfter(-1),
		"WithSendTimeout(0)":                              track.WithSendTimeout(0),
		"WithSyncInterval(0)":                             track.WithSyncInterval(0),
		"WithSpillDir(\"\")":                              track.WithSpillDir(""),
		"WithFullQueuePolicy(7)":                          track.WithFullQueuePolicy(7),
		"WithDurability(0)":                               track.WithDurability(0),
		"WithDurability(DurableSync) without a spill dir": track.WithDurability(track.DurableSync),
		"nil option":                                      nil,
	}
	for name, opt := range refused {
		if _, err := track.New(&recordingSink{}, opt); err == nil {
			t.Errorf("%s accepted", name)
		}
	}
	accepted := []track.Option{track.WithBatchSize(1), track.WithBatchBytes(1), track.WithFlushInterval(1), track.WithQueueCapacity(1),
		track.WithMaxRetries(0), track.WithBackoff(1, 1), track.WithConcurrency(1), track.WithMaxRetryAfter(0),
		track.WithSendTimeout(1), track.WithSyncInterval(1), track.WithFullQueuePolicy(track.FullQueueReject), track.WithDurability(track.MemoryOnly)}
	tr, err := track.New(&recordingSink{}, accepted...)
	if err != nil {
		t.Fatalf("boundary values refused: %v", err)
	}
	closeOK(t, tr)
}

// The cap is on what the server adds to the wait: a Retry-After no longer
// than the backoff the Tracker waits anyway does not end the retries, even
// when the backoff itself is longer than the cap.
func TestRetryAfterWithinTheBackoffIsNotCapped(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sink := &scriptedSink{script: []error{rateLimited(2 * time.Second)}}
		tr, err := track.New(sink, track.WithBackoff(2*time.Second, 2*time.Second), track.WithMaxRetryAfter(time.Second),
			track.WithJitterForTest(func() float64 { return 1 }))
		if err != nil {
			t.Fatal(err)
		}
		_ = tr.Enqueue(context.Background(), event("u", 1))
		start := time.Now()
		if err := tr.Flush(within(t, time.Hour)); err != nil {
			t.Errorf("Flush = %v, want the batch delivered on the retry", err)
		}
		if got := time.Since(start); got != 2*time.Second {
			t.Errorf("retry after %s, want the 2s backoff", got)
		}
		closeOK(t, tr)
	})
}

// A temporary file that a crash in the middle of writing a spill file left
// behind is removed at start: its batch was never reported spilled.
func TestHalfWrittenSpillFilesAreRemoved(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sinkDir := filepath.Join(dir, "recording")
	if err := os.MkdirAll(sinkDir, 0o700); err != nil {
		t.Fatal(err)
	}
	temp := filepath.Join(sinkDir, ".spill-123")
	if err := os.WriteFile(temp, []byte(`{"id":"x","mess`), 0o600); err != nil {
		t.Fatal(err)
	}
	sink := &recordingSink{}
	tr, err := track.New(sink, track.WithSpillDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	closeOK(t, tr)
	if _, err := os.Stat(temp); !os.IsNotExist(err) {
		t.Errorf("half-written %s still there (%v)", temp, err)
	}
	if n := len(sink.messages()); n != 0 {
		t.Errorf("replayed %d messages from a half-written file", n)
	}
}

// A message of exactly the batch byte limit fits.
func TestMessageOfExactlyTheByteLimitFits(t *testing.T) {
	t.Parallel()
	m := fixedEvent(1)
	sink := &recordingSink{}
	tr, err := track.New(sink, track.WithBatchBytes(encodedSize(m)))
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Enqueue(context.Background(), m); err != nil {
		t.Errorf("Enqueue(message of exactly the limit) = %v", err)
	}
	closeOK(t, tr)
}

// FullQueueReject with the write-ahead log: what is refused is not logged,
// so a crash does not turn a refusal into a delivery; and a start that
// recovers messages from a log says so, while one that finds none is quiet.
func TestRejectPolicyWithTheLog(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dir := t.TempDir()
		stuck := &recordingSink{gate: make(chan struct{})}
		var first strings.Builder
		tr, err := track.New(stuck, track.WithSpillDir(dir), track.WithBatchSize(1), track.WithConcurrency(1),
			track.WithQueueCapacity(2), track.WithFullQueuePolicy(track.FullQueueReject), track.WithLogger(newTextLogger(&first)))
		if err != nil {
			t.Fatal(err)
		}
		accepted := 0
		for i := range 10 {
			err := tr.Enqueue(context.Background(), event("u", i))
			if err == nil {
				accepted++
			} else if !errors.Is(err, track.ErrQueueFull) {
				t.Fatal(err)
			}
			synctest.Wait()
		}
		if accepted < 2 || accepted > 4 {
			t.Errorf("accepted %d with room for 2 queued and 1 in flight", accepted)
		}
		crashed := copyDir(t, dir)
		close(stuck.gate)
		closeOK(t, tr)
		if strings.Contains(first.String(), "recovered") {
			t.Errorf("a start with nothing to recover logged:\n%s", first.String())
		}

		var second strings.Builder
		again := &recordingSink{}
		tr2, err := track.New(again, track.WithSpillDir(crashed), track.WithLogger(newTextLogger(&second)))
		if err != nil {
			t.Fatal(err)
		}
		closeOK(t, tr2)
		if n := len(again.messages()); n != accepted {
			t.Errorf("the restart sent %d, want the %d accepted", n, accepted)
		}
		if want := fmt.Sprintf("messages=%d", accepted); !strings.Contains(second.String(), "recovered") || !strings.Contains(second.String(), want) {
			t.Errorf("the restart did not log recovering %d messages:\n%s", accepted, second.String())
		}
	})
}

// A 2xx the Usermost client cannot read may mean the batch was stored: the
// Tracker resends it under the same x-request-id, and the API's answer to
// that settles it, stored once.
func TestUsermostUnreadable2xxIsResent(t *testing.T) {
	t.Parallel()
	srv := usermosttest.NewServer(t)
	proxy := faultproxy.Start(t, faultproxy.Config{Upstream: srv.URL, Script: []faultproxy.Fault{{Kind: faultproxy.NullJSON}}})
	client, err := usermost.NewClient(option.WithBaseURL(proxy.URL()), option.WithAPIKey(srv.APIKey), option.WithLicenseCode(srv.LicenseCode), option.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	tr, err := track.New(track.UsermostSink(client), track.WithMaxRetries(1), track.WithBackoff(time.Millisecond, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	_ = tr.Enqueue(context.Background(), event("u", 1))
	closeOK(t, tr)
	if st := srv.Stats(); st.Events != 1 || st.DuplicateRequests != 1 {
		t.Errorf("fake stats = %+v, want the event stored once and the resend absorbed", st)
	}
}

// Bulk jobs: a threshold that is not positive keeps the default; a bulk
// request that fails fails its batch without resending the groups delivered
// before it; profiles keep their properties.
func TestUserpilotBulkGroups(t *testing.T) {
	t.Parallel()
	srv := userpilottest.NewServer(t, userpilottest.WithJobStepDelay(time.Millisecond))
	small, err := track.New(track.UserpilotSink(userpilotClient(t, srv), track.UserpilotBulkThreshold(0)))
	if err != nil {
		t.Fatal(err)
	}
	_ = small.Enqueue(context.Background(), track.Message{Type: track.TypeIdentify, UserID: "ada", Properties: map[string]any{"plan": "pro"}})
	closeOK(t, small)
	if st := srv.Stats(); st.Jobs != 0 || st.Users != 1 {
		t.Errorf("threshold 0: fake stats = %+v, want a real-time call, not a job", st)
	}
	if u, ok := srv.User("ada"); !ok || u.Metadata["plan"] != "pro" {
		t.Errorf("profile = %+v, want plan=pro", u)
	}

	// Two companies and two users, each group a bulk job; one of the two
	// bulk requests is refused. What was delivered before it is not failed.
	for _, tc := range []struct {
		refused          string
		sent, failed     int64
		firstFailureType track.Type
	}{
		{"/v1/users/bulk_identify", 2, 2, track.TypeIdentify},
		{"/v1/companies/bulk_identify", 0, 4, track.TypeGroup},
	} {
		var reported []track.Message
		proxy := faultproxy.Start(t, faultproxy.Config{Upstream: srv.URL,
			Match:  func(r *http.Request) bool { return r.URL.Path == tc.refused },
			Script: []faultproxy.Fault{{Kind: faultproxy.Status, Status: http.StatusBadRequest}}})
		viaProxy := userpilotClient(t, &userpilottest.Server{URL: proxy.URL(), APIKey: srv.APIKey})
		bulk, err := track.New(track.UserpilotSink(viaProxy, track.UserpilotBulkThreshold(2)),
			track.WithOnFailure(func(b track.Batch, _ error) { reported = append(reported, b.Messages...) }))
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []string{"acme", "globex"} {
			_ = bulk.Enqueue(context.Background(), track.Message{Type: track.TypeGroup, CompanyID: c})
		}
		for _, u := range []string{"bob", "cy"} {
			_ = bulk.Enqueue(context.Background(), track.Message{Type: track.TypeIdentify, UserID: u})
		}
		err = bulk.Close(context.Background())
		if u := undelivered(t, err); int64(u.Failed) != tc.failed {
			t.Errorf("%s refused: Close = %v, want %d failed", tc.refused, err, tc.failed)
		}
		if int64(len(reported)) != tc.failed || reported[0].Type != tc.firstFailureType {
			t.Errorf("%s refused: OnFailure saw %+v", tc.refused, reported)
		}
		if st := bulk.Stats(); st.Sent != tc.sent || st.Failed != tc.failed {
			t.Errorf("%s refused: stats = %+v, want %d sent and %d failed", tc.refused, st, tc.sent, tc.failed)
		}
	}
}

// Loose messages (never cut into a batch) come back in the order they were
// accepted, across log segments.
func TestWriteAheadLogKeepsOrderAcrossSegments(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dir := t.TempDir()
		stuck := &recordingSink{gate: make(chan struct{})}
		tr, err := track.New(stuck, track.WithSpillDir(dir), track.WithFlushInterval(time.Hour), track.WithSegmentBytesForTest(600))
		if err != nil {
			t.Fatal(err)
		}
		for i := range 20 {
			_ = tr.Enqueue(context.Background(), event("u", i))
		}
		if n := len(walFiles(t, dir)); n < 3 {
			t.Fatalf("%d segments, want several", n)
		}
		crashed := copyDir(t, dir)
		close(stuck.gate)
		closeOK(t, tr)

		again := &recordingSink{}
		tr2, err := track.New(again, track.WithSpillDir(crashed))
		if err != nil {
			t.Fatal(err)
		}
		closeOK(t, tr2)
		msgs := again.messages()
		for i, m := range msgs {
			if m.Properties["n"].(float64) != float64(i) {
				t.Fatalf("replayed message %d is n=%v, want the accepted order", i, m.Properties["n"])
			}
		}
		if len(msgs) != 20 {
			t.Errorf("replayed %d, want 20", len(msgs))
		}
	})
}

// Only a 2xx the client could not use is worth resending; any other status
// outside 2xx that is not retryable (here a 300) fails at once.
func TestUsermostNon2xxIsNotTreatedAsUnreadable(t *testing.T) {
	t.Parallel()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusMultipleChoices)
		_, _ = w.Write([]byte(`{"response":{"status":"error","message":"pick one"}}`))
	}))
	defer api.Close()
	client, err := usermost.NewClient(option.WithBaseURL(api.URL), option.WithAPIKey("k"), option.WithLicenseCode("lc"), option.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	tr, err := track.New(track.UsermostSink(client), track.WithMaxRetries(3), track.WithBackoff(time.Millisecond, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	_ = tr.Enqueue(context.Background(), event("u", 1))
	if u := undelivered(t, tr.Close(context.Background())); u.Failed != 1 {
		t.Errorf("Close = %+v, want the message failed", u)
	}
	if st := tr.Stats(); st.Retries != 0 {
		t.Errorf("a 300 was retried %d times", st.Retries)
	}
}
