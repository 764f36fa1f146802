package bench

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit/bench/internal/harness"
)

// TestSmoke runs every scenario once with tiny sizes, through the same code
// as make bench: a scenario that errors, or whose events the server does not
// count exactly once, fails it.
func TestSmoke(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cfg := SmokeConfig()
	cfg.WorkDir = t.TempDir()
	report, err := Run(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(report.Sections) != len(ScenarioNames) {
		t.Fatalf("%d sections, want one per scenario (%d)", len(report.Sections), len(ScenarioNames))
	}
	md := report.Markdown()
	for _, want := range []string{
		"| latency, round-robin paired (µs, median call) |",
		"| events lost (server count) | 0 | 0 |  | 0 |  |",
		"| events stored twice (server count) | 0 | 0 |  | 0 |  |",
		"| throughput (MiB/s) |",
		"| binary size added over net/http only (MB) |",
		"load average (1, 5, 15 min) | before ",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("RESULTS.md lacks %q:\n%s", want, md)
		}
	}
	// Every side of every table has a figure: an empty cell would mean a
	// side silently measured nothing.
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "| ") && strings.Contains(line, "| – |") && !strings.Contains(line, "compile time") {
			t.Errorf("a cell has no figure: %s", line)
		}
	}
}

// TestAMiscountFailsTheRun proves the check is real: through the same
// child-process server and control calls as the suite, a side that loses an
// event or sends one twice makes the measurement fail.
func TestAMiscountFailsTheRun(t *testing.T) {
	ctx := context.Background()
	moduleDir, err := findModuleDir("")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := harness.StartServer(ctx, moduleDir, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	e := &env{cfg: SmokeConfig(), srv: srv}
	callers, err := newCallers(srv.URL, pooledClient)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range callers {
		send := func(seqs ...int64) func() error {
			return func() error {
				for _, s := range seqs {
					if err := c.call(ctx, s); err != nil {
						return err
					}
				}
				return nil
			}
		}
		if _, err := e.verified(c.name, 3, false, send(0, 1, 2)); err != nil {
			t.Errorf("%s: all sent once: %v", c.name, err)
		}
		if _, err := e.verified(c.name, 3, false, send(0, 2)); err == nil || !strings.Contains(err.Error(), "1 of 3 events lost") {
			t.Errorf("%s: one lost: %v", c.name, err)
		}
		if _, err := e.verified(c.name, 3, false, send(0, 1, 1, 2)); err == nil || !strings.Contains(err.Error(), "1 events stored twice") {
			t.Errorf("%s: one twice: %v", c.name, err)
		}
	}
}

// TestTheServerDiesWithTheHarness: closing the child's standard input, as
// the end of the harness process does, stops it.
func TestTheServerDiesWithTheHarness(t *testing.T) {
	moduleDir, err := findModuleDir("")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	srv, err := harness.StartServer(context.Background(), moduleDir, dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Close(); err != nil {
		t.Errorf("the server did not exit cleanly on stdin EOF: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "countserver")); err != nil {
		t.Error(err)
	}
}
