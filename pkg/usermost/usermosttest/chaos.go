package usermosttest

import "github.com/cdpkit/cdpkit/internal/fakes"

// Chaos makes the fake fail a share of requests at random: ErrorRate of them
// with 500 or 429 before processing, ResetRate of them by closing the
// connection after the events were stored. Seed makes runs repeatable.
type Chaos = fakes.Chaos

// ChaosStats counts the failures chaos injected.
type ChaosStats = fakes.ChaosStats

// WithChaos enables random failures; see Chaos.
func WithChaos(c Chaos) Option {
	return func(s *Server) { s.chaos = fakes.NewChaos(c) }
}

// ChaosStats returns how many failures chaos has injected so far.
func (s *Server) ChaosStats() ChaosStats { return s.chaos.Stats() }
