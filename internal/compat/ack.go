package compat

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// AckFile is the acknowledgements file at the repository's root.
const AckFile = "breaking-ok.yaml"

// Acknowledgements list the breaking changes made on purpose since the last
// release, each with the reason a caller will read. They live in a file
// beside the change (AckFile), so the reviewer of a pull request sees the
// break and its justification in one diff:
//
//	spec:
//	  - file: usermost.yaml
//	    operation: POST /v1/accounts/{licenseCode}/events
//	    change: request-property-removed
//	    reason: the vendor dropped the field (changelog 2026-03)
//	go:
//	  - package: github.com/cdpkit/cdpkit/pkg/usermost
//	    change: "(*Client).TrackEvents: removed"
//	    reason: replaced by the Tracker (CHANGELOG, Unreleased)
//
// A spec entry matches a change of that oasdiff rule id in that document
// (by base name), in that operation, or in any operation when operation is
// left out. A go entry matches apidiff's message exactly, or every change in
// the package when change is "*". The list is emptied when a release is
// tagged: from then on the tag is the base and the old breaks are no longer
// differences.
type Acknowledgements struct {
	Spec []SpecAck `yaml:"spec"`
	Go   []GoAck   `yaml:"go"`
}

// SpecAck acknowledges breaking changes to an OpenAPI document.
type SpecAck struct {
	File      string `yaml:"file"`
	Operation string `yaml:"operation"`
	Change    string `yaml:"change"`
	Reason    string `yaml:"reason"`
	used      bool
}

// GoAck acknowledges breaking changes to the exported Go API.
type GoAck struct {
	Package string `yaml:"package"`
	Change  string `yaml:"change"`
	Reason  string `yaml:"reason"`
	used    bool
}

// ReadAcknowledgements reads an acknowledgements file. A file that does not
// exist acknowledges nothing; one that names no reason, or has fields this
// package does not know, is an error, so a typo cannot wave a break through
// or silently fail to.
func ReadAcknowledgements(path string) (*Acknowledgements, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return &Acknowledgements{}, nil
	}
	if err != nil {
		return nil, err
	}
	var a Acknowledgements
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&a); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("compat: %s: %w", path, err)
	}
	for i, s := range a.Spec {
		if s.File == "" || s.Change == "" || strings.TrimSpace(s.Reason) == "" {
			return nil, fmt.Errorf("compat: %s: spec[%d] needs file, change and reason (the reason is what callers read)", path, i)
		}
	}
	for i, g := range a.Go {
		if g.Package == "" || g.Change == "" || strings.TrimSpace(g.Reason) == "" {
			return nil, fmt.Errorf("compat: %s: go[%d] needs package, change and reason (the reason is what callers read)", path, i)
		}
	}
	return &a, nil
}

// ackSpec marks the breaking changes of one document that an entry
// acknowledges.
func (a *Acknowledgements) ackSpec(file string, changes []SpecChange) {
	base := filepath.Base(file)
	for i := range changes {
		c := &changes[i]
		if !c.Breaking {
			continue
		}
		for j := range a.Spec {
			s := &a.Spec[j]
			if filepath.Base(s.File) != base || s.Change != c.ID {
				continue
			}
			if s.Operation != "" && !sameOperation(s.Operation, c.Operation()) {
				continue
			}
			c.Acknowledged, c.Reason, s.used = true, s.Reason, true
			break
		}
	}
}

func sameOperation(a, b string) bool {
	am, ap, _ := strings.Cut(strings.TrimSpace(a), " ")
	bm, bp, _ := strings.Cut(b, " ")
	return strings.EqualFold(am, bm) && strings.TrimSpace(ap) == bp
}

// ackGo marks the incompatible Go API changes an entry acknowledges.
func (a *Acknowledgements) ackGo(changes []APIChange) {
	for i := range changes {
		c := &changes[i]
		if c.Compatible {
			continue
		}
		for j := range a.Go {
			g := &a.Go[j]
			if g.Package == c.Package && (g.Change == "*" || g.Change == c.Change) {
				c.Acknowledged, c.Reason, g.used = true, g.Reason, true
				break
			}
		}
	}
}

// Unused lists the entries that acknowledged nothing, as lines to print: a
// stale entry is harmless but would wave through a later break of the same
// kind unseen, so it is pointed out.
func (a *Acknowledgements) Unused() []string {
	var out []string
	for _, s := range a.Spec {
		if !s.used {
			out = append(out, fmt.Sprintf("spec %s %s %s", s.File, s.Operation, s.Change))
		}
	}
	for _, g := range a.Go {
		if !g.used {
			out = append(out, fmt.Sprintf("go %s %s", g.Package, g.Change))
		}
	}
	return out
}
