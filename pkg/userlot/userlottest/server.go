package userlottest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	gen "github.com/cdpkit/cdpkit/gen/userlot"
	"github.com/cdpkit/cdpkit/internal/fakes"
	"github.com/cdpkit/cdpkit/internal/specvalidate"
)

// DefaultAPIKey is the key the fake accepts unless told otherwise.
const DefaultAPIKey = "userlot-test-key"

// Server is a running fake. Its exported fields are what a client needs to
// reach it; the state it holds is read through its methods.
type Server struct {
	// URL is the base URL of the fake, e.g. http://127.0.0.1:41234. Point
	// the client at it with option.WithBaseURL; no tenant is needed.
	URL string
	// APIKey is the only ApiKey header value the fake accepts.
	APIKey string

	httpServer *httptest.Server
	state      *state
	faults     fakes.Faults
}

// Option configures a Server.
type Option func(*Server)

// WithAPIKey sets the key the fake accepts.
func WithAPIKey(key string) Option { return func(s *Server) { s.APIKey = key } }

// CustomFieldDef defines a custom field of the fake's product.
type CustomFieldDef struct {
	// Entity is "company", "end_user" or "ticket".
	Entity string
	// Name is the attribute name, e.g. "total_revenue".
	Name string
	// Label is the name shown in the UI; Name when empty.
	Label string
	// DataType is "number", "string", "date"…; "string" when empty.
	DataType string
	// Required makes creating a record without the field a 422.
	Required bool
}

// WithCustomFields defines custom fields: listCustomFields returns them and
// required ones are enforced when a record is created. Undefined custom
// fields are accepted and stored too, as Userlot does not document
// rejecting them.
func WithCustomFields(defs ...CustomFieldDef) Option {
	return func(s *Server) { s.state.fields = append(s.state.fields, defs...) }
}

// WithProducts sets the product names listProducts returns (default: one
// product, "Default product").
func WithProducts(names ...string) Option {
	return func(s *Server) { s.state.setProducts(names) }
}

// New starts a fake. Call Close when done. A response that breaks the
// document is answered with a 500 and recorded in Problems.
func New(opts ...Option) *Server {
	return start(nil, opts)
}

// NewServer starts a fake that is closed when the test ends and that fails
// the test if the fake ever produces a response the document does not allow.
func NewServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := start(t, opts)
	t.Cleanup(s.Close)
	return s
}

func start(t testing.TB, opts []Option) *Server {
	s := &Server{APIKey: DefaultAPIKey, state: newState()}
	s.state.setProducts([]string{"Default product"})
	for _, o := range opts {
		o(s)
	}
	validator := fakes.MustValidator(context.Background(), "userlot", specvalidate.Options{
		Authenticate:      specvalidate.KeyEquals(s.APIKey),
		WriteError:        writeError,
		OnResponseProblem: fakes.ReportProblems("userlottest", t, s.state.addProblem),
	})
	strict := gen.NewStrictHandlerWithOptions(&handlers{s: s.state}, nil, gen.StrictHTTPServerOptions{
		RequestErrorHandlerFunc: func(w http.ResponseWriter, r *http.Request, err error) {
			writeError(w, r, http.StatusBadRequest, err.Error())
		},
		ResponseErrorHandlerFunc: func(w http.ResponseWriter, r *http.Request, err error) {
			writeError(w, r, http.StatusInternalServerError, err.Error())
		},
	})
	api := gen.HandlerWithOptions(strict, gen.StdHTTPServerOptions{
		ErrorHandlerFunc: func(w http.ResponseWriter, r *http.Request, err error) {
			writeError(w, r, http.StatusBadRequest, err.Error())
		},
	})
	s.httpServer = httptest.NewServer(s.state.count(wrapFaults(&s.faults, keepRawBody(validator.Wrap(api)))))
	s.URL = s.httpServer.URL
	return s
}

// Close shuts the fake down and waits for in-flight requests.
func (s *Server) Close() { s.httpServer.Close() }

// Client returns an *http.Client wired to the fake's listener.
func (s *Server) Client() *http.Client { return s.httpServer.Client() }

// writeError renders Userlot's error body, {"error": message}.
func writeError(w http.ResponseWriter, _ *http.Request, status int, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(gen.Error{Error: &message})
}

// ensure the handlers satisfy the generated interface at compile time.
var _ gen.StrictServerInterface = (*handlers)(nil)

// wrapFaults puts the fault queue in front of next, rendering faults in this
// API's error shape.
func wrapFaults(q *fakes.Faults, next http.Handler) http.Handler {
	return q.Wrap(next, writeError)
}
