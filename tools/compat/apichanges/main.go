package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/types"
	"os"
	"sort"
	"strings"

	"golang.org/x/exp/apidiff"
	"golang.org/x/tools/go/packages"
)

// change is one finding, in the shape specgen reads (internal/compat.APIChange).
type change struct {
	Package    string `json:"package"`
	Change     string `json:"change"`
	Compatible bool   `json:"compatible"`
}

func main() {
	oldDir := flag.String("old", "", "directory of the old copy")
	newDir := flag.String("new", "", "directory of the new copy")
	flag.Parse()
	if *oldDir == "" || *newDir == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: apichanges -old DIR -new DIR PATTERN...")
		os.Exit(2)
	}
	changes, err := compare(*oldDir, *newDir, flag.Args())
	if err != nil {
		fmt.Fprintln(os.Stderr, "apichanges:", err)
		os.Exit(1)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(changes); err != nil {
		fmt.Fprintln(os.Stderr, "apichanges:", err)
		os.Exit(1)
	}
}

func compare(oldDir, newDir string, patterns []string) ([]change, error) {
	before, err := load(oldDir, patterns)
	if err != nil {
		return nil, err
	}
	after, err := load(newDir, patterns)
	if err != nil {
		return nil, err
	}
	out := []change{}
	for path, old := range before {
		cur, ok := after[path]
		if !ok {
			out = append(out, change{Package: path, Change: "package removed", Compatible: false})
			continue
		}
		report := apidiff.Changes(old, cur)
		for _, c := range report.Changes {
			out = append(out, change{Package: path, Change: c.Message, Compatible: c.Compatible})
		}
	}
	for path := range after {
		if _, ok := before[path]; !ok {
			out = append(out, change{Package: path, Change: "package added", Compatible: true})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Package != out[j].Package {
			return out[i].Package < out[j].Package
		}
		return out[i].Change < out[j].Change
	})
	return out, nil
}

// load type-checks the packages matching patterns in dir, keyed by import
// path. Internal packages are skipped: no caller outside the module can
// import them, so their API is free to change.
func load(dir string, patterns []string) (map[string]*types.Package, error) {
	cfg := &packages.Config{Dir: dir, Mode: packages.NeedName | packages.NeedTypes}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, fmt.Errorf("load %s in %s: %w", strings.Join(patterns, " "), dir, err)
	}
	var errs []error
	byPath := map[string]*types.Package{}
	for _, p := range pkgs {
		if noGoFiles(p) {
			continue // a pattern such as "." before the root package existed: no package, no API
		}
		for _, e := range p.Errors {
			errs = append(errs, fmt.Errorf("%s: %s", dir, e))
		}
		if isInternal(p.PkgPath) || p.Name == "main" || p.Types == nil {
			continue
		}
		byPath[p.PkgPath] = p.Types
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return byPath, nil
}

func isInternal(path string) bool {
	return strings.HasSuffix(path, "/internal") || strings.Contains(path, "/internal/") ||
		path == "internal" || strings.HasPrefix(path, "internal/")
}

// noGoFiles reports whether p is a directory a pattern named that holds no
// package at all, which is not an error here: the package does not exist
// in that copy.
func noGoFiles(p *packages.Package) bool {
	if len(p.Errors) == 0 {
		return false
	}
	for _, e := range p.Errors {
		if !strings.Contains(e.Msg, "no Go files") && !strings.Contains(e.Msg, "build constraints exclude all Go files") {
			return false
		}
	}
	return true
}
