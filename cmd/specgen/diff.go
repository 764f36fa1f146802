package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/cdpkit/cdpkit/internal/compat"
)

const diffUsage = `usage: specgen diff [--format text|markdown|json] [--ack FILE] [--allow-breaking] OLD.yaml NEW.yaml

Lists what changed between two versions of an OpenAPI document, per
operation, each change marked breaking or compatible (oasdiff's rules, plus
the removals that break the generated Go client). Exit status 1 when a
breaking change is neither acknowledged in FILE (default: breaking-ok.yaml at
the repository's root, if there is one) nor allowed by --allow-breaking.
`

// diffCommand is `specgen diff OLD NEW`.
func diffCommand(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("specgen diff", diffUsage, stderr)
	format := fs.String("format", "text", "text, markdown or json")
	ackFile := fs.String("ack", "", "acknowledgements file (default: "+compat.AckFile+" at the repository's root)")
	allow := fs.Bool("allow-breaking", false, "report breaking changes but exit 0")
	files, code, ok := parseInterleaved(fs, args)
	if !ok {
		return code
	}
	if len(files) != 2 {
		fmt.Fprintln(stderr, "specgen diff: want OLD and NEW, got", len(files), "files")
		fs.Usage()
		return exitUsage
	}
	f, err := compat.ParseFormat(*format)
	if err != nil {
		fmt.Fprintln(stderr, "specgen diff: --format:", err)
		return exitUsage
	}
	tools, err := compat.FindTools(".")
	if err != nil {
		fmt.Fprintln(stderr, "specgen diff:", err)
		return exitFindings
	}
	defer tools.Close()
	acks, err := readAcks(*ackFile, tools)
	if err != nil {
		fmt.Fprintln(stderr, "specgen diff:", err)
		return exitUsage
	}
	changes, err := tools.SpecChanges(files[0], files[1])
	if err != nil {
		fmt.Fprintln(stderr, "specgen diff:", err)
		return exitFindings
	}
	r := &compat.Report{Specs: []compat.SpecDiff{{Old: files[0], New: files[1], Changes: changes}}, Allowed: *allow}
	r.Acknowledge(acks)
	r.Unused = nil // other documents' entries are not this diff's business
	return finish(r, f, "specgen diff", stdout, stderr)
}

// readAcks reads the acknowledgements file: the one named, or the
// repository's own when there is one.
func readAcks(name string, tools *compat.Tools) (*compat.Acknowledgements, error) {
	if name == "" {
		name = filepath.Join(tools.RepoRoot(), compat.AckFile)
	}
	return compat.ReadAcknowledgements(name)
}

// finish writes the report and turns it into an exit status.
func finish(r *compat.Report, f compat.Format, name string, stdout, stderr io.Writer) int {
	if err := r.Write(stdout, f); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return exitFindings
	}
	if r.Fails() {
		fmt.Fprintf(stderr, "%s: %d breaking change(s) not acknowledged: list each in %s with a reason, or pass --allow-breaking\n", name, r.Blocking, compat.AckFile)
		return exitFindings
	}
	return exitOK
}

// parseInterleaved parses flags that may come before, between or after
// the positional arguments (the standard flag package stops at the first
// positional one). ok is false when the caller should return code.
func parseInterleaved(fs *flag.FlagSet, args []string) (positional []string, code int, ok bool) {
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, exitOK, false
			}
			return nil, exitUsage, false
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, 0, true
		}
		if rest[0] == "--" {
			return append(positional, rest[1:]...), 0, true
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}
