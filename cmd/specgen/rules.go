package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/cdpkit/cdpkit/internal/speclint"
)

// rulesCommand prints every rule, the stage that applies it and what it
// requires, then the verbs an operationId may start with.
func rulesCommand(_ []string, stdout, _ io.Writer) int {
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	for _, r := range speclint.Rules() {
		stage := "validate"
		if r.Lint {
			stage = "lint"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.Name, stage, r.Summary)
	}
	tw.Flush()
	fmt.Fprintf(stdout, "\noperationId verbs: %s\n", strings.Join(speclint.OperationVerbs(), ", "))
	return exitOK
}
