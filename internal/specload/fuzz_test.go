package specload

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit/specs"
)

// FuzzParse feeds the spec loader documents derived from the real ones and
// from small hostile seeds (reference cycles, external references, deep
// nesting, broken YAML). It must return a document or an error naming the
// file, never panic or hang, and never follow an external reference.
func FuzzParse(f *testing.F) {
	for _, name := range specs.Names() {
		data, err := specs.Bytes(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		doc, err := Parse(ctx, "fuzz", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "specload: ") || !strings.Contains(err.Error(), "fuzz.yaml") {
				t.Errorf("error %q does not name the package and file", err)
			}
			return
		}
		if doc == nil || doc.OpenAPI == "" || doc.Paths == nil {
			t.Errorf("a document without a version or paths was accepted: %+v", doc)
		}
	})
}
