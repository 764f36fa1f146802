package harness

import (
	"runtime"
	"runtime/metrics"
	"time"
)

// Usage is what a stretch of work cost this process.
type Usage struct {
	// Elapsed is the wall time the work took.
	Elapsed time.Duration
	// Mallocs and Bytes are the heap objects and bytes allocated meanwhile,
	// as testing.B's -benchmem counts them.
	Mallocs, Bytes uint64
	// PeakHeap is the most the heap's objects (live or not yet swept)
	// exceeded their size at the start; measured only when asked.
	PeakHeap uint64
}

// heapObjects is the runtime metric for bytes held by heap objects. It is
// read without stopping the world, so sampling it does not slow the work.
const heapObjects = "/memory/classes/heap/objects:bytes"

// Measure runs fn after a garbage collection and reports what it cost.
// The counts cover every goroutine of the process: the harness keeps its own
// work (and the counting server, a child process) outside the window.
func Measure(sampleHeap bool, fn func() error) (Usage, error) {
	var stop, stopped chan struct{}
	var peak uint64
	runtime.GC()
	sample := []metrics.Sample{{Name: heapObjects}}
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	if sampleHeap {
		stop, stopped = make(chan struct{}), make(chan struct{})
		go func() {
			defer close(stopped)
			s := []metrics.Sample{{Name: heapObjects}}
			tick := time.NewTicker(time.Millisecond)
			defer tick.Stop()
			for {
				metrics.Read(s)
				peak = max(peak, s[0].Value.Uint64())
				select {
				case <-stop:
					return
				case <-tick.C:
				}
			}
		}()
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	err := fn()
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	u := Usage{Elapsed: elapsed, Mallocs: after.Mallocs - before.Mallocs, Bytes: after.TotalAlloc - before.TotalAlloc}
	if sampleHeap {
		close(stop)
		<-stopped
		if peak > base {
			u.PeakHeap = peak - base
		}
	}
	return u, err
}
