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
// Tracker and import scenarios runs once more under a profile instead of
// being measured. The two kinds run in separate processes, because
// recording every allocation (runtime.MemProfileRate = 1, which the program
// must set before it allocates anything; cmd/cdpbench does) distorts a CPU
// profile. For each side and kind:
//
//	SCENARIO.SIDE.KIND.pprof  the profile of the work alone (go tool pprof)
//	SCENARIO.SIDE.KIND.txt    its figures per operation, by function
const (
	ProfileAllocs = "allocs"
	ProfileCPU    = "cpu"
)

// profileCallsFactor lengthens the per-request work under the CPU profile,
// whose 100 Hz sampling needs a few seconds to say anything.
const profileCallsFactor = 10

func profilePerRequest(ctx context.Context, e *env, callers []caller) error {
	n := e.cfg.RequestCalls
	if e.cfg.ProfileKind == ProfileCPU {
		n *= profileCallsFactor
	}
	for _, c := range callers {
		if err := warmUp(ctx, c); err != nil {
			return err
		}
		if err := e.profileRun("per-request", c.name, "call", float64(n), int64(n), func() error { return serialCalls(ctx, c, n) }); err != nil {
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
		if err := e.profileRun("tracker", p.name, "event", float64(n), int64(n), func() error { return feed(n, e.cfg.TrackerGoroutines, enqueue, closeFn) }); err != nil {
			return err
		}
	}
	return nil
}

func profileImport(ctx context.Context, e *env, ups []uploader, lines int64) error {
	if e.cfg.ProfileKind == ProfileCPU {
		lines *= 4 // the client spends about 0.3 s of CPU a GiB: too few samples
	}
	mib := float64(lines*int64(countserver.ImportLineLen)) / (1 << 20)
	for _, up := range ups {
		err := e.profileRun("import", up.name, "MiB", mib, lines, func() error { return up.upload(ctx, countserver.NewImportStream(lines)) })
		if err != nil {
			return err
		}
	}
	return nil
}

var unsafeName = regexp.MustCompile(`[^a-zA-Z0-9]+`)

// profileRun profiles work, which must deliver expect events to the
// counting server; ops is how many units of op it does, for per-op figures.
func (e *env) profileRun(scenario, side, op string, ops float64, expect int64, work func() error) error {
	kind := e.cfg.ProfileKind
	if kind != ProfileAllocs && kind != ProfileCPU {
		return fmt.Errorf("profiles: kind %q, want %q or %q", kind, ProfileAllocs, ProfileCPU)
	}
	if kind == ProfileAllocs && runtime.MemProfileRate != 1 {
		return fmt.Errorf("profiles: runtime.MemProfileRate is %d; set it to 1 at the start of the program for exact counts", runtime.MemProfileRate)
	}
	name := scenario + "." + strings.Trim(strings.ToLower(unsafeName.ReplaceAllString(side, "-")), "-") + "." + kind
	path := filepath.Join(e.cfg.ProfileDir, name)
	if err := os.MkdirAll(e.cfg.ProfileDir, 0o755); err != nil {
		return err
	}
	if err := e.srv.Reset(); err != nil {
		return err
	}
	var p *profile.Profile
	var err error
	if kind == ProfileCPU {
		p, err = cpuProfile(work)
	} else {
		p, err = allocsDuring(work)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", side, err)
	}
	if _, err := e.srv.Verify(expect); err != nil {
		return fmt.Errorf("%s: %w", side, err)
	}
	if err := writeFile(path+".pprof", p.Write); err != nil {
		return err
	}
	title := fmt.Sprintf("%s, %s: %s per %s (%.0f × %s)", scenario, side, kind, op, ops, op)
	if err := writeFile(path+".txt", func(w io.Writer) error { return writeSummary(w, title, p, ops) }); err != nil {
		return err
	}
	e.logf("   wrote %s.{pprof,txt}", path)
	return nil
}

func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

func cpuProfile(work func() error) (*profile.Profile, error) {
	var buf bytes.Buffer
	if err := pprof.StartCPUProfile(&buf); err != nil {
		return nil, err
	}
	err := work()
	pprof.StopCPUProfile()
	if err != nil {
		return nil, err
	}
	return profile.Parse(&buf)
}

// allocsDuring returns the allocations work made: the allocation profile
// after it minus the one before.
func allocsDuring(work func() error) (*profile.Profile, error) {
	base, err := allocProfile()
	if err != nil {
		return nil, err
	}
	if err := work(); err != nil {
		return nil, err
	}
	after, err := allocProfile()
	if err != nil {
		return nil, err
	}
	base.Scale(-1)
	delta, err := profile.Merge([]*profile.Profile{after, base})
	if err != nil {
		return nil, err
	}
	// Drop what taking and reading the snapshots allocated.
	delta.Sample = slices.DeleteFunc(delta.Sample, func(s *profile.Sample) bool { return hasFunction(s, "/bench.allocProfile") })
	return delta, nil
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

func hasFunction(s *profile.Sample, suffix string) bool {
	for _, loc := range s.Location {
		for _, line := range loc.Line {
			if line.Function != nil && strings.HasSuffix(line.Function.Name, suffix) {
				return true
			}
		}
	}
	return false
}

// summaryValues are the sample types a summary shows, by profile kind.
var summaryValues = [][2]struct{ typ, label string }{
	{{"alloc_objects", "allocs/op"}, {"alloc_space", "bytes/op"}},
	{{"cpu", "ns/op"}, {"samples", "samples"}},
}

type siteCount struct {
	fn string
	v  [2]float64
}

// writeSummary lists where p's costs come from, per operation: by the
// function that spent them (flat) and by every function on the stack
// (cumulative), the most first.
func writeSummary(w io.Writer, title string, p *profile.Profile, ops float64) error {
	idx, labels := [2]int{-1, -1}, [2]string{}
	for _, want := range summaryValues {
		for k, v := range want {
			for i, st := range p.SampleType {
				if st.Type == v.typ {
					idx[k], labels[k] = i, v.label
				}
			}
		}
		if idx[0] >= 0 && idx[1] >= 0 {
			break
		}
		idx = [2]int{-1, -1}
	}
	if idx[0] < 0 {
		_, err := fmt.Fprintln(w, title+": no samples of a known type")
		return err
	}
	scale := [2]float64{1 / ops, 1 / ops}
	if labels[1] == "samples" {
		scale[1] = 1 // samples are shown as counted: how much to trust the row
	}
	flat, cum := map[string]*siteCount{}, map[string]*siteCount{}
	var total [2]float64
	add := func(m map[string]*siteCount, fn string, v [2]float64) {
		c := m[fn]
		if c == nil {
			c = &siteCount{fn: fn}
			m[fn] = c
		}
		c.v[0] += v[0]
		c.v[1] += v[1]
	}
	for _, s := range p.Sample {
		v := [2]float64{float64(s.Value[idx[0]]) * scale[0], float64(s.Value[idx[1]]) * scale[1]}
		total[0] += v[0]
		total[1] += v[1]
		seen := map[string]bool{}
		for li, loc := range s.Location {
			for ln, line := range loc.Line {
				name := "?"
				if line.Function != nil {
					name = line.Function.Name
				}
				if li == 0 && ln == 0 {
					add(flat, name, v)
				}
				if !seen[name] {
					seen[name] = true
					add(cum, name, v)
				}
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\ntotal: %.2f %s, %.0f %s\n", title, total[0], labels[0], total[1], labels[1])
	for _, part := range []struct {
		title string
		m     map[string]*siteCount
		top   int
	}{{"flat (the function itself)", flat, 30}, {"cumulative (the function and what it calls)", cum, 80}} {
		rows := make([]*siteCount, 0, len(part.m))
		for _, c := range part.m {
			rows = append(rows, c)
		}
		slices.SortFunc(rows, func(a, b *siteCount) int {
			return cmp.Or(cmp.Compare(b.v[0], a.v[0]), strings.Compare(a.fn, b.fn))
		})
		fmt.Fprintf(&b, "\n%s\n%12s %12s  %s\n", part.title, labels[0], labels[1], "function")
		for _, c := range rows[:min(part.top, len(rows))] {
			fmt.Fprintf(&b, "%12.2f %12.0f  %s\n", c.v[0], c.v[1], c.fn)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
