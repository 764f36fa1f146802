package userpilottest

import (
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// rateLimiter is a fixed-window counter: simple, and it gives a precise
// Retry-After, which is what clients under test need to see.
type rateLimiter struct {
	limit  int
	window time.Duration

	mu      sync.Mutex
	start   time.Time
	used    int
	limited int
}

func newRateLimiter(limit int, window time.Duration) *rateLimiter {
	if window <= 0 {
		window = time.Minute
	}
	return &rateLimiter{limit: limit, window: window}
}

// take reports whether a request may proceed and, if not, how long until
// the window resets.
func (l *rateLimiter) take(now time.Time) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.limit <= 0 {
		return 0, true
	}
	if now.Sub(l.start) >= l.window {
		l.start, l.used = now, 0
	}
	if l.used < l.limit {
		l.used++
		return 0, true
	}
	l.limited++
	return l.start.Add(l.window).Sub(now), false
}

func (l *rateLimiter) rejected() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.limited
}

func (l *rateLimiter) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		wait, ok := l.take(time.Now())
		if !ok {
			secs := max(int((wait+time.Second-1)/time.Second), 1)
			w.Header().Set("Retry-After", strconv.Itoa(secs))
			writeError(w, r, http.StatusTooManyRequests, fmt.Sprintf("rate limit of %d requests per %s exceeded", l.limit, l.window))
			return
		}
		next.ServeHTTP(w, r)
	})
}
