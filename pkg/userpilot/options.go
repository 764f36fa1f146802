package userpilot

import (
	"errors"
	"fmt"
	"time"

	"github.com/cdpkit/cdpkit/internal/transport"
	"github.com/cdpkit/cdpkit/pkg/option"
)

// settings holds the options only Userpilot has. They live in the shared
// config under this API's name, where NewClient reads them; any other
// client refuses them.
type settings struct {
	exportBaseURL string
	limits        *RateLimits
	pollInitial   time.Duration
	pollMax       time.Duration
}

func setting(apply func(*settings) error) option.RequestOption {
	return func(cfg *transport.Config) error {
		s := cfg.APISetting(apiName, func() any { return &settings{} }).(*settings)
		return apply(s)
	}
}

// takeSettings returns the Userpilot options applied to cfg.
func takeSettings(cfg *transport.Config) settings {
	if s, ok := cfg.APISettings[apiName].(*settings); ok {
		return *s
	}
	return settings{}
}

// WithExportBaseURL sets the host of the export and lookup operations.
// By default they go to https://appex.userpilot.io, or, when
// option.WithBaseURL is given, to that same base URL (a proxy, an
// Enterprise host serving both APIs, or a fake). Use it when your exports
// live on a different host than the rest of the API.
func WithExportBaseURL(baseURL string) option.RequestOption {
	return setting(func(s *settings) error {
		if _, err := transport.CheckBaseURL(baseURL); err != nil {
			return fmt.Errorf("userpilot.WithExportBaseURL: %w (the default is %s)", err, ExportBaseURL)
		}
		s.exportBaseURL = baseURL
		return nil
	})
}

// RateLimits are the client-side limits the client keeps to, so that it
// slows down instead of collecting 429s. Zero fields take the vendor's
// documented limit; a negative field disables that limit.
type RateLimits struct {
	// RealTimePerMinute caps Identify, IdentifyCompany and Track calls
	// together. Default 600, Userpilot's limit per app token.
	RealTimePerMinute int
	// DeleteEvery is the least time between two delete calls. Default 2 s,
	// Userpilot's limit.
	DeleteEvery time.Duration
}

// WithRateLimits replaces the client-side rate limits. Share one limit
// across several processes by giving each a fraction of it.
func WithRateLimits(l RateLimits) option.RequestOption {
	return setting(func(s *settings) error {
		s.limits = &l
		return nil
	})
}

// WithPolling sets how Jobs.Wait, Exports.Wait and multi-request bulk
// updates poll a job: first after initial, then twice as long each time up
// to max, with jitter. The defaults are 1 s and 30 s.
func WithPolling(initial, max time.Duration) option.RequestOption {
	return setting(func(s *settings) error {
		if initial <= 0 || max < initial {
			return errors.New("WithPolling: want 0 < initial <= max")
		}
		s.pollInitial, s.pollMax = initial, max
		return nil
	})
}
