package speclint

import (
	"cmp"
	"slices"
	"strings"
)

// Finding is one problem in one document.
type Finding struct {
	// File is the document's path as it was given to the checker.
	File string
	// Pointer is an RFC 6901 JSON pointer to the offending node, such as
	// /paths/~1v1~1users/post/operationId. The document root is "".
	Pointer string
	// Rule is the name of the rule that produced the finding, such as
	// operation-id or example-schema (see Rules).
	Rule string
	// Message says what is wrong and how to fix it, on one line.
	Message string
	// Severity is Error for problems that fail the check and Warning for
	// those that are reported but do not (see Rule.Severity).
	Severity Severity
}

// Severity says whether a finding fails the check.
type Severity int

// The severities of findings, as the standard linters name them.
const (
	// Error fails the check: specgen exits with status 1.
	Error Severity = iota
	// Warning is reported and counted but does not fail the check.
	Warning
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// String formats the finding as the single line that specgen prints:
//
//	FILE: POINTER: RULE: MESSAGE
//
// and, for a warning, FILE: POINTER: RULE: warning: MESSAGE. The document
// root, whose RFC 6901 pointer is the empty string, is written "/" so that
// every line has a visible pointer.
func (f Finding) String() string {
	p := f.Pointer
	if p == "" {
		p = "/"
	}
	msg := oneLine(f.Message)
	if f.Severity == Warning {
		msg = "warning: " + msg
	}
	return f.File + ": " + p + ": " + f.Rule + ": " + msg
}

// Errors returns the findings whose severity is Error.
func Errors(fs []Finding) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Severity == Error {
			out = append(out, f)
		}
	}
	return out
}

// SortFindings sorts findings by file, pointer, rule and message, and drops
// exact duplicates, so that output is deterministic.
func SortFindings(fs []Finding) []Finding {
	slices.SortFunc(fs, compareFindings)
	return slices.Compact(fs)
}

func compareFindings(a, b Finding) int {
	return cmp.Or(
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Pointer, b.Pointer),
		cmp.Compare(a.Rule, b.Rule),
		cmp.Compare(a.Message, b.Message),
	)
}

// oneLine collapses runs of white space, new lines included, so that a
// message always fits on its line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
