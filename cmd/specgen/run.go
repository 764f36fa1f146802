package main

import (
	"fmt"
	"io"

	"github.com/cdpkit/cdpkit/internal/speclint"
)

// Exit statuses of specgen.
const (
	exitOK       = 0 // no findings, or only warnings
	exitFindings = 1 // at least one error
	exitUsage    = 2 // bad command line
)

const usage = `usage: specgen <command> [arguments]

commands:
  validate FILE...   load each OpenAPI document with kin-openapi and validate it,
                     examples included
  lint FILE...       validate, plus the project's spec rules (DESIGN.md)
  convert postman COLLECTION.json [-o DRAFT.yaml] [-env ENV.json]...
                     turn a Postman collection into an OpenAPI 3.0.3 draft
  diff [--format text|markdown|json] [--allow-breaking] OLD NEW
                     what changed between two versions of a document, per
                     operation, breaking or not (oasdiff); exit 1 on an
                     unacknowledged breaking change (breaking-ok.yaml)
  breaking [--base REV] [--format F] [--allow-breaking]
                     every spec and the Go API (apidiff) against the last
                     release tag, or the merge base or previous commit
                     without one (make breaking)
  verify --har FILE.har SPEC...
                     check recorded traffic against the specs: operations
                     exercised, requests and responses that break them,
                     fields they lack (values and secrets never printed)
  rules [-markdown]  list the rules (-markdown: RULES.md, with their parity with
                     Spectral and Redocly)
  help               show this help

Each finding is one line on stdout:

  FILE: POINTER: RULE: MESSAGE          (an error)
  FILE: POINTER: RULE: warning: MESSAGE (a warning)

where POINTER is a JSON pointer into the document ("/" is the root). A summary
goes to stderr. Exit status: 0 no errors (warnings only, or nothing), 1 errors,
2 usage error. RULES.md lists every rule and how it maps to Spectral's and
Redocly's.
`

// command is one subcommand. It gets the arguments after its name.
type command func(args []string, stdout, stderr io.Writer) int

// commands maps subcommand names to their implementations.
var commands = map[string]command{
	"validate": checkCommand("validate", speclint.Validate),
	"lint":     checkCommand("lint", speclint.Lint),
	"convert":  convertCommand,
	"rules":    rulesCommand,
	"diff":     diffCommand,
	"breaking": breakingCommand,
	"verify":   verifyCommand,
	"help":     helpCommand,
}

// run is specgen without the process: it parses args (os.Args[1:]),
// writes to stdout and stderr, and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help":
		name = "help"
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "specgen: unknown command %q\n\n%s", args[0], usage)
		return exitUsage
	}
	return cmd(args[1:], stdout, stderr)
}

func helpCommand(_ []string, stdout, _ io.Writer) int {
	fmt.Fprint(stdout, usage)
	return exitOK
}
