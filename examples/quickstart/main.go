// Command quickstart runs every cdpkit client end to end and prints a short
// report. With no credentials in the environment it starts the in-memory
// fakes, so it works on a fresh clone with nothing configured:
//
//	go run ./examples/quickstart
//
// With an API's credentials set (for example USERMOST_API_KEY and
// USERMOST_LICENSE_CODE) that API's flow talks to the real service instead.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"time"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := run(ctx, os.Stdout, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// flow is one API's part of the tour.
type flow struct {
	name string
	run  func(ctx context.Context, r *report, getenv func(string) string) error
}

// flows holds every API's tour; each API's file registers its own in init,
// and run orders them by name so the report reads the same every time.
var flows []flow

func register(name string, fn func(ctx context.Context, r *report, getenv func(string) string) error) {
	flows = append(flows, flow{name: name, run: fn})
}

func run(ctx context.Context, w io.Writer, getenv func(string) string) error {
	fmt.Fprintln(w, "cdpkit quickstart: every API, end to end")
	failed := 0
	sort.Slice(flows, func(i, j int) bool { return flows[i].name < flows[j].name })
	for _, f := range flows {
		r := &report{w: w}
		fmt.Fprintln(w)
		if err := f.run(ctx, r, getenv); err != nil {
			r.fail(err)
			failed++
		}
	}
	fmt.Fprintln(w)
	if failed > 0 {
		return fmt.Errorf("%d of %d flows failed", failed, len(flows))
	}
	fmt.Fprintf(w, "all %d flows succeeded\n", len(flows))
	return nil
}
