package compat

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// SpecDiff is the comparison of one document's two versions.
type SpecDiff struct {
	Old     string       `json:"old"`
	New     string       `json:"new"`
	Note    string       `json:"note,omitempty"` // e.g. "new document"
	Changes []SpecChange `json:"-"`
}

// MarshalJSON writes the changes grouped per operation.
func (d SpecDiff) MarshalJSON() ([]byte, error) {
	type plain SpecDiff
	return json.Marshal(struct {
		plain
		Operations []OperationChanges `json:"operations"`
	}{plain(d), nonNil(byOperation(d.Changes))})
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Report is the outcome of `specgen diff` (one document, no Go API) or
// `specgen breaking` (every document and the Go API against a base).
type Report struct {
	Base     string      `json:"base,omitempty"`       // the git revision compared against
	BaseWhy  string      `json:"baseReason,omitempty"` // why that revision
	Specs    []SpecDiff  `json:"specs"`
	API      []APIChange `json:"goAPI,omitempty"`
	APIDone  bool        `json:"-"` // whether the Go API was compared
	Unused   []string    `json:"unusedAcknowledgements,omitempty"`
	Allowed  bool        `json:"allowBreaking,omitempty"` // --allow-breaking was given
	Breaking int         `json:"breaking"`
	Blocking int         `json:"unacknowledged"`
}

// Acknowledge applies acknowledgements (nil: none) and counts what is
// breaking and what of that is not acknowledged.
func (r *Report) Acknowledge(a *Acknowledgements) {
	if a == nil {
		a = &Acknowledgements{}
	}
	r.Breaking, r.Blocking = 0, 0
	for i := range r.Specs {
		a.ackSpec(r.Specs[i].New, r.Specs[i].Changes)
		for _, c := range r.Specs[i].Changes {
			if c.Breaking {
				r.Breaking++
				if !c.Acknowledged {
					r.Blocking++
				}
			}
		}
	}
	a.ackGo(r.API)
	for _, c := range r.API {
		if !c.Compatible {
			r.Breaking++
			if !c.Acknowledged {
				r.Blocking++
			}
		}
	}
	r.Unused = a.Unused()
}

// Fails reports whether the report should fail the build: a breaking
// change that is neither acknowledged nor allowed.
func (r *Report) Fails() bool { return r.Blocking > 0 && !r.Allowed }

func mark(breaking, acked bool) string {
	switch {
	case breaking && acked:
		return "breaking, acknowledged"
	case breaking:
		return "BREAKING"
	default:
		return "compatible"
	}
}

// WriteText writes the report for a terminal.
func (r *Report) WriteText(w io.Writer) error {
	p := &printer{w: w}
	if r.Base != "" {
		p.f("base: %s (%s)\n", r.Base, r.BaseWhy)
	}
	for i, d := range r.Specs {
		if i > 0 || r.Base != "" {
			p.f("\n")
		}
		p.f("%s → %s", d.Old, d.New)
		if d.Note != "" {
			p.f(" (%s)", d.Note)
		}
		p.f("\n")
		if len(d.Changes) == 0 {
			p.f("  no changes\n")
		}
		for _, op := range byOperation(d.Changes) {
			p.f("  %s\n", opTitle(op))
			for _, c := range op.Changes {
				p.f("    %-22s %s [%s%s]\n", mark(c.Breaking, c.Acknowledged), c.Text, c.ID, lineSuffix(c.Line))
				if c.Acknowledged {
					p.f("    %-22s reason: %s\n", "", c.Reason)
				}
			}
		}
	}
	if r.APIDone {
		p.f("\nGo API\n")
		if len(r.API) == 0 {
			p.f("  no changes\n")
		}
		for _, c := range r.API {
			p.f("  %-22s %s: %s\n", mark(!c.Compatible, c.Acknowledged), c.Package, c.Change)
			if c.Acknowledged {
				p.f("  %-22s reason: %s\n", "", c.Reason)
			}
		}
	}
	for _, u := range r.Unused {
		p.f("\nwarning: %s acknowledges nothing (remove it): %s\n", AckFile, u)
	}
	p.f("\n%s\n", r.summary())
	return p.err
}

func (r *Report) summary() string {
	s := fmt.Sprintf("%s, %d not acknowledged", plural(r.Breaking, "breaking change"), r.Blocking)
	switch {
	case r.Blocking > 0 && r.Allowed:
		s += " (allowed by --allow-breaking)"
	case r.Blocking > 0:
		s += fmt.Sprintf(": list each in %s with a reason, or undo it", AckFile)
	}
	return s
}

// WriteMarkdown writes the report for a pull request comment or a
// CHANGELOG entry.
func (r *Report) WriteMarkdown(w io.Writer) error {
	p := &printer{w: w}
	p.f("## Compatibility\n\n")
	if r.Base != "" {
		p.f("Compared with `%s` (%s).\n\n", r.Base, r.BaseWhy)
	}
	p.f("**%s**\n", r.summary())
	for _, d := range r.Specs {
		p.f("\n### `%s`", d.New)
		if d.Note != "" {
			p.f(" (%s)", d.Note)
		}
		p.f("\n\n")
		if len(d.Changes) == 0 {
			p.f("No changes.\n")
		}
		for _, op := range byOperation(d.Changes) {
			p.f("#### %s\n\n", mdOpTitle(op))
			for _, c := range op.Changes {
				p.f("- %s: %s (`%s`)", mdMark(c.Breaking, c.Acknowledged), c.Text, c.ID)
				if c.Acknowledged {
					p.f(" — %s", c.Reason)
				}
				p.f("\n")
			}
			p.f("\n")
		}
	}
	if r.APIDone {
		p.f("\n### Go API\n\n")
		if len(r.API) == 0 {
			p.f("No changes.\n")
		}
		for _, c := range r.API {
			p.f("- %s: `%s`: %s", mdMark(!c.Compatible, c.Acknowledged), c.Package, c.Change)
			if c.Acknowledged {
				p.f(" — %s", c.Reason)
			}
			p.f("\n")
		}
	}
	if len(r.Unused) > 0 {
		p.f("\nAcknowledgements in `%s` that match nothing (remove them):\n\n", AckFile)
		for _, u := range r.Unused {
			p.f("- %s\n", u)
		}
	}
	return p.err
}

func mdMark(breaking, acked bool) string {
	switch {
	case breaking && acked:
		return "**breaking** (acknowledged)"
	case breaking:
		return "**breaking**"
	default:
		return "compatible"
	}
}

// WriteJSON writes the report as one JSON object.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	out := *r
	out.Specs = nonNil(out.Specs)
	return enc.Encode(out)
}

func opTitle(op OperationChanges) string {
	if op.Operation == "" {
		return "(document)"
	}
	if op.OperationID != "" {
		return op.Operation + " (" + op.OperationID + ")"
	}
	return op.Operation
}

func mdOpTitle(op OperationChanges) string {
	if op.Operation == "" {
		return "Document"
	}
	t := "`" + op.Operation + "`"
	if op.OperationID != "" {
		t += " (`" + op.OperationID + "`)"
	}
	return t
}

func lineSuffix(line int) string {
	if line <= 0 {
		return ""
	}
	return fmt.Sprintf(", line %d", line)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// printer keeps the first write error, so the rendering code reads as a
// list of lines.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) f(format string, args ...any) {
	if p.err != nil {
		return
	}
	_, p.err = fmt.Fprintf(p.w, format, args...)
}

// Format is how a report is written.
type Format string

// The formats a report can be written in.
const (
	FormatText     Format = "text"
	FormatMarkdown Format = "markdown"
	FormatJSON     Format = "json"
)

// ParseFormat accepts text, markdown (or md) and json.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(s) {
	case "text", "":
		return FormatText, nil
	case "markdown", "md":
		return FormatMarkdown, nil
	case "json":
		return FormatJSON, nil
	}
	return "", fmt.Errorf("unknown format %q: use text, markdown or json", s)
}

// Write writes the report in format f.
func (r *Report) Write(w io.Writer, f Format) error {
	switch f {
	case FormatMarkdown:
		return r.WriteMarkdown(w)
	case FormatJSON:
		return r.WriteJSON(w)
	default:
		return r.WriteText(w)
	}
}
