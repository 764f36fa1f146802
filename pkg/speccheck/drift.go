package speccheck

import (
	"fmt"
	"sort"
	"strings"
)

// Kind is what sort of disagreement a Drift is.
type Kind string

// The kinds of drift.
const (
	// UnknownField: the body (or the query) has a field the document does
	// not declare.
	UnknownField Kind = "unknown_field"
	// MissingField: a field or parameter the document requires is absent.
	MissingField Kind = "missing_field"
	// WrongType: a value has another type than declared (a string for a
	// number, null where nothing is nullable, none of a oneOf's types), or
	// the body is not the JSON the document declares.
	WrongType Kind = "wrong_type"
	// UndeclaredStatus: the operation declares no response for the status
	// (a 2xx covered only by `default`, which describes errors, counts as
	// undeclared).
	UndeclaredStatus Kind = "undeclared_status"
	// ConstraintViolated: the type is right but a constraint is broken:
	// enum, format, pattern, length, range.
	ConstraintViolated Kind = "constraint_violated"
	// UnknownOperation: the request matches no operation of the document.
	UnknownOperation Kind = "unknown_operation"
)

// Kinds lists every Kind, in the order Counts reports them.
var Kinds = []Kind{UnknownField, MissingField, WrongType, UndeclaredStatus, ConstraintViolated, UnknownOperation}

// Part is which part of the exchange a Drift is about.
type Part string

// The parts of an exchange.
const (
	RequestParameter Part = "request parameter" // Pointer is /<in>/<name>, e.g. /query/limit
	RequestBody      Part = "request body"      // Pointer is into the JSON body
	ResponseStatus   Part = "response status"   // Pointer is empty
	ResponseBody     Part = "response body"     // Pointer is into the JSON body
	Request          Part = "request"           // the request as a whole (UnknownOperation)
)

// Drift is one disagreement between traffic and the document.
type Drift struct {
	API         string // the document's name, e.g. "usermost"
	OperationID string // empty for UnknownOperation
	Method      string
	Path        string // the document's path template, or the request's path for UnknownOperation
	Status      int    // the response's status; 0 for a request drift
	Part        Part
	Pointer     string // RFC 6901 JSON pointer into the body ("" is the whole body)
	Kind        Kind
	// Unverified is true when the part of the document the traffic
	// contradicts is marked x-unverified (the schema or one it sits in,
	// the parameter, the response or the operation): an inferred part that
	// did not hold. Such drifts sort first.
	Unverified bool
	Message    string // why, without the value that was checked
}

// String is one line: "API OPERATION PART STATUS POINTER: KIND: MESSAGE".
func (d Drift) String() string {
	var b strings.Builder
	b.WriteString(d.API)
	b.WriteByte(' ')
	if d.OperationID != "" {
		b.WriteString(d.OperationID)
	} else {
		b.WriteString(d.Method + " " + d.Path)
	}
	b.WriteByte(' ')
	b.WriteString(string(d.Part))
	if d.Status != 0 {
		fmt.Fprintf(&b, " %d", d.Status)
	}
	if d.Pointer != "" {
		b.WriteString(" " + d.Pointer)
	}
	b.WriteString(": " + string(d.Kind))
	if d.Message != "" {
		b.WriteString(": " + d.Message)
	}
	if d.Unverified {
		b.WriteString(" (x-unverified)")
	}
	return b.String()
}

var partOrder = map[Part]int{Request: 0, RequestParameter: 1, RequestBody: 2, ResponseStatus: 3, ResponseBody: 4}

// Sort orders drifts x-unverified first, then by operation, part and
// pointer: what a user checking inferred parts wants to read first.
func Sort(ds []Drift) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.Unverified != b.Unverified {
			return a.Unverified
		}
		if a.OperationID != b.OperationID {
			return a.OperationID < b.OperationID
		}
		if a.Part != b.Part {
			return partOrder[a.Part] < partOrder[b.Part]
		}
		if a.Pointer != b.Pointer {
			return a.Pointer < b.Pointer
		}
		return a.Kind < b.Kind
	})
}

// pointer joins JSON pointer tokens, escaping ~ and / (RFC 6901).
func pointer(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(escapeToken(t))
	}
	return b.String()
}

var tokenEscaper = strings.NewReplacer("~", "~0", "/", "~1")

func escapeToken(t string) string { return tokenEscaper.Replace(t) }
