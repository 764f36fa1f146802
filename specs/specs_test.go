package specs_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/cdpkit/cdpkit/specs"
)

func TestLoadEveryDocument(t *testing.T) {
	t.Parallel()
	names := specs.Names()
	if !slices.Contains(names, "usermost") {
		t.Fatalf("Names() = %v, want it to include usermost", names)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			doc, err := specs.Load(context.Background(), name)
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

func TestLoadUnknownNameNamesTheChoices(t *testing.T) {
	t.Parallel()
	_, err := specs.Load(context.Background(), "nosuchapi")
	if err == nil {
		t.Fatal("Load(nosuchapi) succeeded, want an error")
	}
	if got := err.Error(); !contains(got, "nosuchapi") || !contains(got, "usermost") {
		t.Errorf("error %q should name the bad name and the available ones", got)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
