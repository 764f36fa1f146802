package compat

import (
	"sort"
)

// SpecChange is one difference oasdiff found between two versions of an
// OpenAPI document (tools/compat/specchanges prints them).
type SpecChange struct {
	ID          string `json:"id"`    // oasdiff's rule id, e.g. request-property-removed
	Level       string `json:"level"` // oasdiff's rating: error, warning or info
	Method      string `json:"method,omitempty"`
	Path        string `json:"path,omitempty"`
	OperationID string `json:"operationId,omitempty"`
	Text        string `json:"text"`
	Comment     string `json:"comment,omitempty"`
	Section     string `json:"section,omitempty"`
	Line        int    `json:"line,omitempty"` // in the new document, or the old one for a removal

	// Set by this package.
	Breaking     bool   `json:"breaking"`
	Acknowledged bool   `json:"acknowledged,omitempty"`
	Reason       string `json:"reason,omitempty"` // the acknowledgement's
}

// Operation names the change's operation as "METHOD /path", or "" for a
// change to the document as a whole (a component, a security scheme).
func (c SpecChange) Operation() string {
	if c.Method == "" && c.Path == "" {
		return ""
	}
	return c.Method + " " + c.Path
}

// SDKBreakingRules are oasdiff rules it rates "info" (an HTTP client does
// not notice) that break Go code using cdpkit: each removes or renames an
// identifier of the generated client — a struct field, a type, a method, an
// enum constant — that callers may use.
var SDKBreakingRules = map[string]string{
	"response-optional-property-removed":                  "removes a field of a generated response type",
	"response-optional-write-only-property-removed":       "removes a field of a generated response type",
	"response-required-write-only-property-removed":       "removes a field of a generated response type",
	"response-required-property-removed-with-deprecation": "removes a field of a generated response type",
	"request-property-removed-with-deprecation":           "removes a field of a generated request type",
	"request-parameter-removed-with-deprecation":          "removes a field of a generated parameters type",
	"response-property-enum-value-removed":                "removes a generated enum constant",
	"response-mediatype-enum-value-removed":               "removes a generated enum constant",
	"api-operation-id-removed":                            "removes or renames a generated method",
	"api-schema-removed":                                  "removes a generated type",
	"api-path-removed-with-deprecation":                   "removes a generated method",
	"api-removed-with-deprecation":                        "removes a generated method",
}

// classify sets Breaking on every change.
func classify(changes []SpecChange) {
	for i := range changes {
		c := &changes[i]
		_, sdk := SDKBreakingRules[c.ID]
		c.Breaking = c.Level == "error" || c.Level == "warning" || sdk
	}
}

// OperationChanges is the changes to one operation ("" for the document).
type OperationChanges struct {
	Operation   string       `json:"operation"` // "METHOD /path", or "" for the document
	OperationID string       `json:"operationId,omitempty"`
	Changes     []SpecChange `json:"changes"`
}

// byOperation groups changes per operation, operations in path then method
// order, document-wide changes last.
func byOperation(changes []SpecChange) []OperationChanges {
	index := map[string]int{}
	var out []OperationChanges
	for _, c := range changes {
		op := c.Operation()
		i, ok := index[op]
		if !ok {
			i = len(out)
			index[op] = i
			out = append(out, OperationChanges{Operation: op})
		}
		if out[i].OperationID == "" {
			out[i].OperationID = c.OperationID
		}
		out[i].Changes = append(out[i].Changes, c)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Operation, out[j].Operation
		if (a == "") != (b == "") {
			return b == ""
		}
		return pathThenMethod(a) < pathThenMethod(b)
	})
	return out
}

func pathThenMethod(op string) string {
	for i := 0; i < len(op); i++ {
		if op[i] == ' ' {
			return op[i+1:] + " " + op[:i]
		}
	}
	return op
}

// APIChange is one difference apidiff found in the exported Go API
// (tools/compat/apichanges prints them).
type APIChange struct {
	Package    string `json:"package"`
	Change     string `json:"change"` // apidiff's message, e.g. "(*Client).Foo: removed"
	Compatible bool   `json:"compatible"`

	Acknowledged bool   `json:"acknowledged,omitempty"`
	Reason       string `json:"reason,omitempty"`
}
