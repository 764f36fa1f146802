package repocheck

import "testing"

// oasdiff and apidiff are maintainers' checkers: they run from
// tools/compat (make breaking, specgen diff) and must never reach the
// module graph of a program that imports cdpkit. oasdiff also needs a newer
// kin-openapi than the generator and the fakes share.
func TestCompatibilityCheckersStayInTheirOwnModule(t *testing.T) {
	lib := requirements(t, "../../go.mod")
	checkers := []string{"github.com/oasdiff/oasdiff", "golang.org/x/exp", "golang.org/x/tools"}
	for _, m := range checkers {
		if v, ok := lib[m]; ok {
			t.Errorf("go.mod requires %s %s: it belongs in tools/compat/go.mod", m, v)
		}
	}
	compat := requirements(t, "../../tools/compat/go.mod")
	for _, m := range checkers[:2] {
		if _, ok := compat[m]; !ok {
			t.Errorf("tools/compat/go.mod does not pin %s", m)
		}
	}
}
