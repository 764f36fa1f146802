package bench

import (
	"fmt"
	"strings"
	"time"
)

// Markdown renders the report as RESULTS.md.
func (r *Report) Markdown() string {
	var b strings.Builder
	b.WriteString("# cdpkit beside its peers: benchmark results\n\n")
	b.WriteString("Written by `make bench` (`bench/cmd/cdpbench`); do not edit by hand. The method and what each figure means are in ")
	b.WriteString("the sections below and in [NOTES.md](NOTES.md), which also says where the costs come from.\n\n")
	b.WriteString("## This run\n\n")
	b.WriteString("| | |\n|---|---|\n")
	m := r.Machine
	fmt.Fprintf(&b, "| date | %s |\n", r.Started.UTC().Format(time.RFC3339))
	fmt.Fprintf(&b, "| machine | %d logical CPUs, %s, %s |\n", m.CPUs, m.CPUModel, m.OSArch)
	fmt.Fprintf(&b, "| Go | %s |\n", m.GoVersion)
	if m.Commit != "" {
		fmt.Fprintf(&b, "| cdpkit commit | %s |\n", m.Commit)
	}
	fmt.Fprintf(&b, "| load average (1, 5, 15 min) | before %s · after %s |\n", r.LoadBefore, r.LoadAfter)
	fmt.Fprintf(&b, "| duration | %s |\n", r.Took.Round(time.Second))
	fmt.Fprintf(&b, "| runs per scenario | %d, interleaved |\n\n", r.Config.Runs)
	b.WriteString("A load average above the number of CPUs means other work shared the machine: compare the ratios, which pair ")
	b.WriteString("each side with its peers run by run, rather than the absolute figures.\n\n")
	b.WriteString("**Method.** The counting server runs in a child process on loopback, so the allocations counted are the client's alone; ")
	b.WriteString("it parses every body and counts events by sequence number, and the run fails unless every event of every measurement ")
	b.WriteString("arrived exactly once. Sides run interleaved, A B C then C B A, run after run, so that a drift of the machine's speed ")
	b.WriteString("cannot favour one side. Each cell is the median over runs with min–max in brackets; each ratio is computed run by run ")
	b.WriteString("(cdpkit ÷ peer) and then summarised the same way.\n")
	for _, s := range r.Sections {
		fmt.Fprintf(&b, "\n## %s\n\n%s\n\n%s", s.Title, s.Intro, s.Table)
		if len(s.Notes) > 0 {
			b.WriteString("\n")
			for _, n := range s.Notes {
				fmt.Fprintf(&b, "- %s\n", n)
			}
		}
	}
	return b.String()
}
