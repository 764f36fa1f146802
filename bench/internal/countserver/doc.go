// Package countserver is the loopback API the benchmarks talk to. It answers
// like Usermost, PostHog's capture endpoint and Userpilot's import, parses
// every body it receives and counts events by the sequence number each one
// carries, so that a benchmark run proves every event arrived exactly once
// instead of assuming it. It runs in a child process (cmd/countserver), so
// its allocations never mix with the client's being measured.
package countserver
