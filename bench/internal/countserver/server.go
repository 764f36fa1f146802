package countserver

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math/bits"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// APIKey is the only key the server accepts.
const APIKey = "bench-key"

// Answers shaped like the real services': Usermost wraps everything in its
// envelope, PostHog's capture endpoint answers {"status": 1}, Userpilot's
// import returns the new job.
var (
	usermostAccepted = []byte(`{"response":{"status":"success","message":"success","data":{}}}`)
	posthogAccepted  = []byte(`{"status":1}`)
)

// Server counts events by sequence number. Its data handler serves the
// benchmarked clients; its control handler resets and reports the counts,
// on a listener of its own so control traffic never shows in them.
type Server struct {
	connections atomic.Int64

	mu       sync.Mutex
	seen     []uint64 // bit n set: event n arrived
	requests int64
	bytes    int64
	events   int64
	dups     int64
	bad      int64
	firstBad string
	cpuStart time.Duration // processCPU at the last reset
}

// New returns a server with nothing counted.
func New() *Server { return &Server{cpuStart: processCPU()} }

// Handler serves the endpoints the benchmarked clients call:
//
//	POST /v1/accounts/{licenseCode}/events       Usermost, one event
//	POST /v1/accounts/{licenseCode}/eventsBatch  Usermost, {"events": [...]}
//	POST /batch/                                 PostHog, {"api_key", "batch": [...]}
//	POST /v1/imports                             Userpilot import, multipart field "file"
//	POST /import/raw                             the same NDJSON as a bare body
//
// Events carry their sequence number in eventData.seq (Usermost),
// properties.seq (PostHog) or the user id (import lines).
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/accounts/{licenseCode}/events", s.usermostEvent)
	mux.HandleFunc("POST /v1/accounts/{licenseCode}/eventsBatch", s.usermostBatch)
	mux.HandleFunc("POST /batch/", s.posthogBatch)
	mux.HandleFunc("POST /v1/imports", s.multipartImport)
	mux.HandleFunc("POST /import/raw", s.rawImport)
	return mux
}

// ControlHandler serves POST /reset and GET /counts?expect=N.
func (s *Server) ControlHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /reset", func(w http.ResponseWriter, _ *http.Request) {
		s.Reset()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /counts", func(w http.ResponseWriter, r *http.Request) {
		expect, err := strconv.ParseInt(r.URL.Query().Get("expect"), 10, 64)
		if err != nil || expect < 0 {
			http.Error(w, "expect must be a whole number", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(s.Counts(expect))
	})
	return mux
}

// ConnState counts the connections clients open; set it as the data
// server's http.Server.ConnState.
func (s *Server) ConnState(_ net.Conn, state http.ConnState) {
	if state == http.StateNew {
		s.connections.Add(1)
	}
}

// Reset forgets everything counted.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.connections.Store(0)
	clear(s.seen)
	s.requests, s.bytes, s.events, s.dups, s.bad, s.firstBad = 0, 0, 0, 0, 0, ""
	s.cpuStart = processCPU()
}

// Counts reports what arrived since the last reset against expect events
// numbered 0 to expect-1.
func (s *Server) Counts(expect int64) Counts {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := Counts{
		Requests: s.requests, Connections: s.connections.Load(), Bytes: s.bytes, Events: s.events,
		Duplicates: s.dups, Bad: s.bad, FirstBad: s.firstBad, Expect: expect,
		ServerCPU: (processCPU() - s.cpuStart).Seconds(),
	}
	var below int64
	for i, word := range s.seen {
		lo := int64(i) * 64
		switch {
		case lo+64 <= expect:
			below += int64(bits.OnesCount64(word))
		case lo >= expect:
			c.OutOfRange += int64(bits.OnesCount64(word))
		default:
			mask := uint64(1)<<(expect-lo) - 1
			below += int64(bits.OnesCount64(word & mask))
			c.OutOfRange += int64(bits.OnesCount64(word &^ mask))
		}
	}
	c.Missing = expect - below
	return c
}

// maxSeq bounds sequence numbers, so a garbled one cannot make the bitmap
// huge.
const maxSeq = 1 << 32

// tally collects one request's outcome and merges it under the lock once.
type tally struct {
	s      *Server
	seqs   []int64
	bad    int64  // not yet merged
	failed bool   // anything in this request failed to parse
	first  string // the first problem
}

func (t *tally) add(seq int64) {
	if seq < 0 || seq >= maxSeq {
		t.fail(fmt.Sprintf("sequence number %d out of bounds", seq))
		return
	}
	t.seqs = append(t.seqs, seq)
	if len(t.seqs) == cap(t.seqs) && cap(t.seqs) >= 4096 {
		t.merge(0)
	}
}

func (t *tally) fail(why string) {
	if !t.failed {
		t.first = why
	}
	t.failed = true
	t.bad++
}

// merge moves what t holds into the server's counts; n body bytes and
// one request are added when n > 0 or the request is over.
func (t *tally) merge(n int64) {
	s := t.s
	s.mu.Lock()
	defer s.mu.Unlock()
	s.bytes += n
	for _, seq := range t.seqs {
		word, bit := seq/64, uint64(1)<<(seq%64)
		if word >= int64(len(s.seen)) {
			s.seen = append(s.seen, make([]uint64, word+1-int64(len(s.seen)))...)
		}
		if s.seen[word]&bit != 0 {
			s.dups++
		}
		s.seen[word] |= bit
	}
	s.events += int64(len(t.seqs))
	if t.bad > 0 && s.firstBad == "" {
		s.firstBad = t.first
	}
	s.bad += t.bad
	t.seqs, t.bad = t.seqs[:0], 0
}

// finish records the request and answers it: ok on success, 400 naming
// the first problem otherwise.
func (t *tally) finish(w http.ResponseWriter, body *countingReader, ok []byte) {
	_, _ = io.Copy(io.Discard, body) // a well-formed body may be followed by nothing else
	t.merge(body.n)
	t.s.mu.Lock()
	t.s.requests++
	t.s.mu.Unlock()
	if t.failed {
		http.Error(w, t.first, http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(ok)
}

func (s *Server) begin(r *http.Request) (*tally, *countingReader) {
	return &tally{s: s, seqs: make([]int64, 0, 64)}, &countingReader{r: r.Body}
}

type usermostEvent struct {
	UserID    string `json:"userId"`
	DeviceID  string `json:"deviceId"`
	EventName string `json:"eventName"`
	EventData struct {
		Seq *int64 `json:"seq"`
	} `json:"eventData"`
}

func (t *tally) usermost(e usermostEvent) {
	switch {
	case e.EventName == "":
		t.fail("usermost event without eventName")
	case e.UserID == "" && e.DeviceID == "":
		t.fail("usermost event without userId or deviceId")
	case e.EventData.Seq == nil:
		t.fail("usermost event without eventData.seq")
	default:
		t.add(*e.EventData.Seq)
	}
}

func (s *Server) usermostEvent(w http.ResponseWriter, r *http.Request) {
	t, body := s.begin(r)
	var e usermostEvent
	switch {
	case r.Header.Get("Authorization") != "Bearer "+APIKey:
		t.fail("usermost request without the bench key as Bearer token")
	case json.NewDecoder(body).Decode(&e) != nil:
		t.fail("usermost event body is not JSON")
	default:
		t.usermost(e)
	}
	t.finish(w, body, usermostAccepted)
}

func (s *Server) usermostBatch(w http.ResponseWriter, r *http.Request) {
	t, body := s.begin(r)
	var b struct {
		Events []usermostEvent `json:"events"`
	}
	switch {
	case r.Header.Get("Authorization") != "Bearer "+APIKey:
		t.fail("usermost request without the bench key as Bearer token")
	case r.Header.Get("x-request-id") == "":
		t.fail("usermost batch without x-request-id")
	case json.NewDecoder(body).Decode(&b) != nil:
		t.fail("usermost batch body is not JSON")
	case len(b.Events) == 0:
		t.fail("usermost batch without events")
	default:
		for _, e := range b.Events {
			t.usermost(e)
		}
	}
	t.finish(w, body, usermostAccepted)
}

func (s *Server) posthogBatch(w http.ResponseWriter, r *http.Request) {
	t, body := s.begin(r)
	var b struct {
		APIKey string `json:"api_key"`
		Batch  []struct {
			Type       string `json:"type"`
			Event      string `json:"event"`
			DistinctID string `json:"distinct_id"`
			Properties struct {
				Seq *int64 `json:"seq"`
			} `json:"properties"`
		} `json:"batch"`
	}
	switch {
	case json.NewDecoder(body).Decode(&b) != nil:
		t.fail("posthog batch body is not JSON")
	case b.APIKey != APIKey:
		t.fail("posthog batch without the bench key as api_key")
	case len(b.Batch) == 0:
		t.fail("posthog batch without events")
	default:
		for _, e := range b.Batch {
			switch {
			case e.Type != "capture" || e.Event == "" || e.DistinctID == "":
				t.fail("posthog message is not a capture with event and distinct_id")
			case e.Properties.Seq == nil:
				t.fail("posthog capture without properties.seq")
			default:
				t.add(*e.Properties.Seq)
			}
		}
	}
	t.finish(w, body, posthogAccepted)
}

func (s *Server) multipartImport(w http.ResponseWriter, r *http.Request) {
	t, body := s.begin(r)
	var lines int64
	if r.Header.Get("Authorization") != "Token "+APIKey {
		t.fail("import without the bench key as Token")
	} else if part, err := filePart(r.Header.Get("Content-Type"), body); err != nil {
		t.fail("import: " + err.Error())
	} else {
		lines = t.importLines(part)
	}
	t.finish(w, body, importJob(lines, body.n))
}

func (s *Server) rawImport(w http.ResponseWriter, r *http.Request) {
	t, body := s.begin(r)
	lines := t.importLines(body)
	t.finish(w, body, importJob(lines, body.n))
}

// importLines checks and counts every line of an import stream.
func (t *tally) importLines(r io.Reader) int64 {
	t.seqs = make([]int64, 0, 4096)
	br := bufio.NewReaderSize(r, 256<<10)
	var lines int64
	for {
		line, err := br.ReadSlice('\n')
		if len(line) > 0 {
			lines++
			if seq, ok := parseImportLine(line); ok {
				t.add(seq)
			} else {
				t.fail(fmt.Sprintf("import line %d is not a generated row", lines))
				return lines
			}
		}
		switch {
		case err == io.EOF:
			return lines
		case err != nil:
			t.fail("reading the import: " + err.Error())
			return lines
		}
	}
}

func importJob(rows, size int64) []byte {
	return fmt.Appendf(nil, `{"job_id":"import:jobs:bench:%d","status":"queued","filename":"events.ndjson","file_size":"%d","total_rows":"%d"}`, rows, size, rows)
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
