package conformance

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tableHeader opens CONFORMANCE.md.
const tableHeader = `# Conformance: the SDK against the vendors' own documents

This file is written by the conformance suite in ` + "`internal/conformance`" + ` (do not edit it by
hand; ` + "`make conformance`" + ` rewrites it, and ` + "`make test`" + ` fails when it is stale). The suite calls every
public method of every client against its in-memory fake, through an HTTP client that records
each request, and checks every recorded request twice: against the vendor's own document (where
one describes the operation) and against the project's spec in ` + "`specs/`" + ` (always, with no
exemption). It also feeds every answer the vendor's documents allow back through the client, and
sends every request example the vendor's documents show to the fake.

A method is *valid per vendor document* when every request it sends is described by a vendor
document and accepted by it; *not covered by it* when no vendor document describes its requests,
with the source the method rests on instead (the fact sheets in ` + "`../shared/reference`" + ` name the
sources, S1…S30 for Userpilot); *rejected by it on purpose* when the project departs from the
vendor's document for the reason given.
`

// Render writes the table for the reports.
func Render(reports []Report) []byte {
	var b bytes.Buffer
	b.WriteString(tableHeader)
	for _, rep := range reports {
		renderAPI(&b, rep)
	}
	return b.Bytes()
}

func renderAPI(b *bytes.Buffer, rep Report) {
	fmt.Fprintf(b, "\n## %s\n\n", rep.API)
	fmt.Fprintf(b, "Vendor documents: %s.\n", strings.Join(rep.Vendor, "; "))
	for _, n := range rep.Notes {
		fmt.Fprintf(b, "%s\n", n)
	}
	counts := map[Status]int{}
	variants := 0
	for _, r := range rep.Rows {
		if r.Variant != "" {
			variants++
			continue
		}
		counts[r.Status]++
	}
	fmt.Fprintf(b, "\n**%d public methods: %d valid per vendor document, %d not covered by it", rep.Methods, counts[Valid], counts[NotCovered]+counts[Partly])
	if n := counts[Deviates]; n > 0 {
		fmt.Fprintf(b, ", %d rejected by it on purpose", n)
	}
	if n := counts[Known]; n > 0 {
		fmt.Fprintf(b, ", %d rejected by it as known defects", n)
	}
	if n := counts[Failed]; n > 0 {
		fmt.Fprintf(b, ", %d FAILED", n)
	}
	b.WriteString(".**")
	if variants > 0 {
		fmt.Fprintf(b, " Rows marked with a variant are further ways of calling a method (%d).", variants)
	}
	b.WriteString(" Every request is also valid per the project's spec.\n\n")
	b.WriteString("| Method | Sends | Vendor document | Source or reason |\n|---|---|---|---|\n")
	for _, r := range rep.Rows {
		name := "`" + r.Method + "`"
		if r.Variant != "" {
			name += " " + r.Variant
		}
		status := string(r.Status)
		if r.Status == Valid && len(r.Vendor) > 0 {
			status += ": " + code(r.Vendor)
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", name, code(r.Sends), status, cell(r.Detail))
	}
	if len(rep.Samples) > 0 {
		ok := 0
		for _, s := range rep.Samples {
			if s.Err == "" {
				ok++
			}
		}

		fmt.Fprintf(b, "\n**Answers the vendor documents allow, decoded through the client: %d of %d.**\n\n", ok, len(rep.Samples))
		b.WriteString("| Operation | Status | Body | Result |\n|---|---|---|---|\n")
		for _, s := range rep.Samples {
			result := "decoded"
			if s.Sample.Status < 200 || s.Sample.Status > 299 {
				result = "the client's API error"
			}
			if s.Err != "" {
				result = "FAILED: " + shorten(s.Err)
				if s.Known != "" {
					result = "known defect (" + s.Known + "): " + shorten(s.Err)
				}
			}
			fmt.Fprintf(b, "| `%s` | %d | %s | %s |\n", s.Sample.Operation, s.Sample.Status, s.Sample.Origin, cell(result))
		}
	}
	if len(rep.Examples) > 0 {
		ok := 0
		for _, e := range rep.Examples {
			if e.Err == "" {
				ok++
			}
		}
		fmt.Fprintf(b, "\n**Request examples of the vendor documents accepted by the fake: %d of %d.**\n\n", ok, len(rep.Examples))
		b.WriteString("| Operation | Content type | Fake's answer |\n|---|---|---|\n")
		for _, e := range rep.Examples {
			result := fmt.Sprint(e.Status)
			if e.Err != "" {
				result = "FAILED: " + shorten(e.Err)
				if e.Known != "" {
					result = "known defect (" + e.Known + "): " + shorten(e.Err)
				}
			}
			fmt.Fprintf(b, "| `%s %s` | %s | %s |\n", e.Example.Method, e.Example.Path, e.Example.ContentType, cell(result))
		}
	}
}

func code(items []string) string {
	if len(items) == 0 {
		return "–"
	}
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = "`" + s + "`"
	}
	return strings.Join(out, "<br>")
}

func cell(s string) string {
	if s == "" {
		return ""
	}
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "\n", " ")
}

// CheckTable compares the table rendered from reports with the file at
// path (CONFORMANCE.md at the repository root), or rewrites the file when
// update is set. A stale file fails t with the way to refresh it.
func CheckTable(t *testing.T, path string, reports []Report, update bool) {
	t.Helper()
	want := Render(reports)
	if update {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if err := TableDiff(path, want); err != nil {
		t.Error(err)
	}
}

// TableDiff reports how the file at path differs from the table want, or
// nil when it holds exactly that.
func TableDiff(path string, want []byte) error {
	got, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("%w: run `make conformance` to write it", err)
	}
	if !bytes.Equal(got, want) {
		return fmt.Errorf("%s is stale: run `make conformance` (go test ./internal/conformance -run TestConformance -update) and commit it; first difference near line %d", path, firstDiffLine(got, want))
	}
	return nil
}

func firstDiffLine(a, b []byte) int {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return i + 1
		}
	}
	return min(len(la), len(lb)) + 1
}

// RepoFile returns the path of name at the root of the module the tests
// run in (the nearest directory above with a go.mod).
func RepoFile(name string) (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, name), nil
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", errors.New("conformance: no go.mod above the working directory")
		}
		dir = up
	}
}
