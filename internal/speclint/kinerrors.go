package speclint

import (
	"errors"
	"reflect"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// kinIssue is one kin-openapi error mapped back into the document.
type kinIssue struct {
	ptr     string // best JSON pointer: the offending node, or an ancestor
	msg     string // one line, without the location prefixes kin adds
	example bool   // an example (not the document) breaks its schema
}

// leafErrors flattens the MultiErrors kin-openapi returns in multi-error
// mode into one error per independent problem.
func leafErrors(err error) []error {
	if me, ok := err.(openapi3.MultiError); ok {
		var out []error
		for _, e := range me {
			out = append(out, leafErrors(e)...)
		}
		return out
	}
	if err == nil {
		return nil
	}
	return []error{err}
}

// componentKeys maps kin-openapi's ComponentValidationError sections to
// the keys under /components.
var componentKeys = map[string]string{
	"schema":          "schemas",
	"parameter":       "parameters",
	"header":          "headers",
	"request body":    "requestBodies",
	"response":        "responses",
	"security scheme": "securitySchemes",
	"example":         "examples",
	"link":            "links",
	"callback":        "callbacks",
}

// originFieldOf names, for error types whose Origin is the object holding
// the offending field, which field that is.
func originFieldOf(err error) string {
	switch e := err.(type) {
	case *openapi3.SchemaValueError:
		return e.ValueKind
	case *openapi3.SchemaTypeError:
		return "type"
	case *openapi3.SchemaPatternRegexError:
		return "pattern"
	case *openapi3.ServerURLTemplateError:
		return "url"
	case *openapi3.PathParametersError:
		return strings.ToLower(e.Method)
	}
	return ""
}

// mapKinError locates one leaf error of kin-openapi in the document. The
// typed context wrappers (section, path, operation, component) give an
// ancestor pointer; the Origin (line and column, recorded because the
// loader runs with IncludeOrigin) that the deepest error carries, looked up
// in idx, gives the offending node itself when it is known.
func mapKinError(err error, idx positionIndex) kinIssue {
	var (
		ctxPtr    string
		msgErr    = err
		originPtr string
		example   bool
	)
	for e := err; e != nil; e = errors.Unwrap(e) {
		located := true
		switch w := e.(type) {
		case *openapi3.SectionValidationError:
			key := w.Section
			if key == "external docs" {
				key = "externalDocs"
			}
			ctxPtr = join(ctxPtr, key)
		case *openapi3.PathValidationError:
			if ctxPtr == "" {
				ctxPtr = "/paths"
			}
			ctxPtr = join(ctxPtr, w.Path)
		case *openapi3.OperationValidationError:
			ctxPtr = join(ctxPtr, strings.ToLower(w.Method))
		case *openapi3.ComponentValidationError:
			key, ok := componentKeys[w.Section]
			if !ok {
				key = w.Section
			}
			ctxPtr = join("", "components", key, w.Name)
		case *openapi3.WebhookValidationError:
			ctxPtr = join("", "webhooks", w.Name)
		default:
			located = false
		}
		if located {
			msgErr = errors.Unwrap(e)
		}
		switch w := e.(type) {
		case *openapi3.SchemaValueError:
			example = example || w.ValueKind == "example"
		case *openapi3.MediaTypeExampleValidationError, *openapi3.ParameterExampleValidationError:
			example = true
		}
		if o := originOf(e); o != nil && o.Key != nil {
			if p, ok := originPointer(o, originFieldOf(e), idx); ok {
				originPtr = p
			}
		}
	}
	ptr := ctxPtr
	if originPtr != "" {
		ptr = originPtr
	}
	return kinIssue{ptr: ptr, msg: kinMessage(msgErr), example: example}
}

// originPtrType is the type of the Origin fields of kin-openapi errors.
var originPtrType = reflect.TypeFor[*openapi3.Origin]()

// originOf returns the Origin field of a kin-openapi error, if it has one.
// Dozens of error types carry one under the same name, so reflection reads
// it rather than a type switch that would fall behind kin-openapi.
func originOf(err error) *openapi3.Origin {
	v := reflect.ValueOf(err)
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return nil
	}
	f := v.FieldByName("Origin")
	if !f.IsValid() || f.Type() != originPtrType || f.IsNil() {
		return nil
	}
	return f.Interface().(*openapi3.Origin)
}

// originPointer turns an Origin into a pointer: that of field when the
// Origin records it, otherwise that of the object itself.
func originPointer(o *openapi3.Origin, field string, idx positionIndex) (string, bool) {
	if loc, ok := o.Fields[field]; ok && field != "" {
		if p, ok := idx.field(loc.Line, loc.Column); ok {
			return p, true
		}
	}
	return idx.object(o.Key.Line, o.Key.Column, o.Key.Name)
}

// kinMessage renders err on one line, with each schema error reduced to
// where in the value it failed and why (kin-openapi appends the whole
// schema and value on new lines).
func kinMessage(err error) string {
	if err == nil {
		return ""
	}
	msg := err.Error()
	for _, se := range schemaErrors(err) {
		msg = strings.Replace(msg, se.Error(), schemaErrorText(se), 1)
	}
	return oneLine(msg)
}

// schemaErrors returns every *openapi3.SchemaError in err's tree.
func schemaErrors(err error) []*openapi3.SchemaError {
	var out []*openapi3.SchemaError
	var walk func(error)
	walk = func(e error) {
		for e != nil {
			if se, ok := e.(*openapi3.SchemaError); ok {
				out = append(out, se)
			}
			switch x := e.(type) {
			case openapi3.MultiError:
				for _, c := range x {
					walk(c)
				}
				return
			case interface{ Unwrap() []error }:
				for _, c := range x.Unwrap() {
					walk(c)
				}
				return
			}
			e = errors.Unwrap(e)
		}
	}
	walk(err)
	return out
}

// schemaErrorText is a one-line rendering of a schema error: the pointer
// into the value, if any, then the reason.
func schemaErrorText(se *openapi3.SchemaError) string {
	if p := se.JSONPointer(); len(p) > 0 {
		return "at " + join("", p...) + ": " + schemaReason(se)
	}
	return schemaReason(se)
}

// schemaReason says why a value failed its schema, without saying where.
func schemaReason(se *openapi3.SchemaError) string {
	switch {
	case se.Reason != "":
		return se.Reason
	case se.Origin != nil:
		return kinMessage(se.Origin)
	default:
		return "does not match the schema's " + se.SchemaField
	}
}
