package specload

import (
	"context"
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/cdpkit/cdpkit/specs"
)

// Load parses and validates the named embedded document, e.g.
// Load(ctx, "usermost"). Every call returns a fresh *openapi3.T, so callers
// may change it (for example to point its servers at a test server) without
// affecting each other.
func Load(ctx context.Context, name string) (*openapi3.T, error) {
	data, err := specs.Bytes(name)
	if err != nil {
		return nil, err
	}
	return Parse(ctx, name, data)
}

// Parse parses and validates an OpenAPI document from data the way Load
// does for the embedded ones; name only labels errors. External references
// are not followed. A panic inside the loader (a document it cannot cope
// with) is returned as an error.
func Parse(ctx context.Context, name string, data []byte) (doc *openapi3.T, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, fmt.Errorf("specload: parse %s.yaml: the loader failed on this document: %v", name, r)
		}
	}()
	loader := openapi3.NewLoader()
	loader.Context = ctx
	doc, err = loader.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("specload: parse %s.yaml: %w", name, err)
	}
	if err := doc.Validate(ctx); err != nil {
		return nil, fmt.Errorf("specload: validate %s.yaml: %w", name, err)
	}
	return doc, nil
}
