// Package bench measures cdpkit beside hand-written net/http and its peers
// (posthog-go), in a module of its own so that the peers never enter the
// SDK's module graph.
//
// Run runs the scenarios of issue 12 — per request, Tracker, streaming
// import, footprint — against a counting server in a child process, which
// proves for every measurement that each event arrived exactly once.
// cmd/cdpbench writes the result as RESULTS.md (make bench) or writes
// profiles (make bench-profile); the smoke test runs every scenario once
// with tiny sizes (make test).
package bench
