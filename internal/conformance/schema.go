package conformance

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// SchemaReference is a Reference for vendors that publish schemas rather
// than an OpenAPI file: each operation it knows maps to the JSON Schema its
// request body must match, checked with kin-openapi's schema validation
// (openapi3.Schema.VisitJSON). Schemas are self-contained: $ref is not
// resolved.
type SchemaReference struct {
	name   string
	routes []schemaRoute
}

type schemaRoute struct {
	op       string
	method   string
	segments []string
	schema   *openapi3.Schema // nil: covered, no body to check
}

// NewSchemaReference builds a SchemaReference from routes, which map
// "METHOD /path/{param}" to the JSON Schema of the request body (nil for
// an operation the vendor documents without a body).
func NewSchemaReference(name string, routes map[string][]byte) (*SchemaReference, error) {
	ref := &SchemaReference{name: name}
	for _, op := range sortedKeys(routes) {
		method, path, ok := strings.Cut(op, " ")
		if !ok || !strings.HasPrefix(path, "/") {
			return nil, fmt.Errorf("conformance: %s: route %q is not \"METHOD /path\"", name, op)
		}
		r := schemaRoute{op: op, method: strings.ToUpper(method), segments: strings.Split(strings.Trim(path, "/"), "/")}
		if data := routes[op]; data != nil {
			r.schema = &openapi3.Schema{}
			if err := json.Unmarshal(data, r.schema); err != nil {
				return nil, fmt.Errorf("conformance: %s: schema of %s: %w", name, op, err)
			}
		}
		ref.routes = append(ref.routes, r)
	}
	return ref, nil
}

// Name implements Reference.
func (s *SchemaReference) Name() string { return s.name }

// Check implements Reference: the request's body must be JSON matching the
// schema of its operation.
func (s *SchemaReference) Check(_ context.Context, r *Request) (string, bool, error) {
	got := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	for _, route := range s.routes {
		if route.method != r.Method || !matchSegments(route.segments, got) {
			continue
		}
		if route.schema == nil {
			return route.op, true, nil
		}
		var body any
		if err := json.Unmarshal(r.Body, &body); err != nil {
			return route.op, true, fmt.Errorf("request body is not JSON: %w", err)
		}
		// A request body: readOnly properties are not required of it
		// (OpenAPI's rule), e.g. a credential's id when it is created.
		return route.op, true, route.schema.VisitJSON(body, openapi3.MultiErrors(), openapi3.VisitAsRequest())
	}
	return "", false, nil
}

func matchSegments(pattern, got []string) bool {
	if len(pattern) != len(got) {
		return false
	}
	for i, p := range pattern {
		param := strings.HasPrefix(p, "{") && strings.HasSuffix(p, "}")
		if (param && got[i] == "") || (!param && p != got[i]) {
			return false
		}
	}
	return true
}
