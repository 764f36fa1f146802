// Package footprint holds the smallest programs that send one event each
// way the footprint scenario compares: plain net/http, pkg/usermost,
// pkg/usermost with pkg/track, and posthog-go. They are built, measured and
// never run; each reads its endpoint from the command line so nothing can
// be optimised away.
package footprint
