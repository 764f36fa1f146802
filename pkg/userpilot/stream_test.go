package userpilot_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit/pkg/option"
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
			wire := &wireRecorder{}
			srv, client := newTestClient(t, []userpilottest.Option{userpilottest.WithJobStepDelay(0), userpilottest.WithValidatedImportRows(1000)},
				option.WithHTTPClient(&http.Client{Transport: wire}))
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
			// A declared size goes out as a Content-Length (the file plus
			// the multipart framing); an unknown one goes out chunked.
			sent := wire.sent("/v1/imports")
			switch {
			case len(sent) != 1:
				t.Errorf("%d import requests, want 1", len(sent))
			case sized && (sent[0] <= gen.size() || sent[0] > gen.size()+1024):
				t.Errorf("the sized upload went out with length %d, want a Content-Length just over the file's %d bytes", sent[0], gen.size())
			case !sized && sent[0] != -1:
				t.Errorf("the upload of unknown size went out with length %d, want chunked", sent[0])
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

// bulkSink is a stand-in for the analytics host that reads bulk JSON
// bodies as streams, counts their records without holding them, and
// reports every job as completed.
type bulkSink struct {
	needle            []byte // marks a record; `"user_id"` unless set
	requests, records atomic.Int64
	shapes            sync.Map // "ok" or what was wrong with a body
}

func (s *bulkSink) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if r.Method == http.MethodGet {
		_, _ = io.WriteString(w, `{"job_id":"j","status":"completed"}`)
		return
	}
	n := s.requests.Add(1)
	needle := s.needle
	if needle == nil {
		needle = []byte(`"user_id"`)
	}
	count := &needleCounter{needle: needle}
	_, _ = io.Copy(count, r.Body)
	s.records.Add(int64(count.found))
	shape := "ok"
	if !bytes.HasPrefix(count.head, []byte(`{"`)) || !bytes.HasSuffix(count.tail, []byte("]}")) {
		shape = fmt.Sprintf("body starts %q and ends %q", count.head, count.tail)
	}
	s.shapes.Store(n, shape)
	w.WriteHeader(http.StatusAccepted)
	_, _ = io.WriteString(w, `{"job_id":"j","status":"queued"}`)
}

// needleCounter counts occurrences of needle in what is written to it and
// keeps its last bytes.
type needleCounter struct {
	needle []byte
	carry  []byte
	head   []byte
	tail   []byte
	found  int
}

func (c *needleCounter) Write(p []byte) (int, error) {
	if len(c.head) < 16 {
		c.head = append(c.head, p[:min(len(p), 16-len(c.head))]...)
	}
	buf := append(c.carry, p...)
	// The carry holds fewer bytes than the needle, so a needle split
	// across writes is counted once.
	c.found += bytes.Count(buf, c.needle)
	keep := min(len(buf), len(c.needle)-1)
	c.carry = append([]byte(nil), buf[len(buf)-keep:]...)
	c.tail = append(c.tail[:0], buf[max(0, len(buf)-2):]...)
	return len(p), nil
}

// TestBulkJSONStreamsInConstantMemory sends 12,000 users of about 2 KB
// each (about 24 MB of JSON: a request of 20 MB and one of 4 MB) from a
// slice and from a sequence, and checks that the heap never grows by half
// a request's worth: the body is written as it is sent, never built first.
// Not parallel: it samples the heap.
func TestBulkJSONStreamsInConstantMemory(t *testing.T) {
	const n = 12_000
	const limit = 10 << 20
	blob := strings.Repeat("y", 2000)
	users := make([]userpilot.User, n)
	for i := range users {
		users[i] = userpilot.User{UserID: "u-" + strconv.Itoa(i), Metadata: userpilot.Metadata{"notes": blob}}
	}
	runs := []struct {
		name string
		call func(*userpilot.Client) (*userpilot.BulkResult, error)
	}{
		{"slice", func(c *userpilot.Client) (*userpilot.BulkResult, error) {
			return c.BulkIdentifyUsers(context.Background(), users)
		}},
		{"sequence", func(c *userpilot.Client) (*userpilot.BulkResult, error) {
			return c.BulkIdentifyUsersSeq(context.Background(), func(yield func(userpilot.User, error) bool) {
				for i := range n {
					if !yield(userpilot.User{UserID: "s-" + strconv.Itoa(i), Metadata: userpilot.Metadata{"notes": blob}}, nil) {
						return
					}
				}
			})
		}},
	}
	// Collect garbage early, so the heap's growth shows what is live (a
	// buffered request) rather than what the collector has not reached yet.
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	for _, run := range runs {
		t.Run(run.name, func(t *testing.T) {
			sink := &bulkSink{}
			srv := httptest.NewServer(sink)
			defer srv.Close()
			client, err := userpilot.NewClient(append([]option.RequestOption{option.WithBaseURL(srv.URL), option.WithAPIKey("bulk-test-key")}, fast()...)...)
			if err != nil {
				t.Fatal(err)
			}
			sampler := startHeapSampler()
			res, err := run.call(client)
			growth, allocated := sampler.finish()
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %d users in %d requests; peak heap growth %.1f MiB, %.0f MiB allocated in total",
				run.name, res.Records, len(res.Jobs), float64(growth)/(1<<20), float64(allocated)/(1<<20))
			if sink.records.Load() != n || sink.requests.Load() != 2 {
				t.Errorf("sink got %d records in %d requests, want %d in 2", sink.records.Load(), sink.requests.Load(), n)
			}
			sink.shapes.Range(func(k, v any) bool {
				if v != "ok" {
					t.Errorf("request %v: %v", k, v)
				}
				return true
			})
			if growth >= limit {
				t.Errorf("heap grew by %.1f MiB sending a 20 MB request, want < %d MiB", float64(growth)/(1<<20), limit>>20)
			}
		})
	}
}
