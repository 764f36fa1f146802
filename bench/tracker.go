package bench

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/posthog/posthog-go"

	"github.com/cdpkit/cdpkit/pkg/track"

	"github.com/cdpkit/cdpkit/bench/internal/countserver"
	"github.com/cdpkit/cdpkit/bench/internal/harness"
)

// The Tracker scenario: events from several goroutines through a background
// batching client until Close has delivered them all.
const (
	sideTracker        = "cdpkit Tracker (Usermost sink, batch 25)"
	sidePosthog25      = "posthog-go, batch 25"
	sidePosthogDefault = "posthog-go, default batch (250)"
)

// pipeline is one side: a fresh client per run, fed by producers.
type pipeline struct {
	name string
	// start builds the client; enqueue sends event seq from producer g;
	// close delivers everything and reports a loss the client noticed.
	start func(baseURL string) (enqueue func(g int, seq int64) error, close func() error, err error)
}

func trackerSides() []pipeline {
	return []pipeline{
		{sideTracker, startTracker},
		{sidePosthog25, func(url string) (func(int, int64) error, func() error, error) { return startPosthog(url, 25) }},
		{sidePosthogDefault, func(url string) (func(int, int64) error, func() error, error) { return startPosthog(url, 0) }},
	}
}

// userIDs are the producers' user ids, made once so no side pays for them.
var userIDs = func() []string {
	ids := make([]string, 64)
	for i := range ids {
		ids[i] = fmt.Sprintf("u-%d", i)
	}
	return ids
}()

func startTracker(baseURL string) (func(int, int64) error, func() error, error) {
	// Defaults throughout: the sink caps batches at 25, Usermost's limit.
	tr, err := newUsermostTracker(baseURL)
	if err != nil {
		return nil, nil, err
	}
	ctx := context.Background()
	enqueue := func(g int, seq int64) error {
		return tr.Enqueue(ctx, track.Message{Type: track.TypeTrack, UserID: userIDs[g%len(userIDs)], Event: benchEventName, Properties: eventData(seq)})
	}
	closeFn := func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		if err := tr.Close(ctx); err != nil {
			return err
		}
		if st := tr.Stats(); st.Sent != st.Enqueued || st.Failed+st.Spilled+st.Dropped > 0 {
			return fmt.Errorf("tracker stats: %+v", st)
		}
		return nil
	}
	return enqueue, closeFn, nil
}

// countingLogger keeps posthog-go's error log off the terminal and counts
// it: posthog-go reports a dropped batch only there and in a callback.
type countingLogger struct{ errors atomic.Int64 }

func (l *countingLogger) Logf(string, ...any)   {}
func (l *countingLogger) Errorf(string, ...any) { l.errors.Add(1) }

func startPosthog(baseURL string, batch int) (func(int, int64) error, func() error, error) {
	// posthog-go's default transport is http.DefaultTransport; start each
	// run without the previous run's connections.
	http.DefaultTransport.(*http.Transport).CloseIdleConnections()
	logger := &countingLogger{}
	client, err := posthog.NewWithConfig(countserver.APIKey, posthog.Config{Endpoint: baseURL, BatchSize: batch, Logger: logger})
	if err != nil {
		return nil, nil, err
	}
	enqueue := func(g int, seq int64) error {
		return client.Enqueue(posthog.Capture{DistinctId: userIDs[g%len(userIDs)], Event: benchEventName, Properties: eventData(seq)})
	}
	closeFn := func() error {
		if err := client.Close(); err != nil {
			return err
		}
		if n := logger.errors.Load(); n > 0 {
			return fmt.Errorf("posthog-go logged %d errors", n)
		}
		return nil
	}
	return enqueue, closeFn, nil
}

// feed enqueues events 0..n-1 from goroutines producers, each its own
// contiguous range, then closes the client.
func feed(n, producers int, enqueue func(int, int64) error, closeFn func() error) error {
	var wg sync.WaitGroup
	errs := make(chan error, producers)
	per := (n + producers - 1) / producers
	for g := range producers {
		lo, hi := g*per, min((g+1)*per, n)
		wg.Go(func() {
			for seq := lo; seq < hi; seq++ {
				if err := enqueue(g, int64(seq)); err != nil {
					errs <- fmt.Errorf("enqueue %d: %w", seq, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		_ = closeFn()
		return err
	}
	return closeFn()
}

func runTracker(ctx context.Context, e *env) (Section, error) {
	sides := trackerSides()
	if e.cfg.ProfileDir != "" {
		return Section{}, profileTracker(e, sides)
	}
	s := harness.Samples{}
	n := e.cfg.TrackerEvents
	for run := range e.cfg.Runs {
		for _, i := range harness.Order(len(sides), run) {
			p := sides[i]
			enqueue, closeFn, err := p.start(e.srv.URL)
			if err != nil {
				return Section{}, fmt.Errorf("%s: %w", p.name, err)
			}
			u, err := e.verified(p.name, int64(n), true, func() error { return feed(n, e.cfg.TrackerGoroutines, enqueue, closeFn) })
			if err != nil {
				return Section{}, err
			}
			c, err := e.srv.Counts(int64(n))
			if err != nil {
				return Section{}, err
			}
			s.Add(p.name, "events_per_s", float64(n)/u.Elapsed.Seconds())
			s.Add(p.name, "allocs", float64(u.Mallocs)/float64(n))
			s.Add(p.name, "bytes", float64(u.Bytes)/float64(n))
			s.Add(p.name, "peak_heap", float64(u.PeakHeap))
			s.Add(p.name, "requests", float64(c.Requests))
			s.Add(p.name, "connections", float64(c.Connections))
			s.Add(p.name, "server_cpu", c.ServerCPU*1e6/float64(n))
			s.Add(p.name, "lost", float64(c.Missing))
			s.Add(p.name, "dups", float64(c.Duplicates))
			e.logf("   run %d/%d %s: %.0f events/s, %.1f allocs/event", run+1, e.cfg.Runs, p.name, float64(n)/u.Elapsed.Seconds(), float64(u.Mallocs)/float64(n))
		}
	}
	table := harness.Table{
		Subjects: []string{sideTracker},
		Peers:    []string{sidePosthog25, sidePosthogDefault},
		Metrics: []harness.Metric{
			{Key: "events_per_s", Label: "events/s, first Enqueue to Close returned"},
			{Key: "allocs", Label: "allocations per event"},
			{Key: "bytes", Label: "bytes allocated per event"},
			{Key: "peak_heap", Label: "peak heap growth (MiB)", Format: harness.MiB},
			{Key: "requests", Label: "requests the server answered", Format: harness.Int},
			{Key: "connections", Label: "connections opened", Format: harness.Int, NoRatio: true},
			{Key: "server_cpu", Label: "server CPU per event (µs)"},
			{Key: "lost", Label: "events lost (server count)", Format: harness.Int, NoRatio: true},
			{Key: "dups", Label: "events stored twice (server count)", Format: harness.Int, NoRatio: true},
		},
	}
	return Section{
		Title: "Tracker: background batching against posthog-go",
		Intro: fmt.Sprintf("%s events (user id, event name, two properties built per event) from %d goroutines, each its own range, "+
			"then Close; the clock runs from the first Enqueue until Close has returned. Every client at its defaults but the batch size. "+
			"cdpkit's Usermost sink caps batches at 25 (Usermost's limit), so its default and the equal-size comparison are the same run. "+
			"Ratio = cdpkit ÷ peer: above 1 is better for events/s, below 1 for allocations.",
			harness.Int(float64(n)), e.cfg.TrackerGoroutines),
		Table: table.Markdown(s),
		Notes: []string{
			"The server answers PostHog as its capture endpoint does, with a small JSON body. posthog-go closes each response without reading it, so Go cannot reuse the connection: it opens one connection per batch (the connections row).",
			"Allocations and heap count every goroutine of the process, so they include the producers' own messages (one properties map per event on each side).",
			"posthog-go sends every batch from a new goroutine with no bound on how many run at once; cdpkit runs 4 deliveries at a time (its default).",
		},
	}, nil
}
