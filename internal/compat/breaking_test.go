package compat

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const petsGo = `// Package pets is a fixture SDK package.
package pets

// Client calls the pet store.
type Client struct{}

// ListPets lists pets.
func (c *Client) ListPets() error { return nil }
`

// petRepo is a repository with a spec and a Go package committed twice, so
// that PickBase finds the first commit.
func petRepo(t *testing.T) *gitRepo {
	t.Helper()
	r := newGitRepo(t)
	spec, err := os.ReadFile("../../cmd/specgen/testdata/diff/base.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"specs", "pkg/pets"} {
		if err := os.MkdirAll(filepath.Join(r.dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	r.commit("go.mod", "module example.com/petsdk\n\ngo 1.26.0\n")
	r.commit("specs/pets.yaml", string(spec))
	r.commit("pkg/pets/pets.go", petsGo)
	r.commit("README", "pets\n")
	return r
}

func (r *gitRepo) write(file, body string) {
	r.t.Helper()
	if err := os.WriteFile(filepath.Join(r.dir, file), []byte(body), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

func (r *gitRepo) breaking(acks *Acknowledgements) *Report {
	r.t.Helper()
	b, err := PickBase(r.dir, "")
	if err != nil {
		r.t.Fatal(err)
	}
	rep, err := testTools(r.t).Breaking(BreakingOptions{Repo: r.dir, Base: b, SpecGlob: "specs/*.yaml", GoPatterns: []string{"./pkg/..."}, Acks: acks})
	if err != nil {
		r.t.Fatal(err)
	}
	return rep
}

func fixture(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile("../../cmd/specgen/testdata/diff/" + name + ".yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestBreakingCatchesSpecAndGoChanges(t *testing.T) {
	t.Setenv("GITHUB_BASE_REF", "")
	r := petRepo(t)

	// A spec edit that removes a field fails.
	r.write("specs/pets.yaml", fixture(t, "field-removed"))
	rep := r.breaking(nil)
	if !rep.Fails() || len(rep.Specs) != 1 || !rep.APIDone {
		t.Fatalf("field removal: fails=%v %+v", rep.Fails(), rep)
	}

	// A Go change that breaks callers fails even with a harmless spec.
	r.write("specs/pets.yaml", fixture(t, "compatible-addition"))
	r.write("pkg/pets/pets.go", strings.Replace(petsGo, "ListPets", "List", 2))
	rep = r.breaking(nil)
	if !rep.Fails() || rep.Blocking != 1 {
		var sb strings.Builder
		_ = rep.WriteText(&sb)
		t.Fatalf("renamed method: want exactly one blocking change\n%s", sb.String())
	}
	if c := rep.API; len(c) != 2 || c[0].Change != "(*Client).List: added" || c[1].Change != "(*Client).ListPets: removed" {
		t.Errorf("API changes %+v", c)
	}

	// Acknowledged, it passes, and the report says why.
	rep = r.breaking(&Acknowledgements{Go: []GoAck{{Package: "example.com/petsdk/pkg/pets", Change: "(*Client).ListPets: removed", Reason: "renamed to List"}}})
	if rep.Fails() {
		t.Fatalf("acknowledged rename still fails: %+v", rep)
	}
	var md strings.Builder
	if err := rep.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "**breaking** (acknowledged): `example.com/petsdk/pkg/pets`: (*Client).ListPets: removed — renamed to List") {
		t.Errorf("markdown:\n%s", md.String())
	}

	// Only additions pass.
	r.write("pkg/pets/pets.go", petsGo+"\n// Feed feeds a pet.\nfunc (c *Client) Feed() error { return nil }\n")
	rep = r.breaking(nil)
	if rep.Fails() || rep.Breaking != 0 {
		t.Errorf("additions fail: %+v", rep)
	}

	// A removed document is a breaking change.
	if err := os.Remove(filepath.Join(r.dir, "specs/pets.yaml")); err != nil {
		t.Fatal(err)
	}
	rep = r.breaking(nil)
	if !rep.Fails() || rep.Specs[0].Note != "document removed" {
		t.Errorf("removed document passes: %+v", rep.Specs)
	}
}
