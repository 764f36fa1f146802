package userlot

import (
	"encoding/json"
	"errors"
	"sort"
	"strings"

	"github.com/cdpkit/cdpkit"

	"github.com/cdpkit/cdpkit/internal/transport"
)

// Error is returned for every non-2xx answer. Use errors.As to inspect it.
type Error = cdpkit.Error

// errorBody is Userlot's error body as far as it is known: a message in
// "error" (or "message") and, for rejected fields, "errors" mapping each
// field to its messages.
type errorBody struct {
	Error   string              `json:"error"`
	Message string              `json:"message"`
	Errors  map[string][]string `json:"errors"`
}

// decodeError reads the message out of an error body; field errors are
// appended as "field message" pairs.
func decodeError(_ int, body []byte) (code, message string) {
	var b errorBody
	if json.Unmarshal(body, &b) != nil {
		return "", ""
	}
	message = b.Error
	if message == "" {
		message = b.Message
	}
	var parts []string
	for _, f := range sortedFields(b.Errors) {
		for _, m := range b.Errors[f] {
			if s := f + " " + m; !strings.Contains(message, s) {
				parts = append(parts, s)
			}
		}
	}
	if len(parts) > 0 {
		if message != "" {
			message += ": "
		}
		message += strings.Join(parts, "; ")
	}
	return "", message
}

// FieldErrors returns the per-field messages of a 422 (or any error whose
// body has an "errors" object), e.g. {"total_revenue": ["can't be blank"]}.
func FieldErrors(err error) map[string][]string {
	var apiErr *Error
	if !errors.As(err, &apiErr) {
		return nil
	}
	var b errorBody
	if json.Unmarshal(apiErr.Body, &b) != nil {
		return nil
	}
	return b.Errors
}

func sortedFields(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// ValidationError reports input refused before any request was made. It is
// cdpkit.ValidationError, shared by every client.
type ValidationError = cdpkit.ValidationError

// inputError turns a problem the shared input checks found into a
// ValidationError for field.
func inputError(field string, p *transport.InputProblem) error {
	return &ValidationError{API: apiName, Field: field + p.Path, Problem: p.Problem, Fix: p.Fix}
}

// checkInput runs the shared checks over a whole input (text that would not
// arrive as written, numbers JSON cannot carry) and over the ids it holds
// (set ones only: the callers check which are required).
// ids alternates field names and values.
func checkInput(name string, in any, ids ...string) error {
	for i := 0; i+1 < len(ids); i += 2 {
		if ids[i+1] == "" {
			continue
		}
		if p := transport.CheckID(ids[i+1], 0); p != nil {
			return inputError(name+"."+ids[i], p)
		}
	}
	if p := transport.CheckJSON(in); p != nil {
		return inputError(name, p)
	}
	return nil
}
