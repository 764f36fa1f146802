package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/cdpkit/cdpkit/internal/speclint"
)

// checkCommand returns the validate or lint subcommand: it checks every
// file with c, prints the findings and a summary, and fails if there are
// any.
func checkCommand(name string, c speclint.Checker) command {
	return func(args []string, stdout, stderr io.Writer) int {
		fs := flag.NewFlagSet("specgen "+name, flag.ContinueOnError)
		fs.SetOutput(stderr)
		fs.Usage = func() {
			fmt.Fprintf(stderr, "usage: specgen %s FILE...\n", name)
		}
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return exitOK
			}
			return exitUsage
		}
		files := fs.Args()
		if len(files) == 0 {
			fmt.Fprintf(stderr, "specgen %s: no files given\n", name)
			fs.Usage()
			return exitUsage
		}
		findings := speclint.CheckFiles(c, files...)
		for _, f := range findings {
			fmt.Fprintln(stdout, f)
		}
		errs := len(speclint.Errors(findings))
		fmt.Fprintln(stderr, summary(len(findings), len(findings)-errs, len(files)))
		if errs > 0 {
			return exitFindings
		}
		return exitOK
	}
}

// summary is the last line specgen writes to stderr: "3 findings in 2
// files", or "3 findings (1 warning) in 2 files".
func summary(findings, warnings, files int) string {
	s := plural(findings, "finding")
	if warnings > 0 {
		s += " (" + plural(warnings, "warning") + ")"
	}
	return s + " in " + plural(files, "file")
}

func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
