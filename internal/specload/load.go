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
	loader := openapi3.NewLoader()
	loader.Context = ctx
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("specload: parse %s.yaml: %w", name, err)
	}
	if err := doc.Validate(ctx); err != nil {
		return nil, fmt.Errorf("specload: validate %s.yaml: %w", name, err)
	}
	return doc, nil
}
