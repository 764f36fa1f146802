package main

import (
	"fmt"
	"io"
)

// report prints one aligned line per step.
type report struct{ w io.Writer }

func (r *report) header(api, mode string) { fmt.Fprintf(r.w, "%s  [%s]\n", api, mode) }

func (r *report) step(what, outcome string) { fmt.Fprintf(r.w, "  ok    %-38s %s\n", what, outcome) }

func (r *report) note(format string, args ...any) {
	fmt.Fprintf(r.w, "        "+format+"\n", args...)
}

func (r *report) fail(err error) { fmt.Fprintf(r.w, "  FAIL  %v\n", err) }
