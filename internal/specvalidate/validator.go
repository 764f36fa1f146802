package specvalidate

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/cdpkit/cdpkit/internal/specload"
)

// ErrorWriter answers a rejected request in the API's own error shape.
type ErrorWriter func(w http.ResponseWriter, r *http.Request, status int, message string)

// Options configures a Validator. WriteError is required.
type Options struct {
	// Authenticate checks the credentials of a request for one security
	// scheme of the document. A nil Authenticate accepts any request that
	// carries the scheme's header.
	Authenticate func(r *http.Request, scheme *openapi3.SecurityScheme) error
	// WriteError renders a rejection (400, 401, 404, 405) in the API's shape.
	WriteError ErrorWriter
	// OnResponseProblem is told about every response that breaks the
	// document. The response is then replaced by a 500 so the bug cannot go
	// unnoticed by a client either.
	OnResponseProblem func(r *http.Request, err error)
	// SkipRequestBody reports requests whose body must not be buffered for
	// validation (large streamed uploads); their parameters and credentials
	// are still checked.
	SkipRequestBody func(r *http.Request) bool
}

// Validator validates requests and responses against one document.
type Validator struct {
	router routers.Router
	opts   Options
}

// New loads the named embedded document (see specload.Load) and prepares a
// router that matches requests by path alone, so it works for any host the
// fake happens to listen on.
func New(ctx context.Context, api string, opts Options) (*Validator, error) {
	if opts.WriteError == nil {
		return nil, errors.New("specvalidate: Options.WriteError is required")
	}
	doc, err := specload.Load(ctx, api)
	if err != nil {
		return nil, err
	}
	// Without servers the router matches on the path alone; the fake's
	// loopback URL would never match the vendor's host.
	doc.Servers = nil
	router, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("specvalidate: build router for %s: %w", api, err)
	}
	return &Validator{router: router, opts: opts}, nil
}

// Wrap returns next guarded by request validation in front and response
// validation behind.
func (v *Validator) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		input, status, err := v.checkRequest(r)
		if err != nil {
			v.opts.WriteError(w, r, status, err.Error())
			return
		}
		rec := newRecorder()
		next.ServeHTTP(rec, r)
		if err := v.checkResponse(r.Context(), input, rec); err != nil {
			if v.opts.OnResponseProblem != nil {
				v.opts.OnResponseProblem(r, err)
			}
			v.opts.WriteError(w, r, http.StatusInternalServerError, "fake produced a response the spec does not allow: "+err.Error())
			return
		}
		rec.flushTo(w)
	})
}

func (v *Validator) checkRequest(r *http.Request) (*openapi3filter.RequestValidationInput, int, error) {
	route, params, err := v.router.FindRoute(r)
	if err != nil {
		if v.pathKnown(r) {
			return nil, http.StatusMethodNotAllowed, fmt.Errorf("method %s not allowed on %s", r.Method, r.URL.Path)
		}
		return nil, http.StatusNotFound, fmt.Errorf("no operation for %s %s", r.Method, r.URL.Path)
	}
	skipBody := v.opts.SkipRequestBody != nil && v.opts.SkipRequestBody(r)
	if skipBody {
		// openapi3filter reads the whole body into memory before it checks
		// security requirements; hide the body so a streamed upload stays
		// a stream for the handler.
		body := r.Body
		r.Body = http.NoBody
		defer func() { r.Body = body }()
	}
	input := &openapi3filter.RequestValidationInput{
		Request:    r,
		PathParams: params,
		Route:      route,
		Options: &openapi3filter.Options{
			MultiError:         true,
			ExcludeRequestBody: skipBody,
			AuthenticationFunc: v.authenticate,
		},
	}
	if err := openapi3filter.ValidateRequest(r.Context(), input); err != nil {
		return nil, statusFor(err), err
	}
	return input, 0, nil
}

func (v *Validator) authenticate(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	r := in.RequestValidationInput.Request
	if v.opts.Authenticate != nil {
		return v.opts.Authenticate(r, in.SecurityScheme)
	}
	return checkSchemePresent(r, in.SecurityScheme)
}

func (v *Validator) checkResponse(ctx context.Context, req *openapi3filter.RequestValidationInput, rec *recorder) error {
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: req,
		Status:                 rec.status,
		Header:                 rec.header,
		Options:                &openapi3filter.Options{MultiError: true, IncludeResponseStatus: true},
	}
	in.SetBodyBytes(rec.body.Bytes())
	return openapi3filter.ValidateResponse(ctx, in)
}

// statusFor maps a validation failure to the status the real API uses for
// it: credentials problems are 401, everything else about the request is 400.
func statusFor(err error) int {
	var secErr *openapi3filter.SecurityRequirementsError
	if errors.As(err, &secErr) {
		return http.StatusUnauthorized
	}
	var multi openapi3.MultiError
	if errors.As(err, &multi) {
		for _, e := range multi {
			if errors.As(e, &secErr) {
				return http.StatusUnauthorized
			}
		}
	}
	return http.StatusBadRequest
}

// pathKnown reports whether some other method is routed on r's path, which
// tells a 405 from a 404 (the router itself only says "not found" for
// templated paths).
func (v *Validator) pathKnown(r *http.Request) bool {
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodHead} {
		if m == r.Method {
			continue
		}
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, _, err := v.router.FindRoute(probe); err == nil {
			return true
		}
	}
	return false
}
