package reliability

import (
	"context"
	"fmt"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit/internal/faultproxy"
	"github.com/cdpkit/cdpkit/internal/transport"
	"github.com/cdpkit/cdpkit/pkg/option"
)

// heapSampler records the largest live heap seen while it runs.
type heapSampler struct {
	stop chan struct{}
	done chan uint64
}

const heapMetric = "/memory/classes/heap/objects:bytes"

func heapNow() uint64 {
	s := []metrics.Sample{{Name: heapMetric}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

func sampleHeap() *heapSampler {
	h := &heapSampler{stop: make(chan struct{}), done: make(chan uint64, 1)}
	go func() {
		peak := heapNow()
		tick := time.NewTicker(200 * time.Microsecond)
		defer tick.Stop()
		for {
			select {
			case <-h.stop:
				h.done <- max(peak, heapNow())
				return
			case <-tick.C:
				peak = max(peak, heapNow())
			}
		}
	}()
	return h
}

func (h *heapSampler) peak() uint64 {
	close(h.stop)
	return <-h.done
}

var memoryFigures struct {
	mu    sync.Mutex
	peaks map[string]uint64 // by case: growth of the live heap over its start
}

func recordPeak(name string, growth uint64) {
	memoryFigures.mu.Lock()
	defer memoryFigures.mu.Unlock()
	if memoryFigures.peaks == nil {
		memoryFigures.peaks = map[string]uint64{}
	}
	memoryFigures.peaks[name] = max(memoryFigures.peaks[name], growth)
}

// TestMemoryStaysBoundedUnderHostileBodies: an answer that never ends is
// cut at the response cap, whatever the call; the live heap grows by a
// small multiple of the cap at most, never with the body.
func TestMemoryStaysBoundedUnderHostileBodies(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cap   int64
		limit uint64
	}{
		// io.ReadAll grows its buffer by doubling, and the garbage of the
		// smaller buffers counts until a collection: a few times the cap.
		{"default cap (32 MiB)", transport.DefaultMaxResponseBytes, 4*transport.DefaultMaxResponseBytes + 16<<20},
		{"1 MiB cap", 1 << 20, 8 << 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			proxies := map[string]*faultproxy.Proxy{}
			e := newEnv(t, setup{
				front: func(api, url string) string {
					p := faultproxy.Start(t, faultproxy.Config{Upstream: url})
					proxies[api] = p
					return p.URL()
				},
				opts: []option.RequestOption{option.WithMaxResponseBytes(tc.cap)},
			})
			// Two reads per API (the cap is the transport's; the wrappers
			// differ in how they read): 2 × 4 endless bodies.
			seen := map[string]int{}
			for _, c := range catalogue() {
				if c.write || c.prep != nil || strings.Contains(c.name, "Wait") || strings.Contains(c.name, "Rows") || strings.Contains(c.name, "Open") ||
					seen[c.api] == 2 {
					continue // reads that answer with one body
				}
				seen[c.api]++
				runtime.GC()
				base := heapNow()
				h := sampleHeap()
				proxies[c.api].Push(faultproxy.Fault{Kind: faultproxy.EndlessBody})
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				err := c.do(ctx, e, marker())
				cancel()
				peak := h.peak()
				growth := uint64(0)
				if peak > base {
					growth = peak - base
				}
				recordPeak(tc.name, growth)
				if err == nil {
					t.Errorf("%s %s: an endless body was accepted", c.api, c.name)
				} else if !strings.Contains(err.Error(), fmt.Sprintf("exceeds %d bytes", tc.cap)) {
					t.Errorf("%s %s: err = %v, want the cap named", c.api, c.name, err)
				}
				if growth > tc.limit {
					t.Errorf("%s %s: the live heap grew by %d MiB under an endless body (limit %d MiB)", c.api, c.name, growth>>20, tc.limit>>20)
				}
			}
		})
	}
}
