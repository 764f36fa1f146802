package reliability

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// figuresReport renders what the fault, deadline and memory tests
// measured, in the words of the README's reliability section.
func figuresReport() string {
	var b strings.Builder
	f := &faultFigures
	f.mu.Lock()
	defer f.mu.Unlock()
	fmt.Fprintf(&b, "reliability figures\n")
	fmt.Fprintf(&b, "  write calls under faults: %d (%d succeeded, %d returned an error; %d faults not reached in time)\n", f.calls, f.successes, f.errors, f.unmet)
	fmt.Fprintf(&b, "  requests through the fault proxies: %d, faults injected: %d\n", f.requests, f.faults)
	kinds := make([]string, 0, len(f.perKind))
	for k, n := range f.perKind {
		kinds = append(kinds, fmt.Sprintf("%s %d", k, n))
	}
	slices.Sort(kinds)
	fmt.Fprintf(&b, "  faults by kind: %s\n", strings.Join(kinds, ", "))
	fmt.Fprintf(&b, "  writes lost: %d, duplicates at the API: %d\n", f.lost, f.dupes)
	overshoots.mu.Lock()
	all := slices.Clone(overshoots.all)
	overshoots.mu.Unlock()
	if len(all) > 0 {
		slices.Sort(all)
		fmt.Fprintf(&b, "  return after the deadline (%d blocked calls): median %s, max %s\n", len(all),
			all[len(all)/2].Round(time.Microsecond), all[len(all)-1].Round(time.Microsecond))
	}
	memoryFigures.mu.Lock()
	for name, growth := range memoryFigures.peaks {
		fmt.Fprintf(&b, "  peak live-heap growth under an endless body, %s: %.1f MiB\n", name, float64(growth)/(1<<20))
	}
	memoryFigures.mu.Unlock()
	return b.String()
}
