package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cdpkit/cdpkit/internal/speclint"
)

var update = flag.Bool("update", false, "rewrite the .golden files from the current output (or set UPDATE_GOLDEN=1)")

// updating reports whether golden files should be rewritten.
func updating() bool {
	return *update || os.Getenv("UPDATE_GOLDEN") == "1"
}

// result is what one run of specgen produced.
type result struct {
	code           int
	stdout, stderr string
}

func runSpecgen(args ...string) result {
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return result{code, out.String(), errOut.String()}
}

// lineRE is the shape of every finding line: FILE: POINTER: RULE: MESSAGE.
var lineRE = regexp.MustCompile(`^[^ :]+\.yaml: /\S*: [a-z0-9]+(-[a-z0-9]+)*: \S.*$`)

// brokenDocs returns the names of the broken documents: RULE, or
// RULE+CASE when a rule has more than one.
func brokenDocs(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "broken", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no broken documents: %v", err)
	}
	var rules []string
	for _, f := range files {
		rules = append(rules, strings.TrimSuffix(filepath.Base(f), ".yaml"))
	}
	return rules
}

// ruleOf returns the rule a broken document exercises: the name up to a +.
func ruleOf(doc string) string {
	rule, _, _ := strings.Cut(doc, "+")
	return rule
}

func brokenPath(rule string) string {
	return filepath.Join("testdata", "broken", rule+".yaml")
}

// TestLintGolden lints every broken document and compares the output with
// its .golden file, line for line.
func TestLintGolden(t *testing.T) {
	t.Parallel()
	for _, rule := range brokenDocs(t) {
		t.Run(rule, func(t *testing.T) {
			t.Parallel()
			doc := brokenPath(rule)
			golden := strings.TrimSuffix(doc, ".yaml") + ".golden"
			r := runSpecgen("lint", doc)
			if updating() {
				if err := os.WriteFile(golden, []byte(r.stdout), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run the tests with -update to create it)", err)
			}
			if r.stdout != string(want) {
				t.Errorf("specgen lint %s: output differs from %s\n--- got\n%s--- want\n%s", doc, golden, r.stdout, want)
			}
			wantCode := exitOK // a document with warnings only passes
			if hasError(r.stdout) {
				wantCode = exitFindings
			}
			if r.code != wantCode {
				t.Errorf("exit status = %d, want %d", r.code, wantCode)
			}
			if !strings.Contains(r.stdout, ": "+ruleOf(rule)+": ") {
				t.Errorf("%s yields no %s finding; the document does not exercise its rule", doc, rule)
			}
			for _, line := range lines(r.stdout) {
				if !lineRE.MatchString(line) {
					t.Errorf("malformed finding line: %q", line)
				}
			}
		})
	}
}

// TestValidateIsLintWithoutProjectRules checks that validate reports
// exactly the validate-stage findings of lint, for every broken document.
func TestValidateIsLintWithoutProjectRules(t *testing.T) {
	t.Parallel()
	validateRule := map[string]bool{}
	for _, r := range speclint.Rules() {
		validateRule[r.Name] = !r.Lint
	}
	for _, rule := range brokenDocs(t) {
		t.Run(rule, func(t *testing.T) {
			t.Parallel()
			doc := brokenPath(rule)
			var want []string
			for _, line := range lines(runSpecgen("lint", doc).stdout) {
				if validateRule[strings.Split(line, ": ")[2]] {
					want = append(want, line)
				}
			}
			r := runSpecgen("validate", doc)
			if got := lines(r.stdout); !slices.Equal(got, want) {
				t.Errorf("validate %s:\n got %q\nwant %q", doc, got, want)
			}
			wantCode := exitOK
			if hasError(strings.Join(want, "\n")) {
				wantCode = exitFindings
			}
			if r.code != wantCode {
				t.Errorf("exit status = %d, want %d", r.code, wantCode)
			}
		})
	}
}

// TestEveryRuleHasBrokenDocument keeps the golden tests complete: a new
// rule needs testdata/broken/<rule>.yaml.
func TestEveryRuleHasBrokenDocument(t *testing.T) {
	t.Parallel()
	have := brokenDocs(t)
	for _, r := range speclint.Rules() {
		if !slices.ContainsFunc(have, func(doc string) bool { return ruleOf(doc) == r.Name }) {
			t.Errorf("rule %s has no testdata/broken/%s.yaml", r.Name, r.Name)
		}
	}
}

// TestValidDocument checks that the reference document passes both
// commands without a finding.
func TestValidDocument(t *testing.T) {
	t.Parallel()
	for _, cmd := range []string{"validate", "lint"} {
		t.Run(cmd, func(t *testing.T) {
			t.Parallel()
			r := runSpecgen(cmd, filepath.Join("testdata", "valid.yaml"))
			if r.code != exitOK || r.stdout != "" || r.stderr != "0 findings in 1 file\n" {
				t.Errorf("specgen %s valid.yaml = %d, stdout %q, stderr %q; want 0, no findings", cmd, r.code, r.stdout, r.stderr)
			}
		})
	}
}

// TestRunUsage checks the command line: subcommands, usage errors, help.
func TestRunUsage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		args       []string
		code       int
		stdout     string // substring; "" means stdout must be empty
		stderr     string // substring; "" means stderr must be empty
		stdoutSome bool
	}{
		{name: "no arguments", args: nil, code: exitUsage, stderr: "usage: specgen <command>"},
		{name: "unknown command", args: []string{"frobnicate"}, code: exitUsage, stderr: `unknown command "frobnicate"`},
		{name: "lint without files", args: []string{"lint"}, code: exitUsage, stderr: "specgen lint: no files given"},
		{name: "validate without files", args: []string{"validate"}, code: exitUsage, stderr: "usage: specgen validate FILE..."},
		{name: "unknown flag", args: []string{"lint", "-x", "a.yaml"}, code: exitUsage, stderr: "flag provided but not defined: -x"},
		{name: "help", args: []string{"help"}, code: exitOK, stdout: "lint FILE..."},
		{name: "-h", args: []string{"-h"}, code: exitOK, stdout: "validate FILE..."},
		{name: "lint -h", args: []string{"lint", "-h"}, code: exitOK, stderr: "usage: specgen lint FILE..."},
		{name: "rules", args: []string{"rules"}, code: exitOK, stdout: "operation-id-style "},
		{name: "rules lists verbs", args: []string{"rules"}, code: exitOK, stdout: "operationId verbs: add, "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runSpecgen(tt.args...)
			if r.code != tt.code {
				t.Errorf("exit status = %d, want %d", r.code, tt.code)
			}
			check := func(stream, got, want string) {
				if want == "" && got != "" || !strings.Contains(got, want) {
					t.Errorf("%s = %q, want it to contain %q", stream, got, want)
				}
			}
			check("stdout", r.stdout, tt.stdout)
			check("stderr", r.stderr, tt.stderr)
		})
	}
}

// TestRulesListsEveryRule checks that `specgen rules` names every rule.
func TestRulesListsEveryRule(t *testing.T) {
	t.Parallel()
	out := runSpecgen("rules").stdout
	for _, r := range speclint.Rules() {
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(r.Name) + ` +(lint|validate) `).MatchString(out) {
			t.Errorf("specgen rules does not list %s:\n%s", r.Name, out)
		}
	}
}

// TestFindingsSortedAcrossFiles checks that findings of several files come
// out sorted by file whatever the order of the arguments, and that the
// summary counts them.
func TestFindingsSortedAcrossFiles(t *testing.T) {
	t.Parallel()
	a, b := brokenPath("operation-id"), brokenPath("auth-header-param")
	r := runSpecgen("lint", a, filepath.Join("testdata", "valid.yaml"), b)
	got := lines(r.stdout)
	if !slices.IsSorted(got) {
		t.Errorf("findings are not sorted:\n%s", r.stdout)
	}
	if n := len(got); n != 5 || r.code != exitFindings {
		t.Errorf("got %d findings and exit %d, want 5 and %d:\n%s", n, r.code, exitFindings, r.stdout)
	}
	if r.stderr != "5 findings (1 warning) in 3 files\n" {
		t.Errorf("summary = %q, want %q", r.stderr, "5 findings (1 warning) in 3 files\n")
	}
	if again := runSpecgen("lint", b, filepath.Join("testdata", "valid.yaml"), a); again.stdout != r.stdout {
		t.Errorf("output depends on the order of the files:\n%s\nvs\n%s", r.stdout, again.stdout)
	}
}

// TestMissingFile checks that a file that cannot be read is a finding.
func TestMissingFile(t *testing.T) {
	t.Parallel()
	missing := filepath.Join(t.TempDir(), "nope.yaml")
	r := runSpecgen("validate", missing)
	want := missing + ": /: openapi-load: cannot read the file: "
	if r.code != exitFindings || !strings.HasPrefix(r.stdout, want) || r.stderr != "1 finding in 1 file\n" {
		t.Errorf("got %d, stdout %q, stderr %q; want %d, stdout starting %q", r.code, r.stdout, r.stderr, exitFindings, want)
	}
}

// lines splits output into its non-empty lines.
func lines(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == '\n' })
}

// hasError reports whether specgen output has a finding that is not a
// warning.
func hasError(stdout string) bool {
	for _, line := range lines(stdout) {
		if parts := strings.SplitN(line, ": ", 5); len(parts) < 4 || parts[3] != "warning" {
			return true
		}
	}
	return false
}

// TestRulesMarkdownIsCurrent keeps RULES.md equal to what the code says:
// the rules, their severities and the parity decisions.
func TestRulesMarkdownIsCurrent(t *testing.T) {
	t.Parallel()
	r := runSpecgen("rules", "-markdown")
	if r.code != exitOK {
		t.Fatalf("specgen rules -markdown = %d: %s", r.code, r.stderr)
	}
	if updating() {
		if err := os.WriteFile("RULES.md", []byte(r.stdout), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("RULES.md")
	if err != nil {
		t.Fatalf("%v (run the tests with -update to create it)", err)
	}
	if r.stdout != string(want) {
		t.Errorf("RULES.md is stale; regenerate it with go run ./cmd/specgen rules -markdown > cmd/specgen/RULES.md")
	}
	for _, rule := range speclint.Rules() {
		if !strings.Contains(r.stdout, "| `"+rule.Name+"` |") {
			t.Errorf("RULES.md does not list %s", rule.Name)
		}
	}
}
