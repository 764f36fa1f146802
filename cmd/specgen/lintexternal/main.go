package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/cdpkit/cdpkit/internal/speclint"
	"gopkg.in/yaml.v3"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// problem is one finding of an external linter, located as specgen
// locates its own: file as given on the command line, JSON pointer.
type problem struct {
	linter   string
	rule     string
	severity string // "error" or "warn"
	file     string
	pointer  string
	message  string
}

func (p problem) String() string {
	ptr := p.pointer
	if ptr == "" {
		ptr = "/"
	}
	return fmt.Sprintf("%s: %s: %s %s %s: %s", p.file, ptr, p.linter, p.severity, p.rule, p.message)
}

// acceptance is one accepted warning of accepted.yaml.
type acceptance struct {
	Linter  string `yaml:"linter"`
	Rule    string `yaml:"rule"`
	File    string `yaml:"file"`
	Pointer string `yaml:"pointer"`
	Reason  string `yaml:"reason"`
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("lintexternal", flag.ContinueOnError)
	fs.SetOutput(stderr)
	spectralPkg := fs.String("spectral", speclint.SpectralPackage, "Spectral CLI package for npx, pinned")
	redoclyPkg := fs.String("redocly", speclint.RedoclyPackage, "Redocly CLI package for npx, pinned")
	dir := fs.String("config", filepath.Join("cmd", "specgen", "lintexternal"), "directory of spectral.yaml, redocly.yaml and accepted.yaml")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	groups := splitFiles(fs.Args())
	strict, drafts, corpus := groups[0], groups[1], groups[2]
	files := slices.Concat(strict, drafts, corpus)
	if len(files) == 0 {
		fmt.Fprintln(stderr, "lintexternal: no files given")
		return 2
	}
	accepted, err := readAccepted(filepath.Join(*dir, "accepted.yaml"))
	if err != nil {
		fmt.Fprintln(stderr, "lintexternal:", err)
		return 2
	}
	var problems []problem
	sp, err := runSpectral(*spectralPkg, filepath.Join(*dir, "spectral.yaml"), files)
	if err != nil {
		fmt.Fprintln(stderr, "lintexternal:", err)
		return 2
	}
	problems = append(problems, sp...)
	findings := speclintFindings(files)
	// Redocly stops at the first file it cannot parse; give it those alone.
	var parsable []string
	for _, f := range files {
		if unparsable(findings[f]) {
			problems = append(problems, problem{"redocly", "parse", "error", f, "", "Redocly cannot parse the file"})
			continue
		}
		parsable = append(parsable, f)
	}
	rp, err := runRedocly(*redoclyPkg, filepath.Join(*dir, "redocly.yaml"), parsable)
	if err != nil {
		fmt.Fprintln(stderr, "lintexternal:", err)
		return 2
	}
	problems = append(problems, rp...)
	failures := check(problems, strict, drafts, corpus, accepted, findings, stdout)
	for _, f := range failures {
		fmt.Fprintln(stderr, f)
	}
	if len(failures) > 0 {
		fmt.Fprintf(stderr, "lintexternal: %d problems\n", len(failures))
		return 1
	}
	fmt.Fprintln(stderr, "lintexternal: specgen lint covers every problem Spectral and Redocly report; the strict files have no errors")
	return 0
}

// splitFiles splits the arguments at each "--" into the strict files, the
// drafts and the corpus.
func splitFiles(args []string) [3][]string {
	var groups [3][]string
	g := 0
	for _, a := range args {
		if a == "--" {
			g = min(g+1, 2)
			continue
		}
		groups[g] = append(groups[g], a)
	}
	return groups
}

func readAccepted(path string) ([]acceptance, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Accepted []acceptance `yaml:"accepted"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for _, a := range doc.Accepted {
		if a.Reason == "" || a.Rule == "" || a.File == "" {
			return nil, fmt.Errorf("%s: every accepted warning needs linter, rule, file, pointer and reason: %+v", path, a)
		}
	}
	return doc.Accepted, nil
}

// npx runs a pinned package through npx and returns its standard output.
// The linters exit 1 when they find errors, so the exit status is not an
// error here; output that cannot be parsed is.
func npx(pkg string, args ...string) ([]byte, string) {
	cmd := exec.Command("npx", append([]string{"-y", pkg}, args...)...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "REDOCLY_TELEMETRY=off", "REDOCLY_SUPPRESS_UPDATE_NOTICE=true")
	_ = cmd.Run()
	return out.Bytes(), errOut.String()
}

func runSpectral(pkg, ruleset string, files []string) ([]problem, error) {
	out, errOut := npx(pkg, append([]string{"lint", "--ruleset", ruleset, "--format", "json", "--quiet"}, files...)...)
	var results []struct {
		Code     string   `json:"code"`
		Path     []string `json:"path"`
		Message  string   `json:"message"`
		Severity int      `json:"severity"`
		Source   string   `json:"source"`
	}
	if err := json.Unmarshal(bytes.TrimSpace(out), &results); err != nil {
		return nil, fmt.Errorf("spectral printed no JSON (%v): %s%s", err, out, errOut)
	}
	var ps []problem
	for _, r := range results {
		sev := "warn"
		switch r.Severity {
		case 0:
			sev = "error"
		case 2, 3:
			continue // info and hint
		}
		ps = append(ps, problem{"spectral", r.Code, sev, givenName(r.Source, files), pathPointer(r.Path), r.Message})
	}
	return ps, nil
}

func runRedocly(pkg, config string, files []string) ([]problem, error) {
	out, errOut := npx(pkg, append([]string{"lint", "--config", config, "--format", "json"}, files...)...)
	dec := json.NewDecoder(bytes.NewReader(out))
	var ps []problem
	for {
		var doc struct {
			Problems []struct {
				RuleID   string `json:"ruleId"`
				Severity string `json:"severity"`
				Message  string `json:"message"`
				Location []struct {
					Source struct {
						Ref string `json:"ref"`
					} `json:"source"`
					Pointer string `json:"pointer"`
				} `json:"location"`
			} `json:"problems"`
		}
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("redocly printed no JSON (%v): %s%s", err, out, errOut)
		}
		for _, p := range doc.Problems {
			file, ptr := "", ""
			if len(p.Location) > 0 {
				file, ptr = givenName(p.Location[0].Source.Ref, files), strings.TrimPrefix(p.Location[0].Pointer, "#")
			}
			ps = append(ps, problem{"redocly", p.RuleID, p.Severity, file, ptr, p.Message})
		}
	}
	return ps, nil
}

// givenName maps a path a linter reports (absolute, or relative) back to
// the name the file was given as.
func givenName(reported string, files []string) string {
	abs, err := filepath.Abs(reported)
	if err != nil {
		return reported
	}
	for _, f := range files {
		if fa, err := filepath.Abs(f); err == nil && fa == abs {
			return f
		}
	}
	return reported
}

// pathPointer turns Spectral's path (a list of keys) into a JSON pointer.
func pathPointer(path []string) string {
	var b strings.Builder
	esc := strings.NewReplacer("~", "~0", "/", "~1")
	for _, p := range path {
		b.WriteString("/" + esc.Replace(p))
	}
	return b.String()
}

// unparsable reports whether specgen found the file not to be YAML (or to
// repeat a key), which Redocly cannot parse either.
func unparsable(fs []speclint.Finding) bool {
	for _, f := range fs {
		if f.Rule == speclint.RuleOpenAPILoad && (strings.Contains(f.Message, "not valid YAML") || strings.Contains(f.Message, "appears twice")) {
			return true
		}
	}
	return false
}

func speclintFindings(files []string) map[string][]speclint.Finding {
	out := map[string][]speclint.Finding{}
	for _, f := range speclint.CheckFiles(speclint.Lint, files...) {
		out[f.File] = append(out[f.File], f)
	}
	return out
}
