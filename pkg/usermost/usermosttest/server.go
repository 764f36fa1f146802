package usermosttest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	gen "github.com/cdpkit/cdpkit/gen/usermost"
	"github.com/cdpkit/cdpkit/internal/fakes"
	"github.com/cdpkit/cdpkit/internal/specvalidate"
)

// Default credentials the fake accepts unless told otherwise.
const (
	DefaultAPIKey      = "usermost-test-key"
	DefaultLicenseCode = "lc-test-0001"
)

// Server is a running fake. Its exported fields are what a client needs to
// reach it; the state it holds is read through its methods.
type Server struct {
	// URL is the base URL of the fake, e.g. http://127.0.0.1:41234.
	URL string
	// APIKey is the only bearer token the fake accepts.
	APIKey string
	// LicenseCode is the only account the fake knows; others get 404.
	LicenseCode string

	httpServer *httptest.Server
	state      *state
	faults     fakes.Faults
	chaos      *fakes.ChaosInjector
}

// Option configures a Server.
type Option func(*Server)

// WithAPIKey sets the bearer token the fake accepts.
func WithAPIKey(key string) Option { return func(s *Server) { s.APIKey = key } }

// WithLicenseCode sets the account license code the fake knows.
func WithLicenseCode(code string) Option { return func(s *Server) { s.LicenseCode = code } }

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
	s := &Server{
		APIKey:      DefaultAPIKey,
		LicenseCode: DefaultLicenseCode,
		state:       newState(),
	}
	for _, o := range opts {
		o(s)
	}
	validator := fakes.MustValidator(context.Background(), "usermost", specvalidate.Options{
		Authenticate:      specvalidate.KeyEquals(s.APIKey),
		WriteError:        writeError,
		OnResponseProblem: fakes.ReportProblems("usermosttest", t, s.state.addProblem),
	})
	strict := gen.NewStrictHandlerWithOptions(&handlers{s: s}, nil, gen.StrictHTTPServerOptions{
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
	handler := wrapFaults(&s.faults, validator.Wrap(api))
	if s.chaos != nil {
		handler = s.chaos.Wrap(handler, writeError)
	}
	s.httpServer = httptest.NewServer(s.state.count(handler))
	s.URL = s.httpServer.URL
	return s
}

// Close shuts the fake down and waits for in-flight requests.
func (s *Server) Close() { s.httpServer.Close() }

// Client returns an *http.Client wired to the fake's listener.
func (s *Server) Client() *http.Client { return s.httpServer.Client() }

// writeError renders the Usermost error envelope.
func writeError(w http.ResponseWriter, _ *http.Request, status int, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(gen.Envelope{Result: gen.Result{Status: "error", Message: message}})
}

// ensure the handlers satisfy the generated interface at compile time.
var _ gen.StrictServerInterface = (*handlers)(nil)

// wrapFaults puts the fault queue in front of next, rendering faults in this
// API's error shape.
func wrapFaults(q *fakes.Faults, next http.Handler) http.Handler {
	return q.Wrap(next, writeError)
}
