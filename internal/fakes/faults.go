package fakes

import (
	"net/http"
	"strconv"
	"sync"
	"time"
)

// ErrorWriter renders an error in one API's shape.
type ErrorWriter func(w http.ResponseWriter, r *http.Request, status int, message string)

// Fault is one canned failure a fake answers with instead of handling a
// request, to exercise a client's retry and error handling.
type Fault struct {
	// Status is the HTTP status to answer with, e.g. 503 or 429; zero means 503.
	Status int
	// RetryAfter, when positive, is sent as a Retry-After header (seconds,
	// rounded up).
	RetryAfter time.Duration
	// Message goes into the API's error body; empty means the status text.
	Message string
}

// Faults is a queue of Fault values; the zero value is ready to use.
type Faults struct {
	mu     sync.Mutex
	skip   int // requests to let through before the queue applies
	queued []Fault
}

// Add queues faults; each of the next len(faults) requests is answered by
// the next fault, in order.
func (q *Faults) Add(faults ...Fault) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.queued = append(q.queued, faults...)
}

// AddAfter lets the next n requests through and then queues faults.
func (q *Faults) AddAfter(n int, faults ...Fault) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.skip = n
	q.queued = append(q.queued, faults...)
}

func (q *Faults) next() (Fault, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.queued) == 0 {
		return Fault{}, false
	}
	if q.skip > 0 {
		q.skip--
		return Fault{}, false
	}
	f := q.queued[0]
	q.queued = q.queued[1:]
	return f, true
}

// Wrap answers requests with queued faults, before next sees them, while
// any are queued.
func (q *Faults) Wrap(next http.Handler, write ErrorWriter) http.Handler {
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
		write(w, r, f.Status, msg)
	})
}
