package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/cdpkit/cdpkit/internal/speclint"
)

// rulesCommand prints every rule, the stage that applies it and what it
// requires, then the verbs an operationId may start with.
func rulesCommand(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("specgen rules", flag.ContinueOnError)
	fs.SetOutput(stderr)
	markdown := fs.Bool("markdown", false, "print RULES.md: the rules and their parity with Spectral and Redocly")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if *markdown {
		writeRulesMarkdown(stdout)
		return exitOK
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	for _, r := range speclint.Rules() {
		stage := "validate"
		if r.Lint {
			stage = "lint"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Name, stage, r.Severity, r.Summary)
	}
	tw.Flush()
	fmt.Fprintf(stdout, "\noperationId verbs: %s\n", strings.Join(speclint.OperationVerbs(), ", "))
	return exitOK
}
