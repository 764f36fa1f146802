package userpilot_test

import (
	"context"
	"io"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit/pkg/userpilot"
	"github.com/cdpkit/cdpkit/pkg/userpilot/userpilottest"
)

// rowGenerator produces an NDJSON import file of exactly size bytes on the
// fly: fixed-width rows whose user id counts up, so nothing is prebuilt.
type rowGenerator struct {
	line    []byte
	digits  int // offset of the counter in line
	rows    int64
	next    int64 // index of the row being emitted
	off     int   // bytes of that row already emitted
	remains int64
}

const (
	rowPrefix = `{"event_type":"track","user_id":"u-`
	rowSuffix = `","event_name":"page_opened","source":"backend-http-import","inserted_at":"2024-07-28T08:55:35.874555Z","metadata":{"plan":"pro"}}` + "\n"
	counterW  = 10
)

func newRowGenerator(approx int64) *rowGenerator {
	line := []byte(rowPrefix + "0000000000" + rowSuffix)
	rows := approx / int64(len(line))
	return &rowGenerator{line: line, digits: len(rowPrefix), rows: rows, remains: rows * int64(len(line))}
}

func (g *rowGenerator) size() int64 { return g.rows * int64(len(g.line)) }

func (g *rowGenerator) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) && g.next < g.rows {
		if g.off == 0 {
			s := strconv.FormatInt(g.next, 10)
			for i := range counterW {
				g.line[g.digits+i] = '0'
			}
			copy(g.line[g.digits+counterW-len(s):], s)
		}
		c := copy(p[n:], g.line[g.off:])
		n += c
		g.off += c
		if g.off == len(g.line) {
			g.off = 0
			g.next++
		}
	}
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

// heapSampler records the peak HeapInuse while a test runs.
type heapSampler struct {
	stop     chan struct{}
	done     sync.WaitGroup
	peak     uint64
	samples  int
	baseline runtime.MemStats
}

func startHeapSampler() *heapSampler {
	s := &heapSampler{stop: make(chan struct{})}
	runtime.GC()
	runtime.ReadMemStats(&s.baseline)
	s.peak = s.baseline.HeapInuse
	s.done.Add(1)
	go func() {
		defer s.done.Done()
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		var m runtime.MemStats
		for {
			select {
			case <-s.stop:
				return
			case <-tick.C:
				runtime.ReadMemStats(&m)
				s.peak = max(s.peak, m.HeapInuse)
				s.samples++
			}
		}
	}()
	return s
}

// finish stops sampling and returns the peak heap growth and the bytes
// allocated in total since the start.
func (s *heapSampler) finish() (growth, allocated uint64) {
	close(s.stop)
	s.done.Wait()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	s.peak = max(s.peak, m.HeapInuse)
	return s.peak - s.baseline.HeapInuse, m.TotalAlloc - s.baseline.TotalAlloc
}

// onlyReader hides every method but Read, so Import cannot learn the size
// and sends a chunked body.
type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

// TestImportStreams200MBInConstantMemory uploads a 200 MB generated file
// through Import into the fake (same process) and checks that the heap
// never grows by 32 MB: neither the client nor the fake holds the file.
// Both framings are covered: a declared size (Content-Length) and an
// unknown one (chunked). The test does not call t.Parallel, so no other
// test of this package runs while it samples the heap.
func TestImportStreams200MBInConstantMemory(t *testing.T) {
	const limit = 32 << 20
	for _, sized := range []bool{true, false} {
		name := map[bool]string{true: "content-length", false: "chunked"}[sized]
		t.Run(name, func(t *testing.T) {
			srv, client := newTestClient(t, []userpilottest.Option{userpilottest.WithJobStepDelay(0), userpilottest.WithValidatedImportRows(1000)})
			gen := newRowGenerator(200 << 20)
			var r io.Reader = onlyReader{gen}
			var opts []userpilot.ImportOption
			if sized {
				opts = append(opts, userpilot.ImportSize(gen.size()))
			}
			var last userpilot.Progress
			reports := 0
			opts = append(opts, userpilot.ImportProgress(func(p userpilot.Progress) { last = p; reports++ }))

			sampler := startHeapSampler()
			start := time.Now()
			job, err := client.Import(context.Background(), r, opts...)
			elapsed := time.Since(start)
			growth, allocated := sampler.finish()
			if err != nil {
				t.Fatal(err)
			}

			t.Logf("uploaded %d MiB (%d rows) in %v (%.0f MiB/s); peak heap growth %.1f MiB over %d samples; %.0f MiB allocated in total; %d progress reports",
				gen.size()>>20, gen.rows, elapsed.Round(time.Millisecond), float64(gen.size())/(1<<20)/elapsed.Seconds(),
				float64(growth)/(1<<20), sampler.samples, float64(allocated)/(1<<20), reports)
			if growth >= limit {
				t.Errorf("heap grew by %.1f MiB while streaming, want < 32 MiB", float64(growth)/(1<<20))
			}
			if !last.Done || last.Sent != gen.size() || last.Total != gen.size() {
				t.Errorf("final progress = %+v, want all %d bytes", last, gen.size())
			}
			done, err := client.Jobs.Wait(context.Background(), job.JobID)
			if err != nil {
				t.Fatal(err)
			}
			if rows, _ := done.TotalRows.Int64(); rows != gen.rows {
				t.Errorf("fake counted %d rows, want %d", rows, gen.rows)
			}
			if size, _ := done.FileSize.Int64(); size != gen.size() {
				t.Errorf("fake received %d bytes, want %d", size, gen.size())
			}
			if st := srv.Stats(); st.ImportedRows != int(gen.rows) {
				t.Errorf("imported rows = %d, want %d", st.ImportedRows, gen.rows)
			}
		})
	}
}
