package cdpkit

import "fmt"

// ValidationError reports input a client refused before sending anything:
// every API package returns it for a field the API would reject or could
// not read as written. It never quotes a secret.
//
//	var invalid *cdpkit.ValidationError
//	if errors.As(err, &invalid) { log.Printf("fix %s: %s", invalid.Field, invalid.Fix) }
type ValidationError struct {
	// API names the client that refused the input, e.g. "userpilot".
	API string
	// Field is the path of the offending argument or field, as the API
	// names it, e.g. `events[3].eventName` or `users[0].metadata["tags"]`.
	Field string
	// Problem says what is wrong with the value.
	Problem string
	// Fix says how to correct it.
	Fix string
}

// Error implements error: "api: field: problem: fix".
func (e *ValidationError) Error() string {
	if e.API == "" {
		return fmt.Sprintf("%s: %s: %s", e.Field, e.Problem, e.Fix)
	}
	return fmt.Sprintf("%s: %s: %s: %s", e.API, e.Field, e.Problem, e.Fix)
}
