package main

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/cdpkit/cdpkit/internal/speclint"
)

// check applies the three checks of the package comment and returns one
// line per failure. It prints the per-file counts of the strict files.
func check(problems []problem, strict, drafts, corpus []string, accepted []acceptance, specgen map[string][]speclint.Finding, stdout io.Writer) []string {
	record := map[string]speclint.ExternalRule{}
	for _, e := range speclint.ExternalRules() {
		record[e.Linter+"/"+e.Name] = e
	}
	var failures []string
	seen := map[string]bool{} // linter/rule reported on a corpus file
	for _, p := range problems {
		e, known := record[p.linter+"/"+p.rule]
		if !known {
			failures = append(failures, fmt.Sprintf("%s: rule %s is not in the parity record; add it to internal/speclint/external.go", p, p.rule))
			continue
		}
		if slices.Contains(corpus, p.file) {
			seen[p.linter+"/"+p.rule] = true
		}
		if len(e.Covered) > 0 && !matched(p, e, specgen[p.file]) && !isAccepted(p, accepted) {
			failures = append(failures, fmt.Sprintf("%s: specgen lint reports nothing of %s here", p, strings.Join(e.Covered, ", ")))
		}
		if slices.Contains(drafts, p.file) && p.severity == "error" {
			failures = append(failures, fmt.Sprintf("%s: an error in a Postman draft; if the collection itself has it, the converter's notes must say so", p))
		}
		if !slices.Contains(strict, p.file) {
			continue
		}
		switch {
		case p.severity == "error":
			failures = append(failures, fmt.Sprintf("%s: an error in a spec or draft; fix it", p))
		case len(e.Covered) > 0 && !isAccepted(p, accepted):
			failures = append(failures, fmt.Sprintf("%s: fix this warning, or accept it in accepted.yaml with a reason", p))
		}
	}
	if len(corpus) > 0 {
		for _, e := range speclint.ExternalRules() {
			if len(e.Covered) > 0 && e.Severity != "off" && !seen[e.Linter+"/"+e.Name] {
				failures = append(failures, fmt.Sprintf("%s %s: no broken document makes %s report it; add a case to testdata/broken", e.Linter, e.Name, e.Linter))
			}
		}
	}
	printCounts(problems, slices.Concat(strict, drafts), stdout)
	sort.Strings(failures)
	return failures
}

// matched reports whether specgen has a finding of a rule covering e at
// the problem's place or above or below it.
func matched(p problem, e speclint.ExternalRule, fs []speclint.Finding) bool {
	at := []string{p.pointer}
	if parent, ok := strings.CutSuffix(p.pointer, "/schema"); ok {
		at = append(at, parent) // Redocly puts example problems on the schema beside them
	}
	for _, f := range fs {
		for _, ptr := range at {
			if slices.Contains(e.Covered, f.Rule) && related(f.Pointer, ptr) {
				return true
			}
		}
	}
	return false
}

// related reports whether one pointer is the other or below it.
func related(a, b string) bool {
	return a == b || strings.HasPrefix(a, b+"/") || strings.HasPrefix(b, a+"/") || a == "" || b == ""
}

func isAccepted(p problem, accepted []acceptance) bool {
	for _, a := range accepted {
		if a.Linter == p.linter && a.Rule == p.rule && a.File == p.file && a.Pointer == p.pointer {
			return true
		}
	}
	return false
}

// printCounts prints each linter's errors and warnings for each strict
// file.
func printCounts(problems []problem, strict []string, w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "file\tspectral errors\tspectral warnings\tredocly errors\tredocly warnings")
	for _, f := range strict {
		var n [4]int
		for _, p := range problems {
			if p.file != f {
				continue
			}
			i := 0
			if p.linter == "redocly" {
				i = 2
			}
			if p.severity != "error" {
				i++
			}
			n[i]++
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\n", f, n[0], n[1], n[2], n[3])
	}
	tw.Flush()
}
