package speccheck

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/cdpkit/cdpkit/internal/specload"
)

// Checker checks exchanges against one document. It is safe for
// concurrent use.
type Checker struct {
	api      string
	doc      *openapi3.T
	router   routers.Router
	prefixes []string // server URL paths, stripped before routing
	requests bool

	checked atomic.Int64
	counts  [6]atomic.Int64 // by kindIndex
}

var kindIndex = map[Kind]int{UnknownField: 0, MissingField: 1, WrongType: 2, UndeclaredStatus: 3, ConstraintViolated: 4, UnknownOperation: 5}

// Option configures a Checker.
type Option func(*Checker)

// WithRequests sets whether requests are checked too (the default); off,
// CheckExchange looks at the request only to find the operation.
func WithRequests(on bool) Option { return func(c *Checker) { c.requests = on } }

// New returns a Checker for one of cdpkit's embedded documents, by API
// name ("usermost", "userpilot", "userlot", "activeprospect").
func New(ctx context.Context, api string, opts ...Option) (*Checker, error) {
	doc, err := specload.Load(ctx, api)
	if err != nil {
		return nil, fmt.Errorf("speccheck: %w", err)
	}
	return FromDocument(api, doc, opts...)
}

// FromDocument returns a Checker for a loaded and validated document; api
// names it in drifts. The Checker routes by path alone, so traffic to any
// host matches (a fake's, a proxy's); a path prefix in the document's
// server URLs is stripped first. It does not modify doc.
func FromDocument(api string, doc *openapi3.T, opts ...Option) (*Checker, error) {
	if doc == nil {
		return nil, errors.New("speccheck: nil document")
	}
	routed := *doc
	routed.Servers = nil
	router, err := legacy.NewRouter(&routed)
	if err != nil {
		return nil, fmt.Errorf("speccheck: route %s: %w", api, err)
	}
	c := &Checker{api: api, doc: doc, router: router, requests: true, prefixes: serverPrefixes(doc)}
	for _, o := range opts {
		o(c)
	}
	return c, nil
}

func serverPrefixes(doc *openapi3.T) []string {
	var out []string
	for _, s := range doc.Servers {
		raw := s.URL
		for name, v := range s.Variables {
			raw = strings.ReplaceAll(raw, "{"+name+"}", v.Default)
		}
		u, err := url.Parse(raw)
		if err != nil {
			continue
		}
		if p := strings.TrimRight(u.Path, "/"); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Counts returns how many drifts of each kind the Checker has reported
// since it was made (every Kind is present, zero or not).
func (c *Checker) Counts() map[Kind]int64 {
	out := make(map[Kind]int64, len(Kinds))
	for _, k := range Kinds {
		out[k] = c.counts[kindIndex[k]].Load()
	}
	return out
}

// Checked returns how many exchanges the Checker has checked.
func (c *Checker) Checked() int64 { return c.checked.Load() }

// CheckExchange checks one request and its response. reqBody and
// respBody are the bodies as sent and received (the caller keeps its own
// copies; nothing is read from req.Body or resp.Body). resp may be nil to
// check a request alone. The drifts come sorted (see Sort); none is an
// error of the Checker's own: a document that cannot describe the exchange
// is a drift too.
func (c *Checker) CheckExchange(req *http.Request, reqBody []byte, resp *http.Response, respBody []byte) []Drift {
	c.checked.Add(1)
	var ds drifts
	route, params, ok := c.route(req)
	if !ok {
		ds.add(Drift{API: c.api, Method: req.Method, Path: req.URL.Path, Part: Request, Kind: UnknownOperation,
			Message: "no operation of the document matches the method and path"})
		return c.finish(ds)
	}
	op := route.Operation
	base := Drift{API: c.api, OperationID: op.OperationID, Method: route.Method, Path: route.Path}
	opUnverified := isUnverified(op.Extensions)
	if c.requests {
		c.checkParameters(&ds, base, opUnverified, req, route, params)
		c.checkRequestBody(&ds, base, opUnverified, req, reqBody, op)
	}
	if resp != nil {
		base.Status = resp.StatusCode
		c.checkResponse(&ds, base, opUnverified, resp, respBody, op)
	}
	return c.finish(ds)
}

func (c *Checker) finish(ds drifts) []Drift {
	for _, d := range ds.list {
		c.counts[kindIndex[d.Kind]].Add(1)
	}
	Sort(ds.list)
	return ds.list
}

// route finds the operation, trying the path as sent and then without
// each server prefix.
func (c *Checker) route(req *http.Request) (*routers.Route, map[string]string, bool) {
	if req == nil || req.URL == nil {
		return nil, nil, false
	}
	if route, params, err := c.router.FindRoute(req); err == nil {
		return route, params, true
	}
	for _, p := range c.prefixes {
		if rest, ok := strings.CutPrefix(req.URL.Path, p); ok && strings.HasPrefix(rest, "/") {
			probe := req.Clone(req.Context())
			u := *req.URL
			u.Path, u.RawPath = rest, ""
			probe.URL = &u
			if route, params, err := c.router.FindRoute(probe); err == nil {
				return route, params, true
			}
		}
	}
	return nil, nil, false
}

// checkParameters validates path, query and header parameters with
// openapi3filter (no body, no security: credentials are not the
// document's to check here), then lists query parameters the operation
// does not declare.
func (c *Checker) checkParameters(ds *drifts, base Drift, opUnverified bool, req *http.Request, route *routers.Route, params map[string]string) {
	in := &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{MultiError: true, ExcludeRequestBody: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
	}
	err := openapi3filter.ValidateRequest(req.Context(), in)
	for _, e := range flatten(err) {
		var re *openapi3filter.RequestError
		if !errors.As(e, &re) || re.Parameter == nil {
			continue
		}
		p := re.Parameter
		d := base
		d.Part, d.Pointer = RequestParameter, pointer([]string{p.In, p.Name})
		d.Unverified = opUnverified || isUnverified(p.Extensions) || (p.Schema != nil && p.Schema.Value != nil && isUnverified(p.Schema.Value.Extensions))
		d.Kind, d.Message = parameterKind(re)
		ds.add(d)
	}
	declared := map[string]bool{}
	for _, list := range []openapi3.Parameters{route.PathItem.Parameters, route.Operation.Parameters} {
		for _, r := range list {
			if r.Value != nil && r.Value.In == openapi3.ParameterInQuery {
				declared[r.Value.Name] = true
			}
		}
	}
	for name := range req.URL.Query() {
		if !declared[name] {
			d := base
			d.Part, d.Pointer, d.Kind, d.Unverified = RequestParameter, pointer([]string{"query", name}), UnknownField, opUnverified
			d.Message = "the operation declares no query parameter of this name"
			ds.add(d)
		}
	}
}

func parameterKind(re *openapi3filter.RequestError) (Kind, string) {
	if errors.Is(re.Err, openapi3filter.ErrInvalidRequired) {
		return MissingField, "required parameter is missing"
	}
	var se *openapi3.SchemaError
	if errors.As(re.Err, &se) {
		return schemaKind(se), se.Reason
	}
	var pe *openapi3filter.ParseError
	if errors.As(re.Err, &pe) {
		return WrongType, "value does not parse as the declared type"
	}
	return WrongType, re.Reason
}

func (c *Checker) checkRequestBody(ds *drifts, base Drift, opUnverified bool, req *http.Request, body []byte, op *openapi3.Operation) {
	base.Part = RequestBody
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return
	}
	rb := op.RequestBody.Value
	unverified := opUnverified || isUnverified(rb.Extensions)
	if len(body) == 0 {
		if rb.Required {
			d := base
			d.Kind, d.Unverified, d.Message = MissingField, unverified, "the operation requires a body"
			ds.add(d)
		}
		return
	}
	mt := jsonMediaType(rb.Content, req.Header.Get("Content-Type"))
	if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
		return // not JSON, or no schema: nothing to compare field by field
	}
	c.checkJSON(ds, base, unverified, body, mt.Schema.Value, openapi3.VisitAsRequest())
}

func (c *Checker) checkResponse(ds *drifts, base Drift, opUnverified bool, resp *http.Response, body []byte, op *openapi3.Operation) {
	ref, declared := responseFor(op, resp.StatusCode)
	if !declared {
		d := base
		d.Part, d.Kind, d.Unverified = ResponseStatus, UndeclaredStatus, opUnverified
		d.Message = "the operation declares no response for status " + strconv.Itoa(resp.StatusCode)
		ds.add(d)
		return
	}
	base.Part = ResponseBody
	r := ref.Value
	unverified := opUnverified || isUnverified(r.Extensions)
	if len(body) == 0 || len(r.Content) == 0 {
		return
	}
	mt := jsonMediaType(r.Content, resp.Header.Get("Content-Type"))
	if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
		return
	}
	c.checkJSON(ds, base, unverified, body, mt.Schema.Value, openapi3.VisitAsResponse())
}

// responseFor finds the declared response: the exact status, then its
// range (2XX), then default — except for a success, where default (the
// errors' shape in cdpkit's documents) does not count.
func responseFor(op *openapi3.Operation, status int) (*openapi3.ResponseRef, bool) {
	if op.Responses == nil {
		return nil, false
	}
	if r := op.Responses.Value(strconv.Itoa(status)); r != nil && r.Value != nil {
		return r, true
	}
	if r := op.Responses.Value(strconv.Itoa(status/100) + "XX"); r != nil && r.Value != nil {
		return r, true
	}
	if status >= 200 && status < 300 {
		return nil, false
	}
	if r := op.Responses.Default(); r != nil && r.Value != nil {
		return r, true
	}
	return nil, false
}

// jsonMediaType picks the declared JSON media type for a content type
// (the declared one when the header is missing).
func jsonMediaType(content openapi3.Content, header string) *openapi3.MediaType {
	if header != "" {
		mt, _, err := mime.ParseMediaType(header)
		if err != nil || !isJSON(mt) {
			return nil
		}
		if m := content.Get(mt); m != nil {
			return m
		}
	}
	for name, m := range content {
		if isJSON(name) {
			return m
		}
	}
	return nil
}

func isJSON(mediaType string) bool {
	return mediaType == "application/json" || strings.HasSuffix(mediaType, "+json")
}

// checkJSON validates a body against its schema with kin-openapi and walks
// it for fields the schema lacks.
func (c *Checker) checkJSON(ds *drifts, base Drift, unverified bool, body []byte, schema *openapi3.Schema, mode openapi3.SchemaValidationOption) {
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		d := base
		d.Kind, d.Unverified, d.Message = WrongType, unverified, "the body is not valid JSON"
		ds.add(d)
		return
	}
	opts := []openapi3.SchemaValidationOption{mode, openapi3.MultiErrors()}
	for _, e := range flatten(schema.VisitJSON(v, opts...)) {
		var se *openapi3.SchemaError
		if !errors.As(e, &se) {
			continue
		}
		path := se.JSONPointer()
		d := base
		d.Pointer, d.Kind, d.Message = pointer(path), schemaKind(se), se.Reason
		d.Unverified = unverified || unverifiedAt(schema, path)
		ds.add(d)
	}
	quiet := []openapi3.SchemaValidationOption{mode}
	unknownFields([]*openapi3.Schema{schema}, v, nil, unverified, quiet, func(path []string, unv bool) {
		d := base
		d.Pointer, d.Kind, d.Unverified = pointer(path), UnknownField, unv
		d.Message = "the document does not declare this field"
		ds.add(d)
	})
}

// schemaKind maps the schema keyword kin-openapi names to a Kind.
func schemaKind(se *openapi3.SchemaError) Kind {
	switch se.SchemaField {
	case "required":
		return MissingField
	case "additionalProperties":
		return UnknownField
	case "type", "nullable", "oneOf", "anyOf", "not":
		return WrongType
	}
	return ConstraintViolated
}

// flatten returns the leaves of kin-openapi's nested MultiErrors, and
// looks through an allOf failure to the errors of its parts, which carry
// the precise pointers.
func flatten(err error) []error {
	if err == nil {
		return nil
	}
	var me openapi3.MultiError
	if errors.As(err, &me) {
		var out []error
		for _, e := range me {
			out = append(out, flatten(e)...)
		}
		return out
	}
	var se *openapi3.SchemaError
	if errors.As(err, &se) && se.SchemaField == "allOf" && se.Origin != nil {
		if inner := flatten(se.Origin); len(inner) > 0 {
			return inner
		}
	}
	return []error{err}
}

// drifts collects drifts once per (part, pointer, kind): kin-openapi and
// the unknown-field walk can both see a field additionalProperties: false
// forbids.
type drifts struct {
	list []Drift
	seen map[string]bool
}

func (ds *drifts) add(d Drift) {
	key := string(d.Part) + "\x00" + d.Pointer + "\x00" + string(d.Kind)
	if ds.seen[key] {
		return
	}
	if ds.seen == nil {
		ds.seen = map[string]bool{}
	}
	ds.seen[key] = true
	ds.list = append(ds.list, d)
}
