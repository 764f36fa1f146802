package specload_test

import (
	"context"
	"strings"
	"testing"

	"github.com/cdpkit/cdpkit/internal/specload"
	"github.com/cdpkit/cdpkit/specs"
)

func TestLoadEveryDocument(t *testing.T) {
	t.Parallel()
	for _, name := range specs.Names() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			doc, err := specload.Load(context.Background(), name)
			if err != nil {
				t.Fatal(err)
			}
			if doc.OpenAPI != "3.0.3" {
				t.Errorf("openapi = %q, want 3.0.3", doc.OpenAPI)
			}
			if len(doc.Paths.Map()) == 0 {
				t.Error("document has no paths")
			}
		})
	}
}

// Each call hands out its own document, so one caller's change (a fake
// pointing servers at itself) never reaches another.
func TestLoadReturnsAFreshDocument(t *testing.T) {
	t.Parallel()
	a, err := specload.Load(context.Background(), "usermost")
	if err != nil {
		t.Fatal(err)
	}
	a.Servers[0].URL = "http://127.0.0.1:1"
	b, err := specload.Load(context.Background(), "usermost")
	if err != nil {
		t.Fatal(err)
	}
	if b.Servers[0].URL == a.Servers[0].URL {
		t.Error("a change to one loaded document reached the next one")
	}
}

func TestLoadUnknownNameNamesTheChoices(t *testing.T) {
	t.Parallel()
	_, err := specload.Load(context.Background(), "nosuchapi")
	if err == nil || !strings.Contains(err.Error(), "nosuchapi") || !strings.Contains(err.Error(), "usermost") {
		t.Errorf("Load(nosuchapi) = %v, want an error naming the bad name and the available ones", err)
	}
}
