package userpilot

import (
	"context"
	"fmt"
	"time"

	"golang.org/x/time/rate"
)

// Userpilot's documented limits.
const (
	defaultRealTimePerMinute = 600
	defaultDeleteEvery       = 2 * time.Second
	// realTimeBurst lets short bursts through at once; over any minute the
	// client still stays within the limit plus this burst.
	realTimeBurst = 10
)

func newLimiters(l *RateLimits) (realtime, deletes *rate.Limiter) {
	var cfg RateLimits
	if l != nil {
		cfg = *l
	}
	perMinute := cfg.RealTimePerMinute
	if perMinute == 0 {
		perMinute = defaultRealTimePerMinute
	}
	every := cfg.DeleteEvery
	if every == 0 {
		every = defaultDeleteEvery
	}
	realtime = rate.NewLimiter(rate.Inf, 0)
	if perMinute > 0 {
		realtime = rate.NewLimiter(rate.Limit(float64(perMinute)/60), min(realTimeBurst, perMinute))
	}
	deletes = rate.NewLimiter(rate.Inf, 0)
	if every > 0 {
		deletes = rate.NewLimiter(rate.Every(every), 1)
	}
	return realtime, deletes
}

// wait blocks until the limiter allows a call or ctx ends.
func wait(ctx context.Context, l *rate.Limiter, what string) error {
	if err := l.Wait(ctx); err != nil {
		return fmt.Errorf("userpilot: waiting for the client-side %s rate limit: %w", what, err)
	}
	return nil
}
