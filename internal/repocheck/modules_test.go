package repocheck

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// requirements reads the require lines of a go.mod as module → version.
func requirements(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	reqs := map[string]string{}
	inBlock := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if i := strings.Index(line, "//"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		switch {
		case line == "require (":
			inBlock = true
			continue
		case inBlock && line == ")":
			inBlock = false
			continue
		case strings.HasPrefix(line, "require "):
			line = strings.TrimPrefix(line, "require ")
		case !inBlock:
			continue
		}
		if fields := strings.Fields(line); len(fields) == 2 {
			reqs[fields[0]] = fields[1]
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return reqs
}

const generator = "github.com/oapi-codegen/oapi-codegen/v2"

// The SDK's users inherit its go.mod requirements; the generator and its
// dependency tree are a maintainer's tool, so they live in tools/go.mod.
func TestGeneratorStaysOutOfTheLibraryModule(t *testing.T) {
	lib := requirements(t, "../../go.mod")
	if v, ok := lib[generator]; ok {
		t.Errorf("go.mod requires %s %s: the generator belongs in tools/go.mod, so SDK users do not inherit it", generator, v)
	}
	tools := requirements(t, "../../tools/go.mod")
	if _, ok := tools[generator]; !ok {
		t.Fatalf("tools/go.mod does not pin %s", generator)
	}
	// The generator and the fakes' validators must read the specs the same
	// way, so both modules use one kin-openapi version.
	const kin = "github.com/getkin/kin-openapi"
	if lib[kin] == "" || lib[kin] != tools[kin] {
		t.Errorf("kin-openapi differs: go.mod %q, tools/go.mod %q: pin the same version in both", lib[kin], tools[kin])
	}
}

var generateLine = regexp.MustCompile(`^//go:generate go run -modfile=\.\./\.\./tools/go\.mod ` + regexp.QuoteMeta(generator) + `/cmd/oapi-codegen `)

// Every generate line must run the pinned generator from the tools module;
// a bare `go run` would resolve it through the library's go.mod, which no
// longer has it.
func TestGenerateLinesUseTheToolsModule(t *testing.T) {
	files, err := filepath.Glob("../../gen/*/generate.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no gen/*/generate.go found (%v)", err)
	}
	models, err := filepath.Glob("../../pkg/*/generate.go")
	if err != nil || len(models) == 0 {
		t.Fatalf("no pkg/*/generate.go found (%v)", err)
	}
	files = append(files, models...)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, line := range strings.Split(string(data), "\n") {
			if !strings.HasPrefix(line, "//go:generate") {
				continue
			}
			n++
			if !generateLine.MatchString(line) {
				t.Errorf("%s: %q does not run the generator from tools/go.mod", f, line)
			}
		}
		if n == 0 {
			t.Errorf("%s has no //go:generate line", f)
		}
	}
}

// The Go version policy: the two newest Go releases are supported, so the
// go directive names the older one's first release and CI tests both.
func TestGoVersionPolicy(t *testing.T) {
	data, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^go (\d+\.\d+)(\.\d+)?$`).FindSubmatch(data)
	if m == nil {
		t.Fatal("go.mod has no go directive")
	}
	if patch := string(m[2]); patch != "" && patch != ".0" {
		t.Errorf("go directive %s%s requires a patch release: use %s.0 so every patch of the supported release works", m[1], patch, m[1])
	}
	wf, err := os.ReadFile("../../.github/workflows/ci.yml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(wf), `"`+string(m[1])+`.x"`) {
		t.Errorf("the CI matrix does not test Go %s, the oldest supported release", m[1])
	}
}
