package userlottest

import (
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Fault is one canned failure the fake answers with instead of handling a
// request, to exercise a client's retry logic.
type Fault struct {
	// Status is the HTTP status to answer with, e.g. 503 or 429; zero means 503.
	Status int
	// RetryAfter, when positive, is sent as a Retry-After header (seconds).
	RetryAfter time.Duration
	// Message goes into the error body.
	Message string
}

type faultQueue struct {
	mu     sync.Mutex
	queued []Fault
}

// InjectFaults queues faults; each of the next len(faults) requests is
// answered by the next fault, in order, before any validation or state change.
func (s *Server) InjectFaults(faults ...Fault) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.queued = append(s.faults.queued, faults...)
}

func (q *faultQueue) next() (Fault, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.queued) == 0 {
		return Fault{}, false
	}
	f := q.queued[0]
	q.queued = q.queued[1:]
	return f, true
}

func (q *faultQueue) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, ok := q.next()
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		if f.RetryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(int((f.RetryAfter+time.Second-1)/time.Second)))
		}
		if f.Status == 0 {
			f.Status = http.StatusServiceUnavailable
		}
		msg := f.Message
		if msg == "" {
			msg = http.StatusText(f.Status)
		}
		writeError(w, r, f.Status, msg)
	})
}
