package activeprospecttest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	gen "github.com/cdpkit/cdpkit/gen/activeprospect"
	"github.com/cdpkit/cdpkit/internal/fakes"
	"github.com/cdpkit/cdpkit/internal/specvalidate"
)

// Defaults the fake starts with unless told otherwise.
const (
	// DefaultAPIKey is the only key the fake accepts. It is also the
	// authenticated user's api_key, as on the real service.
	DefaultAPIKey = "activeprospect-test-key"
	// DefaultAccountID is the id of the fake's one account.
	DefaultAccountID = "64acddadd9b866e066385bd6"
	// DefaultAccountSSOID is the account's sso_id, the id SSO sync expects.
	DefaultAccountSSOID = "6493820b542ea0521e2a4543"
	// DefaultUserID is the id of the authenticated user.
	DefaultUserID = "5fd438f91f0d12766e2bfee5"
	// DefaultZendeskJWT is the zendesk_jwt the user reports; not a real
	// token, but a secret all the same.
	DefaultZendeskJWT = "eyJhbGciOiJIUzI1NiJ9.fake-zendesk-claims.fake-signature"
	// DefaultCompanyAPIKey is the company-level api_key the account reports.
	DefaultCompanyAPIKey = "company-level-key-0f5b3c1e9a7d"
)

// Server is a running fake. Its exported fields are what a client needs to
// reach it; the state it holds is read through its methods.
type Server struct {
	// URL is the base URL of the fake, e.g. http://127.0.0.1:41234.
	URL string
	// APIKey is the only key (Basic password) the fake accepts.
	APIKey string
	// AccountID is the id of the account the fake holds.
	AccountID string
	// UserID is the id of the authenticated user.
	UserID string

	now        func() time.Time
	httpServer *httptest.Server
	state      *state
	faults     fakes.Faults
}

// Option configures a Server.
type Option func(*Server)

// WithAPIKey sets the key the fake accepts (and reports as the user's api_key).
func WithAPIKey(key string) Option { return func(s *Server) { s.APIKey = key } }

// WithClock sets the clock used for created_at and updated_at, so tests can
// assert on timestamps.
func WithClock(now func() time.Time) Option { return func(s *Server) { s.now = now } }

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
		APIKey:    DefaultAPIKey,
		AccountID: DefaultAccountID,
		UserID:    DefaultUserID,
		now:       time.Now,
	}
	for _, o := range opts {
		o(s)
	}
	s.state = newState(s)
	validator := fakes.MustValidator(context.Background(), "activeprospect", specvalidate.Options{
		Authenticate: specvalidate.KeyEquals(s.APIKey),
		WriteError: func(w http.ResponseWriter, _ *http.Request, status int, msg string) {
			writeJSONError(w, status, msg)
		},
		OnResponseProblem: fakes.ReportProblems("activeprospecttest", t, s.state.addProblem),
	})
	strict := gen.NewStrictHandlerWithOptions(&handlers{s: s}, nil, gen.StrictHTTPServerOptions{
		RequestErrorHandlerFunc: func(w http.ResponseWriter, _ *http.Request, err error) {
			writeJSONError(w, http.StatusBadRequest, err.Error())
		},
		ResponseErrorHandlerFunc: func(w http.ResponseWriter, _ *http.Request, err error) {
			writeJSONError(w, http.StatusInternalServerError, err.Error())
		},
	})
	api := gen.HandlerWithOptions(strict, gen.StdHTTPServerOptions{
		ErrorHandlerFunc: func(w http.ResponseWriter, _ *http.Request, err error) {
			writeJSONError(w, http.StatusBadRequest, err.Error())
		},
	})
	s.httpServer = httptest.NewServer(s.state.record(wrapFaults(&s.faults, validator.Wrap(api))))
	s.URL = s.httpServer.URL
	return s
}

// Close shuts the fake down and waits for in-flight requests.
func (s *Server) Close() { s.httpServer.Close() }

// Client returns an *http.Client wired to the fake's listener.
func (s *Server) Client() *http.Client { return s.httpServer.Client() }

// authFailed is the body the real service sends with every 401.
const authFailed = "authentication failed"

// writeJSONError renders ActiveProspect's {"error": ...} body. A 401 always
// carries the service's fixed message, whatever the validator found wrong,
// because that is all the real API reveals. Other messages keep only their
// first line: the validator appends the offending schema and value below it,
// and the value may be a whole request body with a password in it.
func writeJSONError(w http.ResponseWriter, status int, msg string) {
	if status == http.StatusUnauthorized {
		msg = authFailed
	}
	msg, _, _ = strings.Cut(msg, "\n")
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(gen.Error{Error: msg})
}

// ensure the handlers satisfy the generated interface at compile time.
var _ gen.StrictServerInterface = (*handlers)(nil)

// wrapFaults puts the fault queue in front of next, rendering faults in this
// API's error shape.
func wrapFaults(q *fakes.Faults, next http.Handler) http.Handler {
	return q.Wrap(next, func(w http.ResponseWriter, _ *http.Request, status int, msg string) { writeJSONError(w, status, msg) })
}
