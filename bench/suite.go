package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/cdpkit/cdpkit/bench/internal/harness"
)

// Config sizes a run of the suite.
type Config struct {
	// Runs is how many interleaved runs each scenario makes; every figure
	// is the median over them, with min and max.
	Runs int
	// RequestCalls is the calls per side per run for serial latency and
	// allocations; ParallelCalls those shared by Parallelism goroutines;
	// PairedRounds the rounds of one call per side, sides in turn.
	RequestCalls, ParallelCalls, Parallelism, PairedRounds int
	// TrackerEvents are enqueued by TrackerGoroutines goroutines.
	TrackerEvents, TrackerGoroutines int
	// ImportBytes is the size of the generated import stream.
	ImportBytes int64
	// CompileRuns is how many times each footprint program is compiled
	// from a cache holding only the standard library; 0 skips compile
	// times (the smoke pass), which takes a cold standard library build.
	CompileRuns int
	// Only limits the run to the named scenarios (ScenarioNames); empty
	// runs all.
	Only []string
	// ProfileDir, when set, makes the run write profiles of each side
	// instead of measuring; ProfileKind says which (ProfileAllocs or
	// ProfileCPU). See profile.go.
	ProfileDir, ProfileKind string
	// ModuleDir is the bench module's directory ("" finds it from the
	// working directory); WorkDir holds builds (default: a temporary one).
	ModuleDir, WorkDir string
	// Log receives progress lines; nil discards them.
	Log io.Writer
}

// FullConfig is what make bench runs: the sizes of issue 12, within ten
// minutes on two cores.
func FullConfig() Config {
	return Config{
		Runs:         5,
		RequestCalls: 2000, ParallelCalls: 4000, Parallelism: 8, PairedRounds: 2000,
		TrackerEvents: 200_000, TrackerGoroutines: 8,
		ImportBytes: 1 << 30,
		CompileRuns: 3,
	}
}

// SmokeConfig runs every scenario once with tiny sizes: what make test
// runs so the suite cannot rot.
func SmokeConfig() Config {
	return Config{
		Runs:         1,
		RequestCalls: 20, ParallelCalls: 40, Parallelism: 4, PairedRounds: 10,
		TrackerEvents: 2000, TrackerGoroutines: 8,
		ImportBytes: 1 << 20,
		CompileRuns: 0,
	}
}

// ScenarioNames lists the scenarios in the order they run.
var ScenarioNames = []string{"per-request", "tracker", "import", "footprint"}

type scenario struct {
	name string
	run  func(ctx context.Context, e *env) (Section, error)
}

var scenarios = []scenario{
	{"per-request", runPerRequest},
	{"tracker", runTracker},
	{"import", runImport},
	{"footprint", runFootprint},
}

// env is what a scenario gets: the configuration and the counting server.
type env struct {
	cfg     Config
	srv     *harness.Server
	workDir string
}

func (e *env) logf(format string, args ...any) {
	if e.cfg.Log != nil {
		fmt.Fprintf(e.cfg.Log, format+"\n", args...)
	}
}

// verified runs one side's measured work against a freshly reset server
// and fails unless the server received each of the expected events
// exactly once.
func (e *env) verified(side string, expect int64, sampleHeap bool, work func() error) (harness.Usage, error) {
	if err := e.srv.Reset(); err != nil {
		return harness.Usage{}, err
	}
	u, err := harness.Measure(sampleHeap, work)
	if err != nil {
		return u, fmt.Errorf("%s: %w", side, err)
	}
	if _, err := e.srv.Verify(expect); err != nil {
		return u, fmt.Errorf("%s: %w", side, err)
	}
	return u, nil
}

// Section is one scenario's part of RESULTS.md.
type Section struct {
	Title string
	// Intro says what was measured and how, Table holds the figures and
	// Notes what a reader needs to judge them.
	Intro, Table string
	Notes        []string
}

// Report is a whole run.
type Report struct {
	Machine               harness.Machine
	LoadBefore, LoadAfter string
	Started               time.Time
	Took                  time.Duration
	Config                Config
	Sections              []Section
}

// Run runs the configured scenarios against a counting server in a child
// process and returns their tables. Any scenario error, a mismatch in the
// server's counts included, fails the whole run.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	for _, name := range cfg.Only {
		if !slices.Contains(ScenarioNames, name) {
			return nil, fmt.Errorf("bench: unknown scenario %q (have %s)", name, strings.Join(ScenarioNames, ", "))
		}
	}
	if cfg.Runs < 1 {
		return nil, errors.New("bench: Runs must be at least 1")
	}
	moduleDir, err := findModuleDir(cfg.ModuleDir)
	if err != nil {
		return nil, err
	}
	cfg.ModuleDir = moduleDir
	workDir := cfg.WorkDir
	if workDir == "" {
		if workDir, err = os.MkdirTemp("", "cdpkit-bench-"); err != nil {
			return nil, err
		}
		defer os.RemoveAll(workDir)
	}
	r := &Report{Machine: harness.ThisMachine(moduleDir), LoadBefore: harness.LoadAverage(), Started: time.Now(), Config: cfg}
	srv, err := harness.StartServer(ctx, moduleDir, workDir)
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	e := &env{cfg: cfg, srv: srv, workDir: workDir}
	for _, sc := range scenarios {
		if len(cfg.Only) > 0 && !slices.Contains(cfg.Only, sc.name) {
			continue
		}
		if cfg.ProfileDir != "" && sc.name == "footprint" {
			continue // nothing runs in-process to profile
		}
		e.logf("== %s", sc.name)
		start := time.Now()
		sec, err := sc.run(ctx, e)
		if err != nil {
			return nil, fmt.Errorf("bench: %s: %w", sc.name, err)
		}
		e.logf("   %s took %s", sc.name, time.Since(start).Round(time.Millisecond))
		r.Sections = append(r.Sections, sec)
	}
	r.Took = time.Since(r.Started)
	r.LoadAfter = harness.LoadAverage()
	return r, nil
}

// findModuleDir returns dir if given, else the nearest directory at or
// above the working directory whose go.mod is the bench module's.
func findModuleDir(dir string) (string, error) {
	if dir != "" {
		return filepath.Abs(dir)
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if b, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil && strings.Contains(string(b), "module github.com/cdpkit/cdpkit/bench\n") {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("bench: no bench module at or above %s: run from the bench directory or set ModuleDir", wd)
		}
	}
}
