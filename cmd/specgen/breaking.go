package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/cdpkit/cdpkit/internal/compat"
)

const breakingUsage = `usage: specgen breaking [--base REV] [--repo DIR] [--specs GLOB] [--go PATTERNS]
                        [--format text|markdown|json] [--ack FILE] [--allow-breaking]

Compares every OpenAPI document (oasdiff) and the exported Go API (apidiff)
of the working tree with a base revision: the newest v* tag; without one, in
a GitHub pull request the merge base with its target, on a branch the merge
base with main, on main the previous commit. Exit status 1 when a breaking
change is neither acknowledged in breaking-ok.yaml nor allowed.
`

// breakingCommand is `specgen breaking`, which `make breaking` runs.
func breakingCommand(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("specgen breaking", breakingUsage, stderr)
	base := fs.String("base", os.Getenv("BREAKING_BASE"), "revision to compare with (default: see above; env BREAKING_BASE)")
	repo := fs.String("repo", ".", "the repository")
	specGlob := fs.String("specs", "specs/*.yaml", "documents to compare, relative to the repository")
	goPatterns := fs.String("go", ". ./pkg/... ./gen/... ./specs", "packages whose exported API is compared (space-separated; empty: none)")
	format := fs.String("format", "text", "text, markdown or json")
	ackFile := fs.String("ack", "", "acknowledgements file (default: "+compat.AckFile+" in the repository)")
	allow := fs.Bool("allow-breaking", false, "report breaking changes but exit 0")
	rest, code, ok := parseInterleaved(fs, args)
	if !ok {
		return code
	}
	if len(rest) > 0 {
		fmt.Fprintln(stderr, "specgen breaking: unexpected arguments:", strings.Join(rest, " "))
		fs.Usage()
		return exitUsage
	}
	f, err := compat.ParseFormat(*format)
	if err != nil {
		fmt.Fprintln(stderr, "specgen breaking: --format:", err)
		return exitUsage
	}
	root, err := filepath.Abs(*repo)
	if err != nil {
		fmt.Fprintln(stderr, "specgen breaking:", err)
		return exitUsage
	}
	if *ackFile == "" {
		*ackFile = filepath.Join(root, compat.AckFile)
	}
	acks, err := compat.ReadAcknowledgements(*ackFile)
	if err != nil {
		fmt.Fprintln(stderr, "specgen breaking:", err)
		return exitUsage
	}
	b, err := compat.PickBase(root, *base)
	if errors.Is(err, compat.ErrNoBase) {
		fmt.Fprintln(stdout, "specgen breaking: nothing to compare with (the repository's first commit)")
		return exitOK
	}
	if err != nil {
		fmt.Fprintln(stderr, "specgen breaking:", err)
		return exitFindings
	}
	tools, err := compat.FindTools(".")
	if err != nil {
		fmt.Fprintln(stderr, "specgen breaking:", err)
		return exitFindings
	}
	defer tools.Close()
	r, err := tools.Breaking(compat.BreakingOptions{
		Repo: root, Base: b, SpecGlob: *specGlob, GoPatterns: strings.Fields(*goPatterns), Acks: acks,
	})
	if err != nil {
		fmt.Fprintln(stderr, "specgen breaking:", err)
		return exitFindings
	}
	r.Allowed = *allow
	return finish(r, f, "specgen breaking", stdout, stderr)
}
