package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func diffFixture(name string) string { return filepath.Join("testdata", "diff", name+".yaml") }

// Each breaking edit of the fixture fails specgen diff and names oasdiff's
// rule; the compatible one passes.
func TestDiffFailsOnBreakingChangesAndPassesAdditions(t *testing.T) {
	cases := []struct {
		fixture  string
		code     int
		rules    []string // every one must be reported breaking
		operates string   // operation the change is listed under
	}{
		{"field-removed", exitFindings, []string{"response-optional-property-removed"}, "GET /pets (listPets)"},
		{"type-narrowed", exitFindings, []string{"request-property-type-changed"}, "POST /pets (createPet)"},
		{"param-renamed", exitFindings, []string{"request-parameter-removed"}, "GET /pets (listPets)"},
		{"compatible-addition", exitOK, nil, "GET /pets (listPets)"},
	}
	for _, tc := range cases {
		t.Run(tc.fixture, func(t *testing.T) {
			res := runSpecgen("diff", "--ack", filepath.Join(t.TempDir(), "none.yaml"), diffFixture("base"), diffFixture(tc.fixture))
			if res.code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", res.code, tc.code, res.stdout, res.stderr)
			}
			for _, rule := range tc.rules {
				if !hasLine(res.stdout, "BREAKING", "["+rule) {
					t.Errorf("no BREAKING line for %s:\n%s", rule, res.stdout)
				}
			}
			if !strings.Contains(res.stdout, "\n  "+tc.operates+"\n") {
				t.Errorf("changes not grouped under %q:\n%s", tc.operates, res.stdout)
			}
			if tc.code == exitOK && strings.Contains(res.stdout, "BREAKING") {
				t.Errorf("a compatible addition reported as breaking:\n%s", res.stdout)
			}
		})
	}
}

func hasLine(out string, words ...string) bool {
	for _, line := range strings.Split(out, "\n") {
		all := true
		for _, w := range words {
			all = all && strings.Contains(line, w)
		}
		if all {
			return true
		}
	}
	return false
}

func TestDiffMarkdownAndJSON(t *testing.T) {
	md := runSpecgen("diff", "--format", "markdown", diffFixture("base"), diffFixture("param-renamed"), "--allow-breaking")
	if md.code != exitOK {
		t.Fatalf("--allow-breaking: exit %d\n%s", md.code, md.stderr)
	}
	for _, want := range []string{"## Compatibility", "#### `GET /pets` (`listPets`)", "- **breaking**: deleted the `query` request parameter `limit` (`request-parameter-removed`)", "- compatible: added the new optional `query` request parameter `max_results`"} {
		if !strings.Contains(md.stdout, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md.stdout)
		}
	}
	js := runSpecgen("diff", "--format=json", "--ack", filepath.Join(t.TempDir(), "none.yaml"), diffFixture("base"), diffFixture("type-narrowed"))
	if js.code != exitFindings {
		t.Fatalf("exit %d, want %d", js.code, exitFindings)
	}
	var report struct {
		Specs []struct {
			Operations []struct {
				Operation string
				Changes   []struct {
					ID       string
					Breaking bool
					Line     int
				}
			}
		}
		Breaking, Unacknowledged int
	}
	if err := json.Unmarshal([]byte(js.stdout), &report); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, js.stdout)
	}
	if report.Breaking != 1 || report.Unacknowledged != 1 || len(report.Specs) != 1 || len(report.Specs[0].Operations) != 1 {
		t.Fatalf("unexpected report %+v", report)
	}
	op := report.Specs[0].Operations[0]
	if op.Operation != "POST /pets" || len(op.Changes) != 1 || op.Changes[0].ID != "request-property-type-changed" || !op.Changes[0].Breaking || op.Changes[0].Line == 0 {
		t.Errorf("unexpected operation %+v", op)
	}
}

func TestDiffAcknowledgedBreakingChangePasses(t *testing.T) {
	ack := filepath.Join(t.TempDir(), "breaking-ok.yaml")
	body := "spec:\n  - file: param-renamed.yaml\n    operation: GET /pets\n    change: request-parameter-removed\n    reason: the vendor renamed limit to max_results\n"
	if err := os.WriteFile(ack, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	res := runSpecgen("diff", "--ack", ack, diffFixture("base"), diffFixture("param-renamed"))
	if res.code != exitOK {
		t.Fatalf("exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	if !hasLine(res.stdout, "breaking, acknowledged", "request-parameter-removed") || !strings.Contains(res.stdout, "reason: the vendor renamed limit to max_results") {
		t.Errorf("acknowledgement not shown:\n%s", res.stdout)
	}
	// The same entry does not cover another document's change.
	res = runSpecgen("diff", "--ack", ack, diffFixture("base"), diffFixture("type-narrowed"))
	if res.code != exitFindings {
		t.Errorf("an acknowledgement for another file let a break through: exit %d", res.code)
	}
}

func TestDiffUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"diff"},
		{"diff", diffFixture("base")},
		{"diff", "--format", "html", diffFixture("base"), diffFixture("base")},
	} {
		if res := runSpecgen(args...); res.code != exitUsage {
			t.Errorf("%q: exit %d, want %d", args, res.code, exitUsage)
		}
	}
	res := runSpecgen("diff", diffFixture("base"), filepath.Join("testdata", "diff", "missing.yaml"))
	if res.code != exitFindings || !strings.Contains(res.stderr, "missing.yaml") {
		t.Errorf("a missing document: exit %d, stderr %q", res.code, res.stderr)
	}
}
