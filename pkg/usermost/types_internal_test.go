package usermost

import (
	"context"
	"testing"

	"github.com/cdpkit/cdpkit/internal/specload"
)

// The batch body is the one type this package writes by hand (the spec's
// EventBatch is excluded from generation because only the client builds
// it); its JSON names must stay the spec's.
func TestHandWrittenTypesMatchTheirSchemas(t *testing.T) {
	t.Parallel()
	if err := specload.CheckJSONNames(context.Background(), "usermost", "EventBatch", eventBatch{}); err != nil {
		t.Error(err)
	}
}
