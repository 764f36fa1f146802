package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oasdiff/oasdiff/checker"
	"github.com/oasdiff/oasdiff/diff"
	"github.com/oasdiff/oasdiff/load"
)

// change is one finding, in the shape specgen reads (internal/compat.SpecChange).
type change struct {
	ID          string `json:"id"`
	Level       string `json:"level"`
	Method      string `json:"method,omitempty"`
	Path        string `json:"path,omitempty"`
	OperationID string `json:"operationId,omitempty"`
	Text        string `json:"text"`
	Comment     string `json:"comment,omitempty"`
	Section     string `json:"section,omitempty"`
	Line        int    `json:"line,omitempty"`
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: specchanges OLD.yaml NEW.yaml")
		os.Exit(2)
	}
	changes, err := compare(os.Args[1], os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, "specchanges:", err)
		os.Exit(1)
	}
	if err := write(os.Stdout, changes); err != nil {
		fmt.Fprintln(os.Stderr, "specchanges:", err)
		os.Exit(1)
	}
}

func compare(oldPath, newPath string) ([]change, error) {
	base, err := loadSpec(oldPath)
	if err != nil {
		return nil, err
	}
	revision, err := loadSpec(newPath)
	if err != nil {
		return nil, err
	}
	d, sources, err := diff.GetWithOperationsSourcesMap(diff.NewConfig(), base, revision)
	if err != nil {
		return nil, fmt.Errorf("diff %s and %s: %w", oldPath, newPath, err)
	}
	found := checker.CheckBackwardCompatibilityUntilLevel(checker.NewConfig(checker.GetAllChecks()), d, sources, checker.INFO)
	l := checker.NewDefaultLocalizer()
	out := make([]change, 0, len(found))
	for _, c := range found {
		out = append(out, change{
			ID:          c.GetId(),
			Level:       levelName(c.GetLevel()),
			Method:      c.GetOperation(),
			Path:        c.GetPath(),
			OperationID: c.GetOperationId(),
			Text:        c.GetUncolorizedText(l),
			Comment:     c.GetComment(l),
			Section:     c.GetSection(),
			Line:        line(c),
		})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		if out[i].Method != out[j].Method {
			return out[i].Method < out[j].Method
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// loadSpec reads a document from a file path only: oasdiff's own source
// parsing would take "HEAD:spec.yaml" for a git revision, and specgen hands
// over files it has already taken out of git.
func loadSpec(path string) (*load.SpecInfo, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = true
	loader.IncludeOrigin = true // lines for the report
	doc, err := loader.LoadFromFile(abs)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", path, err)
	}
	version := ""
	if doc.Info != nil {
		version = doc.Info.Version
	}
	return &load.SpecInfo{Url: path, Spec: doc, Version: version}, nil
}

func levelName(l checker.Level) string {
	switch l {
	case checker.ERR:
		return "error"
	case checker.WARN:
		return "warning"
	default:
		return "info"
	}
}

// line is where the change is: the new document for what it added or
// changed, the old one for what it removed.
func line(c checker.Change) int {
	if s := c.GetRevisionSource(); s != nil && s.Line > 0 {
		return s.Line
	}
	if s := c.GetBaseSource(); s != nil {
		return s.Line
	}
	return 0
}

func write(w io.Writer, changes []change) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(changes)
}
