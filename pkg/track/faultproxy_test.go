package track_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit/internal/faultproxy"
	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/track"
	"github.com/cdpkit/cdpkit/pkg/usermost"
	"github.com/cdpkit/cdpkit/pkg/usermost/usermosttest"
)

// TestEveryMessageIsAccountedForThroughTheFaultProxy runs the Tracker
// against the Usermost fake behind the fault proxy, which answers a third of
// the requests with one of its faults (429s with absurd Retry-After values,
// 5xx before and after storing, resets, black holes, stalls, drips,
// truncated and endless bodies, wrong types, garbage and null JSON,
// redirects). Every accepted message must end delivered, spilled or failed
// — reported, and counted in Stats — and none may be stored twice.
func TestEveryMessageIsAccountedForThroughTheFaultProxy(t *testing.T) {
	t.Parallel()
	const total = 1500
	srv := usermosttest.NewServer(t)
	proxy := faultproxy.Start(t, faultproxy.Config{Upstream: srv.URL, Seed: 18, Rates: faultproxy.Evenly(0.33, faultproxy.Catalogue()...)})
	client, err := usermost.NewClient(option.WithBaseURL(proxy.URL()), option.WithAPIKey(srv.APIKey), option.WithLicenseCode(srv.LicenseCode),
		option.WithMaxRetries(1), option.WithBackoff(time.Millisecond, 5*time.Millisecond), option.WithRequestTimeout(250*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var mu sync.Mutex
	delivered, failed := map[string]int{}, map[string]int{}
	count := func(into map[string]int, b track.Batch) {
		mu.Lock()
		defer mu.Unlock()
		for _, m := range b.Messages {
			into[m.ID]++
		}
	}
	tr, err := track.New(track.UsermostSink(client), track.WithSpillDir(dir), track.WithConcurrency(4), track.WithMaxRetries(4),
		track.WithBackoff(time.Millisecond, 10*time.Millisecond), track.WithFlushInterval(20*time.Millisecond),
		track.WithSendTimeout(time.Second), track.WithMaxRetryAfter(50*time.Millisecond),
		track.WithOnSuccess(func(b track.Batch) { count(delivered, b) }),
		track.WithOnFailure(func(b track.Batch, _ error) { count(failed, b) }))
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, total)
	start := time.Now()
	for i := range total {
		ids[i] = track.NewMessageIDForTest()
		m := event("u", i)
		m.ID = ids[i]
		if err := tr.Enqueue(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_ = tr.Close(ctx)
	elapsed := time.Since(start)

	spilled := map[string]int{}
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*.json"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var b track.Batch
		if err := json.Unmarshal(data, &b); err != nil {
			t.Fatalf("spill file %s: %v", f, err)
		}
		for _, m := range b.Messages {
			spilled[m.ID]++
		}
	}
	stored := map[float64]int{}
	for _, e := range srv.Events() {
		stored[e.EventData["n"].(float64)]++
	}
	for i, id := range ids {
		if outcomes := delivered[id] + failed[id] + spilled[id]; outcomes != 1 {
			t.Errorf("message %d: delivered %d, failed %d, spilled %d times; want exactly one outcome", i, delivered[id], failed[id], spilled[id])
		}
		if delivered[id] == 1 && stored[float64(i)] != 1 {
			t.Errorf("message %d was reported delivered but stored %d times", i, stored[float64(i)])
		}
		if stored[float64(i)] > 1 {
			t.Errorf("message %d stored %d times", i, stored[float64(i)])
		}
	}
	st := tr.Stats()
	if st.Sent != int64(len(delivered)) || st.Failed != int64(len(failed)) || st.Spilled != int64(len(spilled)) || st.Queued != 0 || st.Enqueued != total {
		t.Errorf("stats %+v disagree with the callbacks and the disk: %d delivered, %d failed, %d spilled", st, len(delivered), len(failed), len(spilled))
	}
	if proxy.Injected() == 0 {
		t.Error("the proxy injected no fault")
	}
	t.Logf("%d messages through %d requests with %d faults injected in %s: %d delivered, %d spilled, %d failed; %d resends absorbed by the idempotency key",
		total, proxy.Requests(), proxy.Injected(), elapsed.Round(time.Millisecond), st.Sent, st.Spilled, st.Failed, srv.Stats().DuplicateRequests)
}
