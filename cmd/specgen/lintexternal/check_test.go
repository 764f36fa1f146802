package main

import (
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/cdpkit/cdpkit/internal/speclint"
)

// TestCheck drives the parity check with linter output written by hand:
// a covered problem specgen matches, one it misses, an error and an
// unaccepted warning in a spec, an accepted one, an error in a draft, and
// a rule the record does not know.
func TestCheck(t *testing.T) {
	t.Parallel()
	spec, draft, broken := "specs/a.yaml", "drafts/b.yaml", "broken/c.yaml"
	specgen := map[string][]speclint.Finding{
		spec:   {{File: spec, Pointer: "/paths/~1x~1", Rule: speclint.RulePathTrailingSlash}},
		broken: {{File: broken, Pointer: "/paths/~1y/post/requestBody/content/application~1json/example", Rule: speclint.RuleExampleSchema}},
	}
	problems := []problem{
		{"redocly", "no-path-trailing-slash", "error", spec, "/paths/~1x~1", "trailing slash"},
		{"spectral", "info-contact", "warn", spec, "/info", "no contact"},
		{"redocly", "no-unused-components", "warn", spec, "/components/schemas/Row", "unused"},
		{"spectral", "oas3-unused-component", "warn", spec, "/components/schemas/Kept", "unused"},
		{"redocly", "no-invalid-media-type-examples", "warn", broken, "/paths/~1y/post/requestBody/content/application~1json/schema", "bad example"},
		{"redocly", "nullable-type-sibling", "error", broken, "/components/schemas/Z/nullable", "nullable"},
		{"redocly", "security-defined", "error", draft, "/paths/~1z/get", "no security"},
		{"spectral", "made-up-rule", "warn", broken, "", "?"},
	}
	accepted := []acceptance{{Linter: "spectral", Rule: "oas3-unused-component", File: spec, Pointer: "/components/schemas/Kept", Reason: "kept for its Go type"}}
	got := check(problems, []string{spec}, []string{draft}, []string{broken}, accepted, specgen, io.Discard)
	want := []string{
		"specs/a.yaml: /paths/~1x~1: redocly error no-path-trailing-slash: trailing slash: an error in a spec or draft",
		"specs/a.yaml: /components/schemas/Row: redocly warn no-unused-components: unused: specgen lint reports nothing",
		"specs/a.yaml: /components/schemas/Row: redocly warn no-unused-components: unused: fix this warning",
		"broken/c.yaml: /components/schemas/Z/nullable: redocly error nullable-type-sibling: nullable: specgen lint reports nothing",
		"drafts/b.yaml: /paths/~1z/get: redocly error security-defined: no security: an error in a Postman draft",
		"drafts/b.yaml: /paths/~1z/get: redocly error security-defined: no security: specgen lint reports nothing",
		"broken/c.yaml: /: spectral warn made-up-rule: ?: rule made-up-rule is not in the parity record",
	}
	for _, w := range want {
		if !slices.ContainsFunc(got, func(g string) bool { return strings.HasPrefix(g, w) }) {
			t.Errorf("missing failure %q", w)
		}
	}
	for _, g := range got {
		if strings.Contains(g, "info-contact") || strings.Contains(g, "Kept") || strings.Contains(g, "bad example") {
			t.Errorf("unexpected failure %q", g)
		}
	}
	// Every covered rule of the record that no corpus file shows is named.
	if !slices.ContainsFunc(got, func(g string) bool { return strings.HasPrefix(g, "spectral array-items: no broken document") }) {
		t.Error("rules never exercised by the corpus are not reported")
	}
}

func TestSplitFiles(t *testing.T) {
	t.Parallel()
	g := splitFiles([]string{"a", "b", "--", "c", "--", "d", "e"})
	if !slices.Equal(g[0], []string{"a", "b"}) || !slices.Equal(g[1], []string{"c"}) || !slices.Equal(g[2], []string{"d", "e"}) {
		t.Errorf("splitFiles = %q", g)
	}
	if got := pathPointer([]string{"paths", "/a/{b}", "get"}); got != "/paths/~1a~1{b}/get" {
		t.Errorf("pathPointer = %q", got)
	}
}
