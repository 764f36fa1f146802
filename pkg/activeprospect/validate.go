package activeprospect

import (
	"fmt"
	"regexp"
)

// ValidationError reports input rejected before any request was made. It
// never quotes a secret.
type ValidationError struct {
	// Field names the offending argument or field, e.g. "id" or "credential.password".
	Field string
	// Problem says what is wrong with it.
	Problem string
	// Fix says how to correct it.
	Fix string
}

// Error implements error.
func (e *ValidationError) Error() string {
	return fmt.Sprintf("activeprospect: %s: %s: %s", e.Field, e.Problem, e.Fix)
}

// objectID is the form of every id in the API: a 24-character hex BSON id.
var objectID = regexp.MustCompile(`^[0-9a-fA-F]{24}$`)

// IsValidID reports whether id has the form of an ActiveProspect id: 24
// hexadecimal characters, e.g. 5fd4371e940df5a34a3888b2.
func IsValidID(id string) bool { return objectID.MatchString(id) }

// validateID checks an id argument; what names the kind of id for the fix.
func validateID(field, what, id string) error {
	if IsValidID(id) {
		return nil
	}
	shown := id
	if len(shown) > 40 {
		shown = shown[:40] + "..."
	}
	problem := fmt.Sprintf("%q is not an ActiveProspect id", shown)
	if id == "" {
		problem = "is empty"
	}
	return &ValidationError{
		Field:   field,
		Problem: problem,
		Fix:     fmt.Sprintf("pass the 24-character hexadecimal BSON id of the %s, e.g. 5fd4371e940df5a34a3888b2", what),
	}
}
