package fakes

import (
	"encoding/json"
	"fmt"
)

// Convert copies a value from the generated server's type of a schema to
// the wrapper package's type of the same schema (or back). Both are
// generated from one spec, so they agree on every JSON name; going through
// JSON keeps the fakes' public helpers in the wrapper's types without a
// hand-written field copy to fall out of step. The fakes are no hot path.
func Convert[To any](from any) (To, error) {
	var to To
	b, err := json.Marshal(from)
	if err != nil {
		return to, fmt.Errorf("fakes: convert %T: %w", from, err)
	}
	if err := json.Unmarshal(b, &to); err != nil {
		return to, fmt.Errorf("fakes: convert %T to %T: %w", from, to, err)
	}
	return to, nil
}
