package conformance

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/cdpkit/cdpkit/internal/specload"
	"github.com/cdpkit/cdpkit/internal/specvalidate"
)

// Reference is a document recorded requests are checked against: a
// vendor's own document, or the project's spec.
type Reference interface {
	// Name says which document this is, for the table and for failures.
	Name() string
	// Check validates one request. covered is false (and err nil) when the
	// document does not describe the request's operation at all; op names
	// the operation the document matched, as "METHOD /path/{template}".
	Check(ctx context.Context, r *Request) (op string, covered bool, err error)
}

// OpenAPI is a Reference backed by an OpenAPI 3 document and validated with
// kin-openapi's openapi3filter. Requests are matched by method and path
// alone, whatever host they were sent to.
type OpenAPI struct {
	name   string
	doc    *openapi3.T
	router routers.Router
	auth   openapi3filter.AuthenticationFunc
}

// NewOpenAPI wraps a loaded document. auth checks the document's security
// schemes; nil accepts any request that carries the header a scheme names
// (the value is the client's business, not the document's).
func NewOpenAPI(name string, doc *openapi3.T, auth openapi3filter.AuthenticationFunc) (*OpenAPI, error) {
	// Copy the top level so that clearing the servers (to route by path
	// alone) does not change the caller's document.
	routed := *doc
	routed.Servers = nil
	paths := openapi3.NewPaths()
	for p, item := range doc.Paths.Map() {
		copied := *item
		copied.Servers = nil
		paths.Set(p, &copied)
	}
	routed.Paths = paths
	router, err := legacy.NewRouter(&routed)
	if err != nil {
		return nil, fmt.Errorf("conformance: route %s: %w", name, err)
	}
	if auth == nil {
		auth = headerPresent
	}
	return &OpenAPI{name: name, doc: doc, router: router, auth: auth}, nil
}

// LoadOpenAPI loads a vendor's document from data after applying repairs
// (see Repair). The document is not validated: a vendor's file is taken as
// it is, and only what stops it from being used at all is repaired.
func LoadOpenAPI(name string, data []byte, repairs []Repair) (*OpenAPI, error) {
	fixed, err := ApplyRepairs(data, repairs)
	if err != nil {
		return nil, fmt.Errorf("conformance: %s: %w", name, err)
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(fixed)
	if err != nil {
		return nil, fmt.Errorf("conformance: load %s: %w", name, err)
	}
	return NewOpenAPI(name, doc, nil)
}

// ProjectSpec is the Reference for the project's own spec of api (see
// specload.Load); credentials must be present in the header its security
// scheme names.
func ProjectSpec(ctx context.Context, api string) (*OpenAPI, error) {
	doc, err := specload.Load(ctx, api)
	if err != nil {
		return nil, err
	}
	return NewOpenAPI("specs/"+api+".yaml", doc, nil)
}

// Name implements Reference.
func (o *OpenAPI) Name() string { return o.name }

// Doc returns the loaded document.
func (o *OpenAPI) Doc() *openapi3.T { return o.doc }

// Check implements Reference.
func (o *OpenAPI) Check(ctx context.Context, r *Request) (string, bool, error) {
	req := r.HTTP(ctx)
	route, params, err := o.router.FindRoute(req)
	if err != nil {
		return "", false, nil
	}
	op := route.Method + " " + route.Path
	if len(r.Body) > 0 && route.Operation.RequestBody == nil {
		// openapi3filter ignores a body the operation does not declare;
		// a document that does not describe what the client sends is
		// exactly what this suite is for.
		return op, true, fmt.Errorf("the request has a %d-byte body, but the document declares no requestBody for %s", len(r.Body), op)
	}
	in := &openapi3filter.RequestValidationInput{
		Request:    req,
		PathParams: params,
		Route:      route,
		Options:    &openapi3filter.Options{MultiError: true, AuthenticationFunc: o.auth},
	}
	return op, true, openapi3filter.ValidateRequest(ctx, in)
}

// Route returns the operation of doc that method and path match, as
// "METHOD /path/{template}", or "" when none does.
func (o *OpenAPI) Route(method, path string) string {
	req, err := http.NewRequest(method, "http://host"+path, nil)
	if err != nil {
		return ""
	}
	route, _, err := o.router.FindRoute(req)
	if err != nil {
		return ""
	}
	return route.Method + " " + route.Path
}

func headerPresent(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	_, err := specvalidate.Credential(in.RequestValidationInput.Request, in.SecurityScheme)
	return err
}

// Summary shortens a validation error to its first line and a bounded
// length, for the table; failures print the whole error.
func Summary(err error) string {
	if err == nil {
		return ""
	}
	var multi openapi3.MultiError
	msg := err.Error()
	if errors.As(err, &multi) && len(multi) > 0 {
		msg = multi[0].Error()
	}
	return shorten(msg)
}

// shorten keeps the first line of msg, at most 160 bytes of it.
func shorten(msg string) string {
	msg, _, _ = strings.Cut(msg, "\n")
	if len(msg) > 160 {
		msg = msg[:157] + "..."
	}
	return msg
}
