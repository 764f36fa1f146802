package fakes

import (
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
)

// Chaos makes a fake fail a share of requests at random, to test clients
// under a flaky network. Rates are fractions between 0 and 1.
type Chaos struct {
	// ErrorRate is the share of requests answered with 500 or 429 (half
	// each) without being processed.
	ErrorRate float64
	// ResetRate is the share of requests that are processed — their events
	// stored — and then have their connection closed before any answer, the
	// case that only idempotency keys make safe to retry.
	ResetRate float64
	// Seed makes the sequence of failures repeatable.
	Seed uint64
}

// ChaosStats counts the failures chaos injected.
type ChaosStats struct {
	Errors, Resets int64
}

// ChaosInjector applies a Chaos configuration to requests.
type ChaosInjector struct {
	cfg    Chaos
	mu     sync.Mutex
	rng    *rand.Rand
	errors atomic.Int64
	resets atomic.Int64
}

// NewChaos returns an injector for c, seeded for repeatable runs.
func NewChaos(c Chaos) *ChaosInjector {
	return &ChaosInjector{cfg: c, rng: rand.New(rand.NewPCG(c.Seed, c.Seed^0x9e3779b97f4a7c15))}
}

// Stats returns how many failures have been injected so far; nil-safe.
func (c *ChaosInjector) Stats() ChaosStats {
	if c == nil {
		return ChaosStats{}
	}
	return ChaosStats{Errors: c.errors.Load(), Resets: c.resets.Load()}
}

func (c *ChaosInjector) draw() float64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.rng.Float64()
}

// Wrap fails a share of the requests before (errors) or after (resets)
// next handles them.
func (c *ChaosInjector) Wrap(next http.Handler, writeError ErrorWriter) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := c.draw()
		switch {
		case p < c.cfg.ErrorRate:
			n := c.errors.Add(1)
			status := http.StatusInternalServerError
			if n%2 == 0 {
				status = http.StatusTooManyRequests
			}
			writeError(w, r, status, "chaos: injected failure")
		case p < c.cfg.ErrorRate+c.cfg.ResetRate:
			next.ServeHTTP(httptest.NewRecorder(), r)
			c.resets.Add(1)
			if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
				_ = conn.Close()
				return
			}
			writeError(w, r, http.StatusBadGateway, "chaos: connection reset")
		default:
			next.ServeHTTP(w, r)
		}
	})
}
