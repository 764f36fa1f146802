package bench

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	gen "github.com/cdpkit/cdpkit/gen/usermost"
	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/usermost"

	"github.com/cdpkit/cdpkit/bench/internal/countserver"
	"github.com/cdpkit/cdpkit/bench/internal/harness"
)

// The per-request scenario: one Usermost track POST, the same event and the
// same answer, through three clients.
const (
	sideWrapper    = "cdpkit pkg/usermost"
	sideNetHTTP    = "net/http, hand-written"
	sideGenerated  = "raw generated client"
	licenseCode    = "bench-license"
	benchEventName = "Bench Event"
)

// caller sends one event numbered seq and reports whether the API stored it.
type caller struct {
	name string
	call func(ctx context.Context, seq int64) error
}

// eventData is what every side sends as the event's attributes: built per
// call by the caller on every side alike, as a program would.
func eventData(seq int64) map[string]any { return map[string]any{"seq": seq, "plan": "pro"} }

// newCallers builds the three sides against baseURL. The hand-written and
// generated sides get httpClient (pooledClient: a connection pool like the
// wrapper's default, 16 idle connections per host, so connection handling
// is equal and the client code is what differs); the wrapper gets
// wrapperOpts on top of its base URL and credentials.
func newCallers(baseURL string, httpClient func() *http.Client, wrapperOpts ...option.RequestOption) ([]caller, error) {
	opts := append([]option.RequestOption{option.WithBaseURL(baseURL), option.WithAPIKey(countserver.APIKey), option.WithLicenseCode(licenseCode)}, wrapperOpts...)
	wrapper, err := usermost.NewClient(opts...)
	if err != nil {
		return nil, err
	}
	hand := &handWritten{client: httpClient(), url: baseURL + "/v1/accounts/" + licenseCode + "/events", auth: "Bearer " + countserver.APIKey}
	raw, err := gen.NewClient(baseURL, gen.WithHTTPClient(httpClient()), gen.WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
		req.Header.Set("Authorization", "Bearer "+countserver.APIKey)
		return nil
	}))
	if err != nil {
		return nil, err
	}
	return []caller{
		{sideWrapper, func(ctx context.Context, seq int64) error {
			_, err := wrapper.TrackEvent(ctx, usermost.Event{UserID: "u-42", EventName: benchEventName, EventData: eventData(seq)})
			return err
		}},
		{sideNetHTTP, hand.call},
		{sideGenerated, func(ctx context.Context, seq int64) error {
			id := randomID()
			resp, err := raw.TrackEvent(ctx, licenseCode, &gen.TrackEventParams{RequestID: &id}, gen.Event{UserID: "u-42", EventName: benchEventName, EventData: eventData(seq)})
			if err != nil {
				return err
			}
			return readAccepted(resp)
		}},
	}, nil
}

func pooledClient() *http.Client { return &http.Client{Transport: pooledTransport()} }

func pooledTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 16
	return t
}

// writesPerCall counts the socket writes each side makes per call, through
// a dialer that counts them; the wrapper is given an http.Client with the
// same transport settings as its default, so that its writes can be seen.
// Headers and body in one write is what net/http does for a body it knows
// is in memory.
func writesPerCall(ctx context.Context, baseURL string, calls int) (map[string]float64, error) {
	var writes atomic.Int64
	counting := func() *http.Client {
		t := pooledTransport()
		var d net.Dialer
		t.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := d.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return writeCounter{Conn: c, n: &writes}, nil
		}
		return &http.Client{Transport: t}
	}
	callers, err := newCallers(baseURL, counting, option.WithHTTPClient(counting()))
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	for _, c := range callers {
		if err := warmUp(ctx, c); err != nil {
			return nil, err
		}
		writes.Store(0)
		if err := serialCalls(ctx, c, calls); err != nil {
			return nil, fmt.Errorf("%s: %w", c.name, err)
		}
		out[c.name] = float64(writes.Load()) / float64(calls)
	}
	return out, nil
}

type writeCounter struct {
	net.Conn
	n *atomic.Int64
}

func (w writeCounter) Write(p []byte) (int, error) {
	w.n.Add(1)
	return w.Conn.Write(p)
}

// handWritten is what a careful program would write with net/http alone:
// encode, set the key, content type and an idempotency key, check the
// status and the envelope.
type handWritten struct {
	client    *http.Client
	url, auth string
}

type handEvent struct {
	UserID    string         `json:"userId,omitempty"`
	EventName string         `json:"eventName"`
	EventData map[string]any `json:"eventData,omitempty"`
}

func (h *handWritten) call(ctx context.Context, seq int64) error {
	body, err := json.Marshal(handEvent{UserID: "u-42", EventName: benchEventName, EventData: eventData(seq)})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", h.auth)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("x-request-id", randomID())
	resp, err := h.client.Do(req)
	if err != nil {
		return err
	}
	return readAccepted(resp)
}

// readAccepted checks a Usermost answer the way the wrapper does: a 2xx
// whose envelope reports success.
func readAccepted(resp *http.Response) error {
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	var env struct {
		Response struct {
			Status  string `json:"status"`
			Message string `json:"message"`
		} `json:"response"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil {
		return err
	}
	if env.Response.Status != "success" {
		return fmt.Errorf("envelope status %q: %s", env.Response.Status, env.Response.Message)
	}
	_, err := io.Copy(io.Discard, resp.Body) // lets the connection be reused
	return err
}

// randomID is a 32-hex-digit idempotency key, as the wrapper makes.
func randomID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func runPerRequest(ctx context.Context, e *env) (Section, error) {
	callers, err := newCallers(e.srv.URL, pooledClient)
	if err != nil {
		return Section{}, err
	}
	if e.cfg.ProfileDir != "" {
		return Section{}, profilePerRequest(ctx, e, callers)
	}
	s := harness.Samples{}
	for run := range e.cfg.Runs {
		for _, i := range harness.Order(len(callers), run) {
			c := callers[i]
			if err := warmUp(ctx, c); err != nil {
				return Section{}, err
			}
			n := e.cfg.RequestCalls
			u, err := e.verified(c.name, int64(n), false, func() error { return serialCalls(ctx, c, n) })
			if err != nil {
				return Section{}, err
			}
			s.Add(c.name, "serial", micros(u.Elapsed)/float64(n))
			s.Add(c.name, "allocs", float64(u.Mallocs)/float64(n))
			s.Add(c.name, "bytes", float64(u.Bytes)/float64(n))
			n = e.cfg.ParallelCalls
			u, err = e.verified(c.name+" (parallel)", int64(n), false, func() error { return parallelCalls(ctx, c, n, e.cfg.Parallelism) })
			if err != nil {
				return Section{}, err
			}
			s.Add(c.name, "parallel", micros(u.Elapsed)/float64(n))
			s.Add(c.name, "parallel_allocs", float64(u.Mallocs)/float64(n))
		}
		medians, err := e.pairedRun(ctx, callers, run)
		if err != nil {
			return Section{}, err
		}
		for i, c := range callers {
			s.Add(c.name, "paired", medians[i])
		}
		writes, err := writesPerCall(ctx, e.srv.URL, 20)
		if err != nil {
			return Section{}, err
		}
		for side, w := range writes {
			s.Add(side, "writes", w)
		}
		e.logf("   run %d/%d: %s %.0f µs, %s %.0f µs (paired medians)", run+1, e.cfg.Runs, callers[0].name, medians[0], callers[1].name, medians[1])
	}
	table := harness.Table{
		Subjects: []string{sideWrapper},
		Peers:    []string{sideNetHTTP, sideGenerated},
		Metrics: []harness.Metric{
			{Key: "paired", Label: "latency, round-robin paired (µs, median call)"},
			{Key: "serial", Label: "latency, serial (µs/call)"},
			{Key: "parallel", Label: fmt.Sprintf("wall time per call, %d goroutines (µs)", e.cfg.Parallelism)},
			{Key: "allocs", Label: "allocations per call (serial)"},
			{Key: "parallel_allocs", Label: "allocations per call (parallel)"},
			{Key: "bytes", Label: "bytes allocated per call"},
			{Key: "writes", Label: "socket writes per call"},
		},
	}
	return Section{
		Title: "Per request: one Usermost track POST",
		Intro: fmt.Sprintf("The same event (`userId`, `eventName`, two `eventData` attributes built per call) through "+
			"`pkg/usermost` `TrackEvent`, hand-written net/http (encode, key, content type, `x-request-id`, status and envelope checked) "+
			"and the raw generated client `gen/usermost` (plain `TrackEvent`, the same answer check). Serial: %d calls per side per run; "+
			"parallel: %d calls from %d goroutines; paired: %d rounds of one call per side, the order rotating each round, "+
			"each side's median call per run. Ratio = cdpkit ÷ peer, run by run: below 1 is better.",
			e.cfg.RequestCalls, e.cfg.ParallelCalls, e.cfg.Parallelism, e.cfg.PairedRounds),
		Table: table.Markdown(s),
		Notes: []string{
			"All three sides keep up to 16 idle connections per host (the wrapper's default), so the figures compare client code, not connection pools.",
			"Socket writes are counted in a separate pass through a counting dialer; the wrapper is given an http.Client with its default transport settings for it.",
			"Allocations count every goroutine of the benchmark process (net/http's connection goroutines included); the server runs in a child process.",
		},
	}, nil
}

func micros(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }

// warmUp opens the side's connections and fills its caches before any
// figure is taken.
func warmUp(ctx context.Context, c caller) error {
	for i := range 50 {
		if err := c.call(ctx, int64(i)); err != nil {
			return fmt.Errorf("%s: warm-up: %w", c.name, err)
		}
	}
	return nil
}

func serialCalls(ctx context.Context, c caller, n int) error {
	for i := range n {
		if err := c.call(ctx, int64(i)); err != nil {
			return err
		}
	}
	return nil
}

func parallelCalls(ctx context.Context, c caller, n, goroutines int) error {
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, goroutines)
	for range goroutines {
		wg.Go(func() {
			for {
				seq := next.Add(1) - 1
				if seq >= int64(n) {
					return
				}
				if err := c.call(ctx, seq); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// pairedRun makes rounds of one call per side, the starting side rotating
// each round, and returns each side's median call latency in µs. Machine
// noise lands on all sides within a round alike.
func (e *env) pairedRun(ctx context.Context, callers []caller, run int) ([]float64, error) {
	rounds := e.cfg.PairedRounds
	lat := make([][]float64, len(callers))
	for i := range lat {
		lat[i] = make([]float64, 0, rounds)
	}
	if err := e.srv.Reset(); err != nil {
		return nil, err
	}
	seq := int64(0)
	for r := range rounds {
		for k := range callers {
			i := (r + run + k) % len(callers)
			start := time.Now()
			if err := callers[i].call(ctx, seq); err != nil {
				return nil, fmt.Errorf("%s (paired): %w", callers[i].name, err)
			}
			lat[i] = append(lat[i], micros(time.Since(start)))
			seq++
		}
	}
	if _, err := e.srv.Verify(seq); err != nil {
		return nil, fmt.Errorf("paired run: %w", err)
	}
	medians := make([]float64, len(callers))
	for i, l := range lat {
		medians[i] = harness.Summarize(l).Median
	}
	return medians, nil
}
