package bench

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"

	"github.com/google/pprof/profile"

	"github.com/cdpkit/cdpkit/bench/internal/countserver"
)

// Profiling: with Config.ProfileDir set, each side of the per-request,
// Tracker and import scenarios runs once more with a CPU profile and an
// allocation profile. For exact allocation counts the program must set
// runtime.MemProfileRate = 1 before it allocates anything (cmd/cdpbench does
// with -profile). For each side three files are written:
//
//	SCENARIO.SIDE.cpu.pprof     CPU profile of the measured work
//	SCENARIO.SIDE.allocs.pprof  allocations made during the work alone
//	SCENARIO.SIDE.txt           those allocations per operation, by function
//
// Read the .pprof files with `go tool pprof`.

func profilePerRequest(ctx context.Context, e *env, callers []caller) error {
	for _, c := range callers {
		if err := warmUp(ctx, c); err != nil {
			return err
		}
		n := e.cfg.RequestCalls
		if err := e.profileRun("per-request", c.name, "call", int64(n), func() error { return serialCalls(ctx, c, n) }); err != nil {
			return err
		}
	}
	return nil
}

func profileTracker(e *env, sides []pipeline) error {
	n := e.cfg.TrackerEvents
	for _, p := range sides {
		enqueue, closeFn, err := p.start(e.srv.URL)
		if err != nil {
			return err
		}
		if err := e.profileRun("tracker", p.name, "event", int64(n), func() error { return feed(n, e.cfg.TrackerGoroutines, enqueue, closeFn) }); err != nil {
			return err
		}
	}
	return nil
}

func profileImport(ctx context.Context, e *env, ups []uploader, lines int64) error {
	for _, up := range ups {
		err := e.profileRun("import", up.name, "upload", lines, func() error { return up.upload(ctx, countserver.NewImportStream(lines)) })
		if err != nil {
			return err
		}
	}
	return nil
}

var unsafeName = regexp.MustCompile(`[^a-zA-Z0-9]+`)

// profileRun profiles work, which must deliver expect events to the
// counting server; ops is how many operations it makes, for per-op figures.
func (e *env) profileRun(scenario, side, op string, expect int64, work func() error) error {
	if runtime.MemProfileRate != 1 {
		return fmt.Errorf("profiles: runtime.MemProfileRate is %d; set it to 1 at the start of the program for exact counts", runtime.MemProfileRate)
	}
	name := scenario + "." + strings.Trim(strings.ToLower(unsafeName.ReplaceAllString(side, "-")), "-")
	path := filepath.Join(e.cfg.ProfileDir, name)
	if err := os.MkdirAll(e.cfg.ProfileDir, 0o755); err != nil {
		return err
	}
	if err := e.srv.Reset(); err != nil {
		return err
	}
	base, err := allocProfile()
	if err != nil {
		return err
	}
	cpu, err := os.Create(path + ".cpu.pprof")
	if err != nil {
		return err
	}
	defer cpu.Close()
	if err := pprof.StartCPUProfile(cpu); err != nil {
		return err
	}
	werr := work()
	pprof.StopCPUProfile()
	if werr != nil {
		return fmt.Errorf("%s: %w", side, werr)
	}
	after, err := allocProfile()
	if err != nil {
		return err
	}
	if _, err := e.srv.Verify(expect); err != nil {
		return fmt.Errorf("%s: %w", side, err)
	}
	base.Scale(-1)
	delta, err := profile.Merge([]*profile.Profile{after, base})
	if err != nil {
		return err
	}
	f, err := os.Create(path + ".allocs.pprof")
	if err != nil {
		return err
	}
	defer f.Close()
	if err := delta.Write(f); err != nil {
		return err
	}
	txt, err := os.Create(path + ".txt")
	if err != nil {
		return err
	}
	defer txt.Close()
	writeAllocSummary(txt, fmt.Sprintf("%s, %s: allocations per %s over %d %ss", scenario, side, op, expect, op), delta, float64(expect))
	e.logf("   wrote %s.{cpu.pprof,allocs.pprof,txt}", path)
	return nil
}

// allocProfile returns the allocations so far. The runtime publishes a
// sample after the collection that follows it, hence the two collections.
func allocProfile() (*profile.Profile, error) {
	runtime.GC()
	runtime.GC()
	var buf bytes.Buffer
	if err := pprof.Lookup("allocs").WriteTo(&buf, 0); err != nil {
		return nil, err
	}
	return profile.Parse(&buf)
}

type siteCount struct {
	fn             string
	objects, bytes float64
}

// writeAllocSummary lists where p's allocations come from, per operation:
// by the function that allocated (flat) and by every function on the stack
// (cumulative), the most first.
func writeAllocSummary(w io.Writer, title string, p *profile.Profile, ops float64) {
	objIdx, byteIdx := -1, -1
	for i, st := range p.SampleType {
		switch st.Type {
		case "alloc_objects":
			objIdx = i
		case "alloc_space":
			byteIdx = i
		}
	}
	if objIdx < 0 || byteIdx < 0 {
		fmt.Fprintln(w, "no allocation samples in the profile")
		return
	}
	flat, cum := map[string]*siteCount{}, map[string]*siteCount{}
	var totalObj, totalBytes float64
	add := func(m map[string]*siteCount, fn string, o, b float64) {
		c := m[fn]
		if c == nil {
			c = &siteCount{fn: fn}
			m[fn] = c
		}
		c.objects += o
		c.bytes += b
	}
	for _, s := range p.Sample {
		o, b := float64(s.Value[objIdx]), float64(s.Value[byteIdx])
		if o == 0 && b == 0 {
			continue
		}
		totalObj += o
		totalBytes += b
		seen := map[string]bool{}
		for li, loc := range s.Location {
			for ln, line := range loc.Line {
				name := "?"
				if line.Function != nil {
					name = line.Function.Name
				}
				if li == 0 && ln == 0 {
					add(flat, name, o, b)
				}
				if !seen[name] {
					seen[name] = true
					add(cum, name, o, b)
				}
			}
		}
	}
	fmt.Fprintf(w, "%s\ntotal: %.2f allocations, %.0f bytes per op\n", title, totalObj/ops, totalBytes/ops)
	for _, part := range []struct {
		title string
		m     map[string]*siteCount
		top   int
	}{{"flat (the function that allocated)", flat, 30}, {"cumulative (allocations under the function)", cum, 60}} {
		rows := make([]*siteCount, 0, len(part.m))
		for _, c := range part.m {
			rows = append(rows, c)
		}
		slices.SortFunc(rows, func(a, b *siteCount) int {
			return cmp.Or(cmp.Compare(b.objects, a.objects), strings.Compare(a.fn, b.fn))
		})
		fmt.Fprintf(w, "\n%s\n%12s %12s  %s\n", part.title, "allocs/op", "bytes/op", "function")
		for _, c := range rows[:min(part.top, len(rows))] {
			fmt.Fprintf(w, "%12.2f %12.0f  %s\n", c.objects/ops, c.bytes/ops, c.fn)
		}
	}
}
