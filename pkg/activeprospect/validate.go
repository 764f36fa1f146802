package activeprospect

import (
	"fmt"
	"regexp"

	"github.com/cdpkit/cdpkit"
)

// ValidationError reports input refused before any request was made. It is
// cdpkit.ValidationError, shared by every client.
type ValidationError = cdpkit.ValidationError

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
	return &ValidationError{API: apiName,
		Field:   field,
		Problem: problem,
		Fix:     fmt.Sprintf("pass the 24-character hexadecimal BSON id of the %s, e.g. 5fd4371e940df5a34a3888b2", what),
	}
}
