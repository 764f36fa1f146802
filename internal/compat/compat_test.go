package compat

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// sharedTools builds the checkers once for every test of the package.
var (
	toolsOnce sync.Once
	toolsVal  *Tools
	toolsErr  error
)

func testTools(t *testing.T) *Tools {
	t.Helper()
	toolsOnce.Do(func() { toolsVal, toolsErr = FindTools(".") })
	if toolsErr != nil {
		t.Fatal(toolsErr)
	}
	return toolsVal
}

func TestMain(m *testing.M) {
	code := m.Run()
	if toolsVal != nil {
		toolsVal.Close()
	}
	os.Exit(code)
}

func TestAPIChangesFlagsARemovedExportedMethod(t *testing.T) {
	changes, err := testTools(t).APIChanges("testdata/apidiff/old", "testdata/apidiff/new", "./...")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{ // change → compatible
		"(*Client).Ping: removed":  false,
		"(*Client).Version: added": true,
	}
	if len(changes) != len(want) {
		t.Fatalf("got %d changes, want %d: %+v", len(changes), len(want), changes)
	}
	for _, c := range changes {
		compatible, ok := want[c.Change]
		if !ok || c.Compatible != compatible || c.Package != "example.com/widget/widget" {
			t.Errorf("unexpected change %+v", c)
		}
	}
	r := &Report{API: changes, APIDone: true}
	r.Acknowledge(nil)
	if !r.Fails() || r.Blocking != 1 {
		t.Errorf("a removed method must fail the check: blocking=%d", r.Blocking)
	}
	r.Acknowledge(&Acknowledgements{Go: []GoAck{{Package: "example.com/widget/widget", Change: "(*Client).Ping: removed", Reason: "Ping moved to Health"}}})
	if r.Fails() {
		t.Errorf("an acknowledged removal must pass")
	}
}

func TestSpecChangesClassifiesGeneratedClientRemovalsAsBreaking(t *testing.T) {
	changes := []SpecChange{
		{ID: "response-optional-property-removed", Level: "info"},
		{ID: "response-optional-property-added", Level: "info"},
		{ID: "request-parameter-removed", Level: "warning"},
		{ID: "request-property-type-changed", Level: "error"},
	}
	classify(changes)
	want := []bool{true, false, true, true}
	for i, c := range changes {
		if c.Breaking != want[i] {
			t.Errorf("%s (%s): breaking=%v, want %v", c.ID, c.Level, c.Breaking, want[i])
		}
	}
}

func TestAcknowledgementsNeedAReasonAndKnownFields(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"no-reason.yaml":    "spec:\n  - file: a.yaml\n    change: request-property-removed\n",
		"typo.yaml":         "spec:\n  - file: a.yaml\n    chnage: request-property-removed\n    reason: r\n",
		"go-no-reason.yaml": "go:\n  - package: p\n    change: '*'\n    reason: '  '\n",
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadAcknowledgements(p); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	a, err := ReadAcknowledgements(filepath.Join(dir, "missing.yaml"))
	if err != nil || len(a.Spec)+len(a.Go) != 0 {
		t.Errorf("a missing file must acknowledge nothing: %+v, %v", a, err)
	}
	empty := filepath.Join(dir, "empty.yaml")
	if err := os.WriteFile(empty, []byte("# nothing yet\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadAcknowledgements(empty); err != nil {
		t.Errorf("a file of comments must read as empty: %v", err)
	}
}

func TestSpecAcknowledgementMatchesFileRuleAndOperation(t *testing.T) {
	a := &Acknowledgements{Spec: []SpecAck{
		{File: "specs/pets.yaml", Operation: "post /pets", Change: "request-property-removed", Reason: "vendor dropped it"},
		{File: "other.yaml", Change: "request-property-removed", Reason: "unused"},
	}}
	changes := []SpecChange{
		{ID: "request-property-removed", Method: "POST", Path: "/pets", Breaking: true},
		{ID: "request-property-removed", Method: "PUT", Path: "/pets", Breaking: true},
	}
	a.ackSpec("/tmp/x/pets.yaml", changes)
	if !changes[0].Acknowledged || changes[0].Reason != "vendor dropped it" {
		t.Errorf("POST /pets not acknowledged: %+v", changes[0])
	}
	if changes[1].Acknowledged {
		t.Errorf("PUT /pets acknowledged by an entry for POST: %+v", changes[1])
	}
	if u := a.Unused(); len(u) != 1 || !strings.Contains(u[0], "other.yaml") {
		t.Errorf("Unused = %q, want the other.yaml entry", u)
	}
}

// gitRepo makes a repository in a temporary directory with one commit per
// call of commit.
type gitRepo struct {
	t   *testing.T
	dir string
}

func newGitRepo(t *testing.T) *gitRepo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is needed to test base selection:", err)
	}
	r := &gitRepo{t: t, dir: t.TempDir()}
	r.git("init", "-q", "-b", "main")
	return r
}

func (r *gitRepo) git(args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"}, args...)...)
	cmd.Dir = r.dir
	cmd.Env = append(os.Environ(), "GITHUB_BASE_REF=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func (r *gitRepo) commit(file, body string) string {
	r.t.Helper()
	if err := os.WriteFile(filepath.Join(r.dir, file), []byte(body), 0o644); err != nil {
		r.t.Fatal(err)
	}
	r.git("add", file)
	r.git("commit", "-q", "-m", "change "+file)
	return r.git("rev-parse", "HEAD")
}

func TestPickBase(t *testing.T) {
	t.Setenv("GITHUB_BASE_REF", "")
	r := newGitRepo(t)
	first := r.commit("a", "1")
	if _, err := PickBase(r.dir, ""); err != ErrNoBase {
		t.Fatalf("single commit: err = %v, want ErrNoBase", err)
	}
	second := r.commit("a", "2")
	if b, err := PickBase(r.dir, ""); err != nil || b.Commit != first {
		t.Fatalf("main without tags: base %+v, %v; want the previous commit %s", b, err, first)
	}
	r.git("checkout", "-q", "-b", "feature")
	if b, err := PickBase(r.dir, ""); err != nil || b.Commit != second {
		t.Fatalf("branch without commits: base %+v, %v; want HEAD %s", b, err, second)
	}
	r.commit("b", "1")
	r.commit("b", "2")
	if b, err := PickBase(r.dir, ""); err != nil || b.Commit != second {
		t.Fatalf("branch: base %+v, %v; want the merge base %s", b, err, second)
	}
	r.git("tag", "v0.1.0", first)
	if b, err := PickBase(r.dir, ""); err != nil || b.Commit != first || b.Rev != "v0.1.0" {
		t.Fatalf("tagged: base %+v, %v; want v0.1.0 at %s", b, err, first)
	}
	if b, err := PickBase(r.dir, "main"); err != nil || b.Commit != second {
		t.Fatalf("explicit: base %+v, %v; want main at %s", b, err, second)
	}
	if _, err := PickBase(r.dir, "no-such-ref"); err == nil {
		t.Fatal("an unknown explicit base was accepted")
	}
}

func TestExtractWritesTheBaseTree(t *testing.T) {
	r := newGitRepo(t)
	old := r.commit("spec.yaml", "old")
	r.commit("spec.yaml", "new")
	dir, err := Extract(r.dir, old)
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	got, err := os.ReadFile(filepath.Join(dir, "spec.yaml"))
	if err != nil || string(got) != "old" {
		t.Fatalf("extracted %q, %v; want the old content", got, err)
	}
}
