package cdpkit_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/cdpkit/cdpkit"
	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/usermost"
)

var semver = regexp.MustCompile(`^(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?$`)

func TestVersionIsSemantic(t *testing.T) {
	if !semver.MatchString(cdpkit.Version) {
		t.Fatalf("Version %q is not MAJOR.MINOR.PATCH[-PRE]: the release tag is v+Version", cdpkit.Version)
	}
}

// What a vendor's support team sees is what a client sends, so the check
// goes through a real client and a real request.
func TestUserAgentReportsVersion(t *testing.T) {
	var (
		mu sync.Mutex
		ua string
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		ua = r.Header.Get("User-Agent")
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write([]byte(`{"response":{"status":"queued"}}`))
	}))
	defer srv.Close()
	client, err := usermost.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey("k"), option.WithLicenseCode("lc"), option.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.TrackEvent(context.Background(), usermost.Event{UserID: "u-1", EventName: "Version Checked"}); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if want := "cdpkit-go/" + cdpkit.Version + " ("; !strings.HasPrefix(ua, want) {
		t.Errorf("User-Agent %q does not start with %q", ua, want)
	}
}

var releaseHeading = regexp.MustCompile(`(?m)^## \[([^\]]+)\]`)

// The changelog has a section for Version, or an Unreleased one while it
// is prepared, and no release newer than the constant (a release written
// up without the constant bumped).
func TestChangelogAgreesWithVersion(t *testing.T) {
	data, err := os.ReadFile("CHANGELOG.md")
	if err != nil {
		t.Fatal(err)
	}
	var headings []string
	for _, m := range releaseHeading.FindAllStringSubmatch(string(data), -1) {
		headings = append(headings, m[1])
	}
	if len(headings) == 0 {
		t.Fatal(`CHANGELOG.md has no "## [..]" sections`)
	}
	if headings[0] != "Unreleased" && headings[0] != cdpkit.Version {
		t.Errorf("CHANGELOG.md starts with [%s]: want [Unreleased] or [%s], the version cdpkit.Version names", headings[0], cdpkit.Version)
	}
	for _, h := range headings {
		if h == "Unreleased" {
			continue
		}
		if !semver.MatchString(h) {
			t.Errorf("CHANGELOG.md section [%s] is not a version", h)
			continue
		}
		if newer(h, cdpkit.Version) {
			t.Errorf("CHANGELOG.md has a release [%s] newer than cdpkit.Version %s: bump the constant", h, cdpkit.Version)
		}
	}
}

// newer reports whether version a is above b (pre-release suffixes
// ignored: a changelog section is a release).
func newer(a, b string) bool {
	pa, pb := semver.FindStringSubmatch(a), semver.FindStringSubmatch(b)
	for i := 1; i <= 3; i++ {
		x, _ := strconv.Atoi(pa[i])
		y, _ := strconv.Atoi(pb[i])
		if x != y {
			return x > y
		}
	}
	return false
}

// The README's refresh procedure names the steps in the order they run,
// and the files and names they rely on exist.
func TestReadmeRefreshProcedure(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	_, section, ok := strings.Cut(readme, "\n## Refreshing a spec\n")
	if !ok {
		t.Fatal(`README.md has no "## Refreshing a spec" section`)
	}
	if end := strings.Index(section, "\n## "); end >= 0 {
		section = section[:end]
	}
	at := 0
	for _, step := range []string{"**Edit**", "**`make generate`**", "**`make breaking`**", "**Tests**", "**Changelog**"} {
		i := strings.Index(section[at:], step)
		if i < 0 {
			t.Fatalf("the section lacks step %s after position %d", step, at)
		}
		at += i
	}
	for _, name := range []string{"breaking-ok.yaml", "CHANGELOG.md", "cdpkit.Version"} {
		if !strings.Contains(section, name) {
			t.Errorf("the section does not mention %s", name)
		}
	}
	for _, file := range []string{"breaking-ok.yaml", "CHANGELOG.md"} {
		if _, err := os.Stat(file); err != nil {
			t.Errorf("the section relies on %s: %v", file, err)
		}
	}
	mk, err := os.ReadFile("Makefile")
	if err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{"generate:", "breaking:", "test:"} {
		if !regexp.MustCompile(`(?m)^` + target).Match(mk) {
			t.Errorf("the Makefile has no %s target", strings.TrimSuffix(target, ":"))
		}
	}
}
