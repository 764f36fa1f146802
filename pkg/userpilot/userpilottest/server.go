package userpilottest

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	gen "github.com/cdpkit/cdpkit/gen/userpilot"
	"github.com/cdpkit/cdpkit/internal/fakes"
	"github.com/cdpkit/cdpkit/internal/specload"
	"github.com/cdpkit/cdpkit/internal/specvalidate"
)

// DefaultAPIKey is the key the fake accepts unless told otherwise.
const DefaultAPIKey = "userpilot-test-key"

// APIVersion is the only X-API-Version value the fake accepts.
const APIVersion = "2020-09-22"

// Server is a running fake. Its exported fields are what a client needs to
// reach it; the state it holds is read through its methods.
type Server struct {
	// URL is the base URL of the fake for both hosts, e.g.
	// http://127.0.0.1:41234.
	URL string
	// APIKey is the only key the fake accepts, sent as "Token <key>".
	APIKey string

	cfg        config
	clock      func() time.Time
	httpServer *httptest.Server
	state      *state
	faults     fakes.Faults
	limiter    *rateLimiter
	schemas    openapi3.Schemas
}

type config struct {
	stepDelay         time.Duration
	pageSize          int
	exportFileRows    int
	validatedImports  int
	rateLimit         int
	rateWindow        time.Duration
	maxStoredLogItems int
}

// Option configures a Server.
type Option func(*Server)

// WithAPIKey sets the key the fake accepts.
func WithAPIKey(key string) Option { return func(s *Server) { s.APIKey = key } }

// WithJobStepDelay sets how long a background or export job stays in each
// status. Zero makes jobs finish as soon as they are first looked at.
func WithJobStepDelay(d time.Duration) Option { return func(s *Server) { s.cfg.stepDelay = max(d, 0) } }

// WithClock makes the fake read the time from now instead of the system
// clock: job and export statuses (see WithJobStepDelay), their timestamps
// and the times of tracked events all follow it. Tests that must see every
// status of a job pass a clock they move themselves, such as a
// ManualClock's Now, instead of racing a real one.
func WithClock(now func() time.Time) Option { return func(s *Server) { s.clock = now } }

// WithPageSize sets how many items a page of a paginated lookup holds.
func WithPageSize(n int) Option { return func(s *Server) { s.cfg.pageSize = max(n, 1) } }

// WithRateLimit makes the fake answer 429 with Retry-After once more than
// limit API requests arrive within one window. Zero (the default) disables it.
func WithRateLimit(limit int, window time.Duration) Option {
	return func(s *Server) { s.cfg.rateLimit, s.cfg.rateWindow = limit, window }
}

// WithExportFileRows sets how many rows each file of an export holds, so
// tests can produce exports of several files.
func WithExportFileRows(n int) Option { return func(s *Server) { s.cfg.exportFileRows = max(n, 1) } }

// WithValidatedImportRows sets how many rows of each import upload are
// decoded, validated and kept; the remainder is only counted.
func WithValidatedImportRows(n int) Option {
	return func(s *Server) { s.cfg.validatedImports = max(n, 0) }
}

// New starts a fake. Call Close when done. A response that breaks the
// document is answered with a 500 and recorded in Problems.
func New(opts ...Option) *Server { return start(nil, opts) }

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
		APIKey: DefaultAPIKey,
		cfg: config{
			stepDelay:         20 * time.Millisecond,
			pageSize:          50,
			exportFileRows:    1000,
			validatedImports:  10_000,
			maxStoredLogItems: 100_000,
		},
	}
	for _, o := range opts {
		o(s)
	}
	s.state = newState(s.cfg, s.clock)
	s.limiter = newRateLimiter(s.cfg.rateLimit, s.cfg.rateWindow)

	ctx := context.Background()
	doc, err := specload.Load(ctx, "userpilot")
	if err != nil {
		// The embedded document is part of the build; failing to load it
		// is a programming error, not a runtime condition.
		panic(err)
	}
	s.schemas = doc.Components.Schemas
	validator := fakes.MustValidator(ctx, "userpilot", specvalidate.Options{
		Authenticate:      s.authenticate,
		WriteError:        writeError,
		SkipRequestBody:   isStreamedUpload,
		OnResponseProblem: fakes.ReportProblems("userpilottest", t, s.state.addProblem),
	})
	strict := gen.NewStrictHandlerWithOptions(&handlers{s: s}, nil, gen.StrictHTTPServerOptions{
		RequestErrorHandlerFunc: func(w http.ResponseWriter, r *http.Request, err error) {
			writeError(w, r, http.StatusBadRequest, err.Error())
		},
		ResponseErrorHandlerFunc: func(w http.ResponseWriter, r *http.Request, err error) {
			var he *httpError
			if errors.As(err, &he) {
				writeError(w, r, he.status, he.message)
				return
			}
			writeError(w, r, http.StatusInternalServerError, err.Error())
		},
	})
	api := gen.HandlerWithOptions(strict, gen.StdHTTPServerOptions{
		ErrorHandlerFunc: func(w http.ResponseWriter, r *http.Request, err error) {
			writeError(w, r, http.StatusBadRequest, err.Error())
		},
	})
	guarded := wrapFaults(&s.faults, s.limiter.wrap(validator.Wrap(requireAPIVersion(api))))

	root := http.NewServeMux()
	root.Handle(downloadPrefix, http.HandlerFunc(s.serveDownload))
	root.Handle("/", guarded)
	s.httpServer = httptest.NewServer(s.state.count(root))
	s.URL = s.httpServer.URL
	return s
}

// Close shuts the fake down and waits for in-flight requests.
func (s *Server) Close() { s.httpServer.Close() }

// Client returns an *http.Client wired to the fake's listener.
func (s *Server) Client() *http.Client { return s.httpServer.Client() }

// authenticate accepts exactly "Token <APIKey>"; the scheme word is
// compared case-insensitively because older vendor pages write "token".
func (s *Server) authenticate(r *http.Request, scheme *openapi3.SecurityScheme) error {
	got, err := specvalidate.Credential(r, scheme)
	if err != nil {
		return err
	}
	word, key, ok := strings.Cut(got, " ")
	if !ok || !strings.EqualFold(word, "Token") {
		return errors.New(`the Authorization header must be "Token <API key>"`)
	}
	if subtle.ConstantTimeCompare([]byte(key), []byte(s.APIKey)) != 1 {
		return errors.New("invalid API key (use the environment's API key, not the App Token)")
	}
	return nil
}

// isStreamedUpload reports multipart uploads the validator must not buffer:
// chunked ones and those over 1 MiB. Their bodies are validated line by
// line by the handlers instead.
func isStreamedUpload(r *http.Request) bool {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		return false
	}
	return r.ContentLength < 0 || r.ContentLength > 1<<20
}

// versionRequired lists the operations whose prose marks X-API-Version as
// required; elsewhere a wrong value is still rejected.
var versionRequired = map[string]bool{
	"POST /v1/identify": true, "POST /v1/track": true,
	"DELETE /v1/users": true, "DELETE /v1/companies": true,
}

func requireAPIVersion(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := r.Header.Get("X-API-Version")
		switch {
		case v == "" && versionRequired[r.Method+" "+r.URL.Path]:
			writeError(w, r, http.StatusBadRequest, "X-API-Version header is required; send "+APIVersion)
			return
		case v != "" && v != APIVersion:
			writeError(w, r, http.StatusBadRequest, fmt.Sprintf("unsupported X-API-Version %q; send %s", v, APIVersion))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// httpError lets a handler answer with an error status that the operation
// does not declare a typed response for.
type httpError struct {
	status  int
	message string
}

func (e *httpError) Error() string { return e.message }

// errorLabels gives each status the label and code the fake reports; the
// vendor publishes no catalogue, so these are descriptive.
var errorLabels = map[int][2]string{
	http.StatusBadRequest:            {"bad_request", "invalid_params"},
	http.StatusUnauthorized:          {"unauthorized", "invalid_api_key"},
	http.StatusNotFound:              {"not_found", "not_found"},
	http.StatusMethodNotAllowed:      {"method_not_allowed", "method_not_allowed"},
	http.StatusConflict:              {"conflict", "job_already_running"},
	http.StatusRequestEntityTooLarge: {"payload_too_large", "payload_too_large"},
	http.StatusTooManyRequests:       {"rate_limited", "too_many_requests"},
}

func errorBody(status int, message string) gen.ErrorResponse {
	label, ok := errorLabels[status]
	if !ok {
		label = [2]string{"server_error", "internal_error"}
	}
	detail := gen.ErrorDetail{Error: label[0], ErrorCode: label[1], Message: message}
	if status == http.StatusUnauthorized {
		detail.Message, detail.Details = "Invalid API key", message
	}
	return gen.ErrorResponse{Errors: []gen.ErrorDetail{detail}}
}

// writeError renders Userpilot's error envelope.
func writeError(w http.ResponseWriter, _ *http.Request, status int, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(errorBody(status, message))
}

// ensure the handlers satisfy the generated interface at compile time.
var _ gen.StrictServerInterface = (*handlers)(nil)

// wrapFaults puts the fault queue in front of next, rendering faults in this
// API's error shape.
func wrapFaults(q *fakes.Faults, next http.Handler) http.Handler {
	return q.Wrap(next, writeError)
}
