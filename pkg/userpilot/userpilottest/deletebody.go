package userpilottest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/getkin/kin-openapi/openapi3"
)

// deleteIDsKey carries the ids of a delete request to its strict handler,
// which only sees the request's context.
type deleteIDsKey struct{}

// deleteBodies maps the delete operations to the schema their JSON body
// must match and the field holding the ids. The document describes these
// bodies in an x-request-body extension, not a requestBody (OpenAPI 3.0
// gives DELETE bodies no meaning), so the validator does not check them.
var deleteBodies = map[string]struct{ schema, field string }{
	"/v1/users":     {"DeleteUsersRequest", "users"},
	"/v1/companies": {"DeleteCompaniesRequest", "companies"},
}

// deleteBody validates the JSON body of DELETE /v1/users and
// DELETE /v1/companies against the document's schema and passes the ids on.
func (s *Server) deleteBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		spec, ok := deleteBodies[r.URL.Path]
		if r.Method != http.MethodDelete || !ok {
			next.ServeHTTP(w, r)
			return
		}
		ids, err := s.readDeleteBody(r, spec.schema, spec.field)
		if err != nil {
			writeError(w, r, http.StatusBadRequest, err.Error())
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), deleteIDsKey{}, ids)))
	})
}

func (s *Server) readDeleteBody(r *http.Request, schemaName, field string) ([]string, error) {
	data, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	if len(data) == 0 {
		return nil, fmt.Errorf(`request body is required: send {"%s": ["<id>", ...]}`, field)
	}
	var value any
	if err := json.Unmarshal(data, &value); err != nil {
		return nil, fmt.Errorf("request body is not valid JSON: %v", err)
	}
	if err := s.schemas[schemaName].Value.VisitJSON(value, openapi3.MultiErrors()); err != nil {
		return nil, fmt.Errorf("request body has an error: doesn't match schema %s: %v", schemaName, err)
	}
	var body map[string][]string
	if err := json.Unmarshal(data, &body); err != nil {
		return nil, err
	}
	return body[field], nil
}
