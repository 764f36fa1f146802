package conformance

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// API is the conformance description of one client: the documents its
// requests are checked against and one Case per public method. Each API
// lives in a file of its own in this package's tests (see the package
// documentation).
type API struct {
	// Name is the API's name in the table, e.g. "Userpilot".
	Name string
	// Vendor are the vendor's own documents. A request is covered when one
	// of them describes its operation, and must then be valid per it.
	Vendor []Reference
	// Project is the project's own spec of the API. Every request every
	// case sends must be valid per it, with no exemption.
	Project Reference
	// Clients are nil pointers of the public client types, e.g.
	// (*userpilot.Client)(nil). Every exported method of each needs a Case.
	Clients []any
	// Cases exercise the public methods.
	Cases []Case
	// Decode makes the client decode one answer a vendor document allows:
	// it calls the public method that sends s.Operation through hc (which
	// answers every request with s) and returns the method's error. It is
	// required when a vendor document offers samples (see ResponseSamples).
	Decode func(ctx context.Context, s Sample, hc *http.Client) error
	// StatusOf returns the HTTP status an error of the client reports, for
	// checking that error answers become the client's API error type.
	StatusOf func(err error) (int, bool)
	// SendExample sends one request body a vendor document shows to the
	// API's fake and returns the status it answered with. Nil when the
	// vendor documents show no request bodies.
	SendExample func(ctx context.Context, t *testing.T, ex RequestExample) (int, error)
	// Notes are lines the table prints under the API's heading, such as
	// where the vendor documents come from.
	Notes []string
	// Known lists failures that are known and being fixed, keyed by the
	// name of the case ("Client.Identify"), the sample (Sample.Name) or the
	// example (RequestExample.Name), each with the issue that tracks it.
	// The table shows them as known defects instead of failing; once one
	// passes, the test fails until it is removed from the list.
	Known map[string]string
}

// Case calls one public method of a client against its fake, through an
// HTTP client that records every request.
type Case struct {
	// Method is the receiver type's name and the method's, e.g.
	// "Client.Identify" or "JobsService.Wait".
	Method string
	// Variant is empty for the method's default behaviour; otherwise it
	// names what differs (e.g. "with AsNDJSONUpload()"), and the case adds
	// a row of its own.
	Variant string
	// Run calls the method with a client built on hc and returns its error.
	Run func(ctx context.Context, t *testing.T, hc *http.Client) error
	// Source names what the method rests on when no vendor document covers
	// its requests (from the fact sheets in ../shared/reference).
	Source string
	// Deviation explains why a vendor document rejects this case's
	// requests, for a departure the project chose on purpose. A case with
	// a Deviation must be rejected; one without must not be.
	Deviation string
	// External reports requests that are not calls of the API at all, such
	// as downloads from presigned storage URLs; they are listed but checked
	// against no document.
	External func(*Request) bool
}

func (c Case) name() string {
	if c.Variant == "" {
		return c.Method
	}
	return c.Method + " " + c.Variant
}

// Status is how a case's requests fare against the vendor documents.
type Status string

// The statuses a row can have.
const (
	Valid      Status = "valid per vendor document"
	NotCovered Status = "not covered by it"
	Partly     Status = "valid where covered; partly not covered"
	Deviates   Status = "rejected by it on purpose"
	Known      Status = "rejected by it: known defect"
	Failed     Status = "FAILED"
)

// Row is one line of the table.
type Row struct {
	Method, Variant string
	// Sends lists the operations the case sent, as the project's spec
	// names them, in the order first sent.
	Sends []string
	// Vendor names the vendor operations that covered them.
	Vendor []string
	Status Status
	// Detail is the source, the deviation or the failure.
	Detail string
}

// SampleResult is how one vendor answer fared through the client.
type SampleResult struct {
	Sample Sample
	Err    string
	// Known is the API.Known entry for the sample, if any.
	Known string
}

// ExampleResult is how the fake answered one vendor request example.
type ExampleResult struct {
	Example RequestExample
	Status  int
	Err     string
	// Known is the API.Known entry for the example, if any.
	Known string
}

// reportKnown fails t for an unexpected failure, and for a known one that
// no longer fails.
func reportKnown(t *testing.T, name, known string, err error) {
	t.Helper()
	switch {
	case err != nil && known == "":
		t.Error(err)
	case err == nil && known != "":
		t.Errorf("%s is listed in API.Known, but it passes now: remove it from the list", name)
	}
}

// Report is the outcome of one API's run, from which the table is made.
type Report struct {
	API      string
	Vendor   []string
	Notes    []string
	Methods  int
	Rows     []Row
	Samples  []SampleResult
	Examples []ExampleResult
}

// Check runs every case of api and the checks around them: every public
// method has a case, every request is valid per the project's spec and, where
// covered, per the vendor documents, every vendor answer decodes, and the
// fake accepts every vendor request example. Failures are reported on t;
// the returned Report feeds the table.
func Check(t *testing.T, api API) Report {
	t.Helper()
	rep := Report{API: api.Name, Notes: api.Notes}
	for _, v := range api.Vendor {
		rep.Vendor = append(rep.Vendor, v.Name())
	}
	methods := PublicMethods(api.Clients...)
	rep.Methods = len(methods)
	t.Run("coverage", func(t *testing.T) { checkCoverage(t, methods, api.Cases) })

	rep.Rows = make([]Row, len(api.Cases))
	t.Run("requests", func(t *testing.T) {
		for i, c := range api.Cases {
			t.Run(c.name(), func(t *testing.T) {
				t.Parallel()
				rep.Rows[i] = runCase(t, api, c)
			})
		}
	})
	sortRows(rep.Rows, methods)

	t.Run("responses", func(t *testing.T) { rep.Samples = checkSamples(t, api) })
	t.Run("examples", func(t *testing.T) { rep.Examples = checkExamples(t, api) })
	return rep
}

// PublicMethods lists "Type.Method" for every exported method of the types
// of the given nil pointers, in the order given and then by name.
func PublicMethods(clients ...any) []string {
	var out []string
	for _, c := range clients {
		typ := reflect.TypeOf(c)
		name := typ.Elem().Name()
		var ms []string
		for i := range typ.NumMethod() {
			ms = append(ms, name+"."+typ.Method(i).Name)
		}
		slices.Sort(ms)
		out = append(out, ms...)
	}
	return out
}

func checkCoverage(t *testing.T, methods []string, cases []Case) {
	have := map[string]bool{}
	for _, c := range cases {
		if !slices.Contains(methods, c.Method) {
			t.Errorf("case %q names no public method of the clients", c.name())
		}
		if c.Variant == "" {
			if have[c.Method] {
				t.Errorf("two default cases for %s; give the second a Variant", c.Method)
			}
			have[c.Method] = true
		}
	}
	for _, m := range methods {
		if !have[m] {
			t.Errorf("public method %s has no conformance case: add one to the API's file in internal/conformance", m)
		}
	}
}

func runCase(t *testing.T, api API, c Case) Row {
	row := Row{Method: c.Method, Variant: c.Variant}
	fail := func(format string, args ...any) Row {
		msg := fmt.Sprintf(format, args...)
		t.Error(msg)
		row.Status, row.Detail = Failed, msg
		return row
	}
	rec := &Recorder{}
	ctx := context.Background()
	if err := c.Run(ctx, t, rec.Client()); err != nil {
		return fail("%s returned an error against its fake: %v", c.name(), err)
	}
	var covered, uncovered, rejected int
	var rejections []string
	for _, r := range rec.Take() {
		if c.External != nil && c.External(r) {
			row.Sends = appendOnce(row.Sends, r.Method+" (presigned download)")
			continue
		}
		op, ok, err := api.Project.Check(ctx, r)
		if !ok {
			return fail("%s sent %s %s, which %s does not describe", c.name(), r.Method, r.URL.Path, api.Project.Name())
		}
		if err != nil {
			return fail("%s sent %s, which %s rejects: %v", c.name(), op, api.Project.Name(), err)
		}
		row.Sends = appendOnce(row.Sends, op)
		vop, vok, verr := checkVendor(ctx, api.Vendor, r)
		switch {
		case !vok:
			uncovered++
		case verr != nil:
			rejected++
			rejections = appendOnce(rejections, vop+": "+Summary(verr))
			if c.Deviation == "" && api.Known[c.name()] == "" {
				t.Errorf("%s sent %s, which the vendor document rejects: %v", c.name(), vop, verr)
			}
		default:
			covered++
		}
		if vok {
			row.Vendor = appendOnce(row.Vendor, vop)
		}
	}
	known := api.Known[c.name()]
	switch {
	case rejected > 0 && c.Deviation != "":
		row.Status, row.Detail = Deviates, c.Deviation
		return row
	case rejected > 0 && known != "":
		row.Status, row.Detail = Known, known
		return row
	case rejected > 0:
		row.Status, row.Detail = Failed, strings.Join(rejections, "; ")
		return row
	case known != "":
		return fail("%s is listed in API.Known, but the vendor document accepts its requests: remove it from the list", c.name())
	case c.Deviation != "":
		return fail("%s has a Deviation, but the vendor document accepts its requests: remove it", c.name())
	case covered > 0 && uncovered == 0:
		row.Status = Valid
		if c.Source != "" {
			return fail("%s names a Source, but a vendor document covers all its requests: remove it", c.name())
		}
	default:
		row.Status, row.Detail = NotCovered, c.Source
		if covered > 0 {
			row.Status = Partly
		}
		if c.Source == "" {
			return fail("%s sends requests no vendor document covers (%s): name the source it rests on in Source", c.name(), strings.Join(row.Sends, ", "))
		}
	}
	return row
}

func checkVendor(ctx context.Context, refs []Reference, r *Request) (string, bool, error) {
	for _, ref := range refs {
		if op, ok, err := ref.Check(ctx, r); ok {
			return op, true, err
		}
	}
	return "", false, nil
}

func checkSamples(t *testing.T, api API) []SampleResult {
	var out []SampleResult
	for _, ref := range api.Vendor {
		src, ok := ref.(interface{ ResponseSamples() ([]Sample, error) })
		if !ok {
			continue
		}
		samples, err := src.ResponseSamples()
		if err != nil {
			t.Error(err)
			continue
		}
		if api.Decode == nil {
			t.Errorf("%s offers response samples but API.Decode is nil", ref.Name())
			continue
		}
		for _, s := range samples {
			res := SampleResult{Sample: s, Known: api.Known[s.Name()]}
			t.Run(s.Name(), func(t *testing.T) {
				err := checkSample(api, s)
				if err != nil {
					res.Err = err.Error()
				}
				reportKnown(t, s.Name(), res.Known, err)
			})
			out = append(out, res)
		}
	}
	return out
}

func checkSample(api API, s Sample) error {
	hc := &http.Client{Transport: Answer(s)}
	err := api.Decode(context.Background(), s, hc)
	if errors.Is(err, ErrNoCall) {
		return fmt.Errorf("no public method sends %s: API.Decode has no call for it", s.Operation)
	}
	if s.Status >= 200 && s.Status <= 299 {
		if err != nil {
			return fmt.Errorf("the client fails to decode an answer the vendor document allows (%s, body %s): %v", s.Origin, s.Body, err)
		}
		return nil
	}
	if err == nil {
		return fmt.Errorf("the client reports success for a %d answer", s.Status)
	}
	if status, ok := api.StatusOf(err); !ok || status != s.Status {
		return fmt.Errorf("a %d answer became %v, not the client's API error with status %d", s.Status, err, s.Status)
	}
	return nil
}

// ErrNoCall is what API.Decode returns for an operation no public method
// sends.
var ErrNoCall = errors.New("conformance: no public method sends this operation")

func checkExamples(t *testing.T, api API) []ExampleResult {
	var out []ExampleResult
	for _, ref := range api.Vendor {
		src, ok := ref.(interface{ RequestExamples() []RequestExample })
		if !ok {
			continue
		}
		for _, ex := range src.RequestExamples() {
			res := ExampleResult{Example: ex, Known: api.Known[ex.Name()]}
			t.Run(ex.Name(), func(t *testing.T) {
				if api.SendExample == nil {
					res.Err = "API.SendExample is nil"
					t.Errorf("%s shows request examples but API.SendExample is nil", ref.Name())
					return
				}
				status, err := api.SendExample(context.Background(), t, ex)
				res.Status = status
				switch {
				case err != nil:
					res.Err = err.Error()
				case status < 200 || status > 299:
					res.Err = fmt.Sprintf("the fake answered %d", status)
				}
				var failure error
				if res.Err != "" {
					failure = fmt.Errorf("the fake refuses the vendor's own example for %s: %s", ex.Name(), res.Err)
				}
				reportKnown(t, ex.Name(), res.Known, failure)
			})
			out = append(out, res)
		}
	}
	return out
}

// sortRows orders rows by the method list, default case before variants.
func sortRows(rows []Row, methods []string) {
	slices.SortStableFunc(rows, func(a, b Row) int {
		ia, ib := slices.Index(methods, a.Method), slices.Index(methods, b.Method)
		if ia != ib {
			return ia - ib
		}
		return strings.Compare(a.Variant, b.Variant)
	})
}

func appendOnce(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}
