//go:build !mutation

// The crash tests start processes and run for seconds; the mutation run
// (go run github.com/go-gremlins/gremlins/cmd/gremlins unleash --tags mutation) leaves them
// out, so each mutant is judged by the quicker tests alone.

package track_test

import (
	"bufio"
	"encoding/json"
	"io"
	"log"
	"math/rand/v2"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit/pkg/track"
	"github.com/cdpkit/cdpkit/pkg/usermost/usermosttest"
)

// crashServer is one of the fakes the child talks to.
type crashServer struct {
	name string
	new  func(t *testing.T) (*usermosttest.Server, string)
}

var crashServers = []crashServer{
	{"healthy", func(t *testing.T) (*usermosttest.Server, string) {
		srv := usermosttest.NewServer(t)
		return srv, srv.URL
	}},
	{"failing", func(t *testing.T) (*usermosttest.Server, string) {
		srv := usermosttest.NewServer(t, usermosttest.WithChaos(usermosttest.Chaos{ErrorRate: 0.3, ResetRate: 0.1, Seed: 11}))
		return srv, srv.URL
	}},
	{"slow", func(t *testing.T) (*usermosttest.Server, string) {
		srv := usermosttest.NewServer(t)
		return srv, slowProxy(t, srv.URL, 25*time.Millisecond)
	}},
}

// slowProxy answers every request delay late, so batches are in flight
// when the child is killed.
func slowProxy(t *testing.T, target string, delay time.Duration) string {
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(u)
	proxy.ErrorLog = log.New(io.Discard, "", 0) // a killed child's requests end as "context canceled"
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		timer := time.NewTimer(delay)
		defer timer.Stop()
		select {
		case <-timer.C:
			proxy.ServeHTTP(w, r)
		case <-r.Context().Done():
		}
	})}
	ln := listenLoopback(t)
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return "http://" + ln.Addr().String()
}

// crashFigures are the counts one scenario produced.
type crashFigures struct {
	runs, kills, confirmed, lost, duplicates, absorbed int
}

func (f *crashFigures) add(o crashFigures) {
	f.runs += o.runs
	f.kills += o.kills
	f.confirmed += o.confirmed
	f.lost += o.lost
	f.duplicates += o.duplicates
	f.absorbed += o.absorbed
}

// crashRuns is how many runs per server the test makes in mode;
// TRACK_CRASH_RUNS asks for more (the README's figures come from such a run).
func crashRuns(t *testing.T, mode track.Durability) int {
	if v := os.Getenv("TRACK_CRASH_RUNS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("TRACK_CRASH_RUNS=%q: want a positive number", v)
		}
		return n
	}
	return defaultCrashRuns[mode]
}

// defaultCrashRuns keeps make test quick: the default mode gets more runs.
var defaultCrashRuns = map[track.Durability]int{track.DurableBatch: 2, track.DurableSync: 1, track.MemoryOnly: 1}

func TestCrashLosesNothingThatEnqueueAccepted(t *testing.T) {
	t.Parallel()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range []track.Durability{track.DurableBatch, track.DurableSync} {
		for _, cs := range crashServers {
			t.Run(mode.String()+"/"+cs.name, func(t *testing.T) {
				var total crashFigures
				for run := range crashRuns(t, mode) {
					total.add(crashRun(t, exe, cs, mode, uint64(run)))
				}
				t.Logf("%s, %s server: %d runs, %d kills, %d events confirmed, %d lost, %d stored twice, %d resends absorbed by the idempotency key",
					mode, cs.name, total.runs, total.kills, total.confirmed, total.lost, total.duplicates, total.absorbed)
				if total.kills == 0 {
					t.Error("no child was killed: the test did not test a crash")
				}
				if total.lost != 0 || total.duplicates != 0 {
					t.Errorf("%d events lost and %d stored twice, want none", total.lost, total.duplicates)
				}
			})
		}
	}
}

// TestCrashMemoryOnlyLoses runs the same crashes without the write-ahead
// log. MemoryOnly keeps the queue in memory, so a kill loses what was
// queued: if this harness saw no loss there, it could not see one anywhere.
// With TRACK_CRASH_RUNS set, it measures MemoryOnly's loss for the README.
func TestCrashMemoryOnlyLoses(t *testing.T) {
	t.Parallel()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	runs := crashRuns(t, track.MemoryOnly)
	var all crashFigures
	for _, cs := range crashServers {
		var total crashFigures
		for run := range runs {
			total.add(crashRun(t, exe, cs, track.MemoryOnly, uint64(run)))
		}
		t.Logf("MemoryOnly, %s server: %d runs, %d kills, %d events confirmed, %d lost (%.2f%%), %d stored twice",
			cs.name, total.runs, total.kills, total.confirmed, total.lost, 100*float64(total.lost)/float64(max(total.confirmed, 1)), total.duplicates)
		all.add(total)
	}
	if all.kills == 0 || all.lost == 0 {
		t.Errorf("MemoryOnly lost %d events in %d kills: the harness does not detect loss", all.lost, all.kills)
	}
}

const crashRounds, crashPerRound = 3, 600

// crashRun is one run: crashRounds children on one directory, each killed
// at a seeded random point, then a final replay here.
func crashRun(t *testing.T, exe string, cs crashServer, mode track.Durability, seed uint64) crashFigures {
	t.Helper()
	srv, target := cs.new(t)
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(seed, uint64(mode)))
	fig := crashFigures{runs: 1}
	confirmed := map[int]bool{}
	for round := range crashRounds {
		cfg := crashChildConfig{URL: target, APIKey: srv.APIKey, License: srv.LicenseCode, Dir: dir,
			First: round * crashPerRound, Count: crashPerRound, Durability: mode}
		// One kill point in ten lies past the last event, so some children
		// also finish and close normally.
		killAt := 1 + rng.IntN(crashPerRound+crashPerRound/10)
		got, killed := runChild(t, exe, cfg, killAt)
		for _, n := range got {
			confirmed[n] = true
		}
		if killed {
			fig.kills++
		}
	}
	// The restart finds the server itself, without the slow proxy.
	client := usermostClient(t, srv, srv.URL)
	tr, err := track.New(track.UsermostSink(client), track.WithSpillDir(dir), track.WithMaxRetries(50),
		track.WithBackoff(time.Millisecond, 20*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	closeOK(t, tr)

	stored := map[int]int{}
	for _, e := range srv.EventsFor("crash") {
		stored[int(e.EventData["n"].(float64))]++
	}
	for n := range confirmed {
		if stored[n] == 0 {
			fig.lost++
		}
	}
	for _, c := range stored {
		if c > 1 {
			fig.duplicates += c - 1
		}
	}
	fig.confirmed = len(confirmed)
	fig.absorbed = srv.Stats().DuplicateRequests
	return fig
}

// runChild starts a child and kills it with SIGKILL once it has confirmed
// killAt events. It returns the events confirmed and whether it was killed.
func runChild(t *testing.T, exe string, cfg crashChildConfig, killAt int) (confirmed []int, killed bool) {
	t.Helper()
	raw, _ := json.Marshal(cfg)
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+string(raw))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr lockedBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		n, err := strconv.Atoi(sc.Text())
		if err != nil {
			t.Fatalf("child printed %q", sc.Text())
		}
		confirmed = append(confirmed, n)
		if len(confirmed) == killAt {
			_ = cmd.Process.Kill()
			killed = true
		}
	}
	err = cmd.Wait()
	if !killed && err != nil {
		t.Fatalf("child failed: %v\n%s", err, stderr.String())
	}
	return confirmed, killed
}

type lockedBuffer struct {
	mu  sync.Mutex
	buf []byte
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	return len(p), nil
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}
