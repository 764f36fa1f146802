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
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/track"
	"github.com/cdpkit/cdpkit/pkg/usermost"
	"github.com/cdpkit/cdpkit/pkg/usermost/usermosttest"
	"github.com/cdpkit/cdpkit/pkg/userpilot/userpilottest"
)

// deafSink ignores its context: Send returns only when release is closed.
type deafSink struct {
	release chan struct{}
	calls   atomic.Int64
}

func (s *deafSink) Name() string         { return "deaf" }
func (s *deafSink) Limits() track.Limits { return track.Limits{} }
func (s *deafSink) Send(context.Context, track.Batch) error {
	s.calls.Add(1)
	<-s.release
	return nil
}

// Close returns at its deadline even when the sink never gives up, and a
// second Close in the meantime returns at its own deadline.
func TestCloseKeepsItsDeadlineWhenTheSinkIgnoresIt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sink := &deafSink{release: make(chan struct{})}
		var failed atomic.Int64
		tr, err := track.New(sink, track.WithBatchSize(5), track.WithConcurrency(2),
			track.WithOnFailure(func(b track.Batch, _ error) { failed.Add(int64(len(b.Messages))) }))
		if err != nil {
			t.Fatal(err)
		}
		for i := range 12 {
			_ = tr.Enqueue(context.Background(), event("u", i))
		}
		synctest.Wait()

		start := time.Now()
		first := make(chan error, 1)
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			first <- tr.Close(ctx)
		}()
		synctest.Wait() // that Close is under way
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if err := tr.Close(ctx); !errors.Is(err, context.DeadlineExceeded) || time.Since(start) != time.Second {
			t.Errorf("a second Close = %v after %s, want its own 1s deadline", err, time.Since(start))
		}
		err = <-first
		if got := time.Since(start); got != 3*time.Second {
			t.Errorf("Close returned after %s, want its 3s deadline", got)
		}
		u := undelivered(t, err)
		if u.Failed != 12 || failed.Load() != 12 || !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Close = %+v, OnFailure saw %d; want all 12 failed at the deadline", u, failed.Load())
		}
		if st := tr.Stats(); st.Queued != 0 || st.Sent != 0 {
			t.Errorf("stats = %+v: every message must be resolved once", st)
		}
		// The sink answers at last: its late success changes nothing.
		close(sink.release)
		synctest.Wait()
		if st := tr.Stats(); st.Sent != 0 || st.Failed != 12 {
			t.Errorf("stats after the late answer = %+v", st)
		}
	})
}

// A nil context is refused with an error naming the method, and a Flush
// that was refused leaves nothing behind that would block Close.
func TestNilContextsAreRefused(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sink := &recordingSink{}
		tr, err := track.New(sink)
		if err != nil {
			t.Fatal(err)
		}
		//nolint:staticcheck // a nil context is the bad input under test
		for name, call := range map[string]func() error{
			"Enqueue": func() error { return tr.Enqueue(nil, event("u", 1)) }, //nolint:staticcheck
			"Flush":   func() error { return tr.Flush(nil) },                  //nolint:staticcheck
			"Close":   func() error { return tr.Close(nil) },                  //nolint:staticcheck
		} {
			if err := call(); err == nil || !strings.Contains(err.Error(), name+": ctx is nil") {
				t.Errorf("%s(nil) = %v, want an error naming the nil ctx", name, err)
			}
		}
		m := track.NewMulti(tr)
		if err := m.Enqueue(nil, event("u", 1)); err == nil { //nolint:staticcheck
			t.Error("Multi.Enqueue(nil) accepted")
		}
		if err := m.Flush(nil); err == nil { //nolint:staticcheck
			t.Error("Multi.Flush(nil) accepted")
		}
		if err := m.Close(nil); err == nil { //nolint:staticcheck
			t.Error("Multi.Close(nil) accepted")
		}
		_ = tr.Enqueue(context.Background(), event("u", 2))
		if err := tr.Close(within(t, time.Hour)); err != nil {
			t.Fatal(err)
		}
		if n := len(sink.messages()); n != 1 {
			t.Errorf("delivered %d, want the one message enqueued with a context", n)
		}
	})
}

// With context.Background() and an endpoint that never answers, Flush still
// returns: each attempt is bounded by the send timeout.
func TestFlushIsBoundedWithoutADeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sink := &recordingSink{gate: make(chan struct{})} // a black hole that honours ctx
		tr, err := track.New(sink, track.WithSendTimeout(10*time.Second), track.WithMaxRetries(2),
			track.WithBackoff(time.Second, time.Second), track.WithJitterForTest(func() float64 { return 1 }))
		if err != nil {
			t.Fatal(err)
		}
		_ = tr.Enqueue(context.Background(), event("u", 1))
		start := time.Now()
		err = tr.Flush(within(t, time.Hour))
		if got, want := time.Since(start), 3*10*time.Second+2*time.Second; got != want {
			t.Errorf("Flush took %s, want 3 attempts of 10s and 2 waits of 1s = %s", got, want)
		}
		if u := undelivered(t, err); u.Failed != 1 || !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Flush = %v, want 1 failed by the send timeout", err)
		}
		_ = tr.Close(within(t, time.Hour))
	})
	if _, err := track.New(&recordingSink{}, track.WithSendTimeout(0)); err == nil {
		t.Error("WithSendTimeout(0) accepted")
	}
}

// The same through the real client against a server that accepts the
// connection and never answers.
func TestFlushReturnsAgainstABlackHoleServer(t *testing.T) {
	t.Parallel()
	stop := make(chan struct{})
	hole := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-stop:
		}
	}))
	defer hole.Close()
	defer close(stop)
	client, err := usermost.NewClient(option.WithBaseURL(hole.URL), option.WithAPIKey("k"), option.WithLicenseCode("lc"), option.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	tr, err := track.New(track.UsermostSink(client), track.WithSendTimeout(50*time.Millisecond), track.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	_ = tr.Enqueue(context.Background(), event("u", 1))
	if u := undelivered(t, tr.Flush(context.Background())); u.Failed != 1 {
		t.Errorf("Flush = %+v, want the message failed", u)
	}
	_ = tr.Close(context.Background())
}

// Properties are copied at Enqueue: what the caller changes afterwards is
// neither sent nor raced on.
func TestPropertiesAreCopiedAtEnqueue(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sink := &recordingSink{}
		tr, err := track.New(sink)
		if err != nil {
			t.Fatal(err)
		}
		props := map[string]any{"plan": "free"}
		_ = tr.Enqueue(context.Background(), track.Message{Type: track.TypeTrack, UserID: "u", Event: "e", Properties: props})
		done := make(chan struct{})
		go func() { // edits while the Tracker delivers
			defer close(done)
			for i := range 100 {
				props["plan"] = fmt.Sprint("edited ", i)
			}
		}()
		_ = tr.Flush(within(t, time.Hour))
		<-done
		closeOK(t, tr)
		if got := sink.messages()[0].Properties["plan"]; got != "free" {
			t.Errorf("sent plan = %v, want the value at Enqueue", got)
		}
	})
}

// One message the Usermost client would refuse no longer reaches a batch:
// Enqueue refuses it, and its neighbours arrive.
func TestUsermostRefusesAtEnqueueWhatItsClientWouldRefuse(t *testing.T) {
	t.Parallel()
	srv := usermosttest.NewServer(t)
	tr, err := track.New(track.UsermostSink(usermostClient(t, srv, srv.URL)))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		_ = tr.Enqueue(context.Background(), event("u", i))
	}
	bad := track.Message{Type: track.TypeTrack, UserID: strings.Repeat("x", 101), Event: "e"}
	if err := tr.Enqueue(context.Background(), bad); err == nil || !strings.Contains(err.Error(), "userId") {
		t.Errorf("Enqueue(101-character user id) = %v, want the client's validation error", err)
	}
	closeOK(t, tr)
	if n := len(srv.Events()); n != 5 {
		t.Errorf("stored %d events, want the 5 good ones", n)
	}
}

// A batch of identify messages alone sends no events request (which would
// be refused for being empty).
func TestUsermostIdentifyOnlyBatch(t *testing.T) {
	t.Parallel()
	srv := usermosttest.NewServer(t)
	tr, err := track.New(track.UsermostSink(usermostClient(t, srv, srv.URL)))
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"ada", "bob"} {
		_ = tr.Enqueue(context.Background(), track.Message{Type: track.TypeIdentify, UserID: u, Properties: map[string]any{"plan": "pro"}})
	}
	closeOK(t, tr)
	if st := srv.Stats(); st.Users != 2 || st.Requests != 2 {
		t.Errorf("fake stats = %+v, want 2 users in 2 requests", st)
	}
}

// A 2xx whose envelope says "error" stored nothing: it is a failure.
func TestUsermostErrorEnvelopeIn2xxIsAFailure(t *testing.T) {
	t.Parallel()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write([]byte(`{"response":{"status":"error","message":"quota exceeded"}}`))
	}))
	defer api.Close()
	client, err := usermost.NewClient(option.WithBaseURL(api.URL), option.WithAPIKey("k"), option.WithLicenseCode("lc"))
	if err != nil {
		t.Fatal(err)
	}
	var reported atomic.Int64
	tr, err := track.New(track.UsermostSink(client), track.WithBackoff(time.Millisecond, time.Millisecond),
		track.WithOnFailure(func(b track.Batch, _ error) { reported.Add(int64(len(b.Messages))) }))
	if err != nil {
		t.Fatal(err)
	}
	_ = tr.Enqueue(context.Background(), event("u", 1))
	_ = tr.Enqueue(context.Background(), track.Message{Type: track.TypeIdentify, UserID: "u"})
	err = tr.Close(context.Background())
	if u := undelivered(t, err); u.Failed != 2 || !strings.Contains(err.Error(), "quota exceeded") {
		t.Errorf("Close = %v, want both messages failed with the envelope's message", err)
	}
	if st := tr.Stats(); st.Sent != 0 || reported.Load() != 2 {
		t.Errorf("stats = %+v, reported %d: an error envelope must not count as sent", st, reported.Load())
	}
}

// When one real-time call in a batch fails, the calls before it are not
// repeated: Userpilot would store those events twice.
func TestUserpilotRetrySendsOnlyWhatWasNotDelivered(t *testing.T) {
	t.Parallel()
	srv := userpilottest.NewServer(t)
	// Two events go through, then the third call fails past the client's
	// own retries, so the Tracker retries the batch.
	srv.InjectFaultsAfter(2, userpilottest.Fault{Status: 503}, userpilottest.Fault{Status: 503}, userpilottest.Fault{Status: 503})
	var succeeded atomic.Int64
	tr, err := track.New(track.UserpilotSink(userpilotClient(t, srv)), track.WithBackoff(time.Millisecond, time.Millisecond),
		track.WithOnSuccess(func(b track.Batch) { succeeded.Add(int64(len(b.Messages))) }))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		_ = tr.Enqueue(context.Background(), event("u", i))
	}
	closeOK(t, tr)
	if st := srv.Stats(); st.Events != 5 || st.DuplicateEvents != 0 {
		t.Errorf("fake stats = %+v, want 5 events and no duplicates", st)
	}
	if st := tr.Stats(); st.Sent != 5 || st.Retries != 1 || succeeded.Load() != 5 {
		t.Errorf("stats = %+v, OnSuccess saw %d; want 5 sent after one retry", st, succeeded.Load())
	}
}

// The same for profiles before events at Usermost: a retry after the events
// request failed does not upsert the profiles again.
func TestUsermostRetryDoesNotRepeatUpserts(t *testing.T) {
	t.Parallel()
	srv := usermosttest.NewServer(t)
	srv.InjectFaultsAfter(2, usermosttest.Fault{Status: 503}, usermosttest.Fault{Status: 503}, usermosttest.Fault{Status: 503})
	tr, err := track.New(track.UsermostSink(usermostClient(t, srv, srv.URL)), track.WithBackoff(time.Millisecond, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	_ = tr.Enqueue(context.Background(), track.Message{Type: track.TypeIdentify, UserID: "ada"})
	_ = tr.Enqueue(context.Background(), track.Message{Type: track.TypeIdentify, UserID: "bob"})
	_ = tr.Enqueue(context.Background(), event("ada", 1))
	closeOK(t, tr)
	// 2 upserts, 3 failed event requests, 1 event request that worked.
	if st := srv.Stats(); st.Requests != 6 || st.Users != 2 || st.Events != 1 {
		t.Errorf("fake stats = %+v, want 6 requests: no upsert repeated", st)
	}
}

// A spill file holding messages the sink refuses: those are failed and
// reported, never counted as sent; the rest are delivered.
func TestReplayedMessagesTheSinkRefusesAreFailed(t *testing.T) {
	t.Parallel()
	srv := usermosttest.NewServer(t)
	dir := t.TempDir()
	sinkDir := filepath.Join(dir, "usermost-"+srv.LicenseCode)
	if err := os.MkdirAll(sinkDir, 0o700); err != nil {
		t.Fatal(err)
	}
	ts := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	spilled := track.Batch{ID: "0123456789abcdef0123456789abcdef", Messages: []track.Message{
		{ID: "m1", Type: track.TypeTrack, UserID: "ada", Event: "ok", Timestamp: ts},
		{ID: "m2", Type: track.TypeGroup, CompanyID: "acme", Timestamp: ts},
	}}
	data, _ := json.Marshal(spilled)
	if err := os.WriteFile(filepath.Join(sinkDir, "1-1-"+spilled.ID+".json"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	var reported []track.Message
	tr, err := track.New(track.UsermostSink(usermostClient(t, srv, srv.URL)), track.WithSpillDir(dir),
		track.WithOnFailure(func(b track.Batch, _ error) { reported = append(reported, b.Messages...) }))
	if err != nil {
		t.Fatal(err)
	}
	err = tr.Close(context.Background())
	if u := undelivered(t, err); u.Failed != 1 || !strings.Contains(err.Error(), "no companies") {
		t.Errorf("Close = %v, want the group message failed with the sink's reason", err)
	}
	if st := tr.Stats(); st.Replayed != 2 || st.Sent != 1 || st.Failed != 1 || len(reported) != 1 || reported[0].ID != "m2" {
		t.Errorf("stats = %+v, reported %v", st, reported)
	}
	if n := len(srv.Events()); n != 1 {
		t.Errorf("stored %d events, want 1", n)
	}
	if left, _ := filepath.Glob(filepath.Join(sinkDir, "*.json")); len(left) != 0 {
		t.Errorf("spill files left: %v", left)
	}
}

// A lock that fails for another reason than a second Tracker says so.
func TestSpillLockErrorsSayWhatWentWrong(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "recording", ".lock"), 0o700); err != nil {
		t.Fatal(err)
	}
	_, err := track.New(&recordingSink{}, track.WithSpillDir(dir))
	if err == nil || strings.Contains(err.Error(), "in use") || !strings.Contains(err.Error(), "cannot lock") {
		t.Errorf("New with .lock a directory = %v, want a 'cannot lock' error that does not blame another Tracker", err)
	}
}
