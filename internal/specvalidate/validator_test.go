package specvalidate_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/cdpkit/cdpkit/internal/specvalidate"
)

const key = "k-valid"

// newServer wraps handler with a validator for the Usermost document and
// records what the validator reports.
func newServer(t *testing.T, handler http.HandlerFunc) (*httptest.Server, *[]error) {
	t.Helper()
	var mu sync.Mutex
	var problems []error
	v, err := specvalidate.New(context.Background(), "usermost", specvalidate.Options{
		Authenticate: specvalidate.KeyEquals(key),
		WriteError: func(w http.ResponseWriter, _ *http.Request, status int, msg string) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			fmt.Fprintf(w, `{"response":{"status":"error","message":%q}}`, msg)
		},
		OnResponseProblem: func(_ *http.Request, err error) {
			mu.Lock()
			problems = append(problems, err)
			mu.Unlock()
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(v.Wrap(handler))
	t.Cleanup(srv.Close)
	return srv, &problems
}

func okEnvelope(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	io.WriteString(w, `{"response":{"status":"success","message":"success"}}`)
}

func TestRequestsAreCheckedAgainstTheDocument(t *testing.T) {
	t.Parallel()
	srv, _ := newServer(t, okEnvelope)
	tests := []struct {
		name, method, path, auth, body string
		wantStatus                     int
		wantMessage                    string
	}{
		{"valid", "POST", "/v1/accounts/lc/users", "Bearer " + key, `{"userId":"u1"}`, 200, "success"},
		{"wrong key", "POST", "/v1/accounts/lc/users", "Bearer nope", `{"userId":"u1"}`, 401, "security requirements failed"},
		{"no key", "POST", "/v1/accounts/lc/users", "", `{"userId":"u1"}`, 401, "security requirements failed"},
		{"body breaks schema", "POST", "/v1/accounts/lc/events", "Bearer " + key, `{"userId":"u1"}`, 400, "eventName"},
		{"wrong type", "POST", "/v1/accounts/lc/users", "Bearer " + key, `{"userId":42}`, 400, "userId"},
		{"unknown path", "POST", "/v1/nothing", "Bearer " + key, `{}`, 404, "no operation"},
		{"wrong method", "GET", "/v1/accounts/lc/users", "Bearer " + key, ``, 405, "not allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req, _ := http.NewRequest(tt.method, srv.URL+tt.path, strings.NewReader(tt.body))
			req.Header.Set("Content-Type", "application/json")
			if tt.auth != "" {
				req.Header.Set("Authorization", tt.auth)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.wantStatus || !strings.Contains(string(body), tt.wantMessage) {
				t.Errorf("got %d %s, want %d with %q", resp.StatusCode, body, tt.wantStatus, tt.wantMessage)
			}
		})
	}
}

func TestBadResponsesAreReported(t *testing.T) {
	t.Parallel()
	srv, problems := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"response":{"message":"status is missing"}}`)
	})
	req, _ := http.NewRequest("POST", srv.URL+"/v1/accounts/lc/users", strings.NewReader(`{"userId":"u1"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("status = %d, want 500 for a response the document forbids", resp.StatusCode)
	}
	if len(*problems) != 1 || !strings.Contains((*problems)[0].Error(), "status") {
		t.Errorf("problems = %v, want one naming the missing status", *problems)
	}
}

func TestNewNeedsAnErrorWriter(t *testing.T) {
	t.Parallel()
	if _, err := specvalidate.New(context.Background(), "usermost", specvalidate.Options{}); err == nil {
		t.Error("New without WriteError succeeded")
	}
	_, err := specvalidate.New(context.Background(), "nosuchapi", specvalidate.Options{WriteError: func(http.ResponseWriter, *http.Request, int, string) {}})
	if err == nil || !strings.Contains(err.Error(), "nosuchapi") {
		t.Errorf("error = %v, want one naming the unknown document", err)
	}
}
