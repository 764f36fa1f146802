package compat

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// BreakingOptions configures Breaking.
type BreakingOptions struct {
	Repo       string   // the repository's root; its working tree is "new"
	Base       Base     // what to compare with (see PickBase)
	SpecGlob   string   // documents, relative to Repo, e.g. "specs/*.yaml"
	GoPatterns []string // packages whose API users import, e.g. "./pkg/..."
	Acks       *Acknowledgements
}

// Breaking compares every document matching SpecGlob, and the Go API of
// GoPatterns, between the base and the working tree.
func (t *Tools) Breaking(o BreakingOptions) (*Report, error) {
	baseDir, err := Extract(o.Repo, o.Base.Commit)
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(baseDir)

	r := &Report{Base: o.Base.Rev, BaseWhy: o.Base.Why}
	if o.Base.Rev != o.Base.Commit && len(o.Base.Commit) >= 12 {
		r.Base += " = " + o.Base.Commit[:12]
	}
	names, err := specNames(o.Repo, baseDir, o.SpecGlob)
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		oldFile, newFile := filepath.Join(baseDir, name), filepath.Join(o.Repo, name)
		d := SpecDiff{Old: o.Base.Rev + ":" + filepath.ToSlash(name), New: filepath.ToSlash(name)}
		switch {
		case !exists(oldFile):
			d.Note = "new document"
		case !exists(newFile):
			d.Note = "document removed"
			d.Changes = []SpecChange{{ID: "document-removed", Level: "error", Breaking: true,
				Text: "the document and the client generated from it are gone"}}
		default:
			if d.Changes, err = t.SpecChanges(oldFile, newFile); err != nil {
				return nil, fmt.Errorf("compat: %s: %w", name, err)
			}
		}
		r.Specs = append(r.Specs, d)
	}
	if len(o.GoPatterns) > 0 {
		if r.API, err = t.APIChanges(baseDir, o.Repo, o.GoPatterns...); err != nil {
			return nil, err
		}
		r.APIDone = true
	}
	r.Acknowledge(o.Acks)
	return r, nil
}

// specNames is the union of the documents matching glob in both trees,
// relative to each root.
func specNames(newRoot, oldRoot, glob string) ([]string, error) {
	seen := map[string]bool{}
	for _, root := range []string{newRoot, oldRoot} {
		matches, err := filepath.Glob(filepath.Join(root, glob))
		if err != nil {
			return nil, fmt.Errorf("compat: bad spec pattern %q: %w", glob, err)
		}
		for _, m := range matches {
			rel, err := filepath.Rel(root, m)
			if err != nil {
				return nil, err
			}
			seen[rel] = true
		}
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	return names, nil
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
