package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestBreakingCommandUsage(t *testing.T) {
	for _, args := range [][]string{
		{"breaking", "extra"},
		{"breaking", "--format", "xml"},
		{"breaking", "--no-such-flag"},
	} {
		if res := runSpecgen(args...); res.code != exitUsage {
			t.Errorf("%q: exit %d, want %d", args, res.code, exitUsage)
		}
	}
}

// The command end to end on a small repository: the base is found, the
// working tree's spec compared, the exit status follows the report and
// the acknowledgements file at the repository's root is read.
func TestBreakingCommandOnARepository(t *testing.T) {
	t.Setenv("GITHUB_BASE_REF", "")
	t.Setenv("BREAKING_BASE", "")
	dir := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	copyFixture := func(name string) {
		t.Helper()
		data, err := os.ReadFile(diffFixture(name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "specs", "pets.yaml"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "specs"), 0o755); err != nil {
		t.Fatal(err)
	}
	git("init", "-q", "-b", "main")
	copyFixture("base")
	git("add", ".")
	git("commit", "-q", "-m", "base")
	git("tag", "v0.1.0")
	git("commit", "-q", "--allow-empty", "-m", "later")

	copyFixture("type-narrowed")
	res := runSpecgen("breaking", "--repo", dir, "--go", "")
	if res.code != exitFindings || !strings.Contains(res.stdout, "base: v0.1.0") || !hasLine(res.stdout, "BREAKING", "request-property-type-changed") {
		t.Fatalf("narrowed type: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	ack := "spec:\n  - file: pets.yaml\n    change: request-property-type-changed\n    reason: weights are whole grams\n"
	if err := os.WriteFile(filepath.Join(dir, "breaking-ok.yaml"), []byte(ack), 0o644); err != nil {
		t.Fatal(err)
	}
	if res := runSpecgen("breaking", "--repo", dir, "--go", ""); res.code != exitOK {
		t.Fatalf("acknowledged: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	copyFixture("compatible-addition")
	res = runSpecgen("breaking", "--repo", dir, "--go", "")
	if res.code != exitOK || !strings.Contains(res.stdout, "acknowledges nothing") {
		t.Fatalf("addition with a stale acknowledgement: exit %d, want 0 and a warning\n%s%s", res.code, res.stdout, res.stderr)
	}
}
