package specs

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

//go:embed *.yaml
var files embed.FS

// Names lists the embedded documents by API name (the file name without
// ".yaml"), sorted.
func Names() []string {
	entries, _ := fs.ReadDir(files, ".")
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	sort.Strings(names)
	return names
}

// Bytes returns the raw YAML of the named document, e.g. Bytes("usermost").
func Bytes(name string) ([]byte, error) {
	data, err := files.ReadFile(name + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("specs: no document named %q (have %s)", name, strings.Join(Names(), ", "))
	}
	return data, nil
}

// Load parses and validates the named document. Every call returns a fresh
// *openapi3.T, so callers may mutate it (for example to point its servers at a
// test server) without affecting each other.
func Load(ctx context.Context, name string) (*openapi3.T, error) {
	data, err := Bytes(name)
	if err != nil {
		return nil, err
	}
	return Parse(ctx, name, data)
}

// Parse loads and validates an OpenAPI document from data the way Load
// does for the embedded ones; name only labels errors. External references
// are not followed. A panic inside the loader (a document it cannot cope
// with) is returned as an error.
func Parse(ctx context.Context, name string, data []byte) (doc *openapi3.T, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, fmt.Errorf("specs: parse %s.yaml: the loader failed on this document: %v", name, r)
		}
	}()
	loader := openapi3.NewLoader()
	loader.Context = ctx
	doc, err = loader.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("specs: parse %s.yaml: %w", name, err)
	}
	if err := doc.Validate(ctx); err != nil {
		return nil, fmt.Errorf("specs: validate %s.yaml: %w", name, err)
	}
	return doc, nil
}
