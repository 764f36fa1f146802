package activeprospect_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cdpkit/cdpkit/pkg/activeprospect"
	"github.com/cdpkit/cdpkit/pkg/option"
)

func cannedClient(t *testing.T, status int, body string) *activeprospect.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	client, err := activeprospect.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey("k"), option.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return client
}

func TestSSOSyncThatReportsFailureIsAnError(t *testing.T) {
	t.Parallel()
	client := cannedClient(t, http.StatusOK, `{"success":false,"account":{"id":"64acddadd9b866e066385bd6"}}`)
	_, err := client.Account.SyncFromSSO(context.Background(), "6493820b542ea0521e2a4543")
	var apiErr *activeprospect.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusOK || apiErr.Code != "failure_reported" ||
		apiErr.Operation != "syncAccountFromSSO" || !strings.Contains(apiErr.Message, "success=false") {
		t.Errorf("error = %#v, want a failure_reported *Error naming the operation", err)
	}
}

// TestUndecodable2xxIsAnErrorWithoutTheBody: a success answer the client
// cannot read is an *Error naming the operation and status, and it does not
// carry the body, which may hold a password.
func TestUndecodable2xxIsAnErrorWithoutTheBody(t *testing.T) {
	t.Parallel()
	const secret = "pw-in-a-broken-answer"
	ctx := context.Background()
	bodies := map[string]string{
		"wrong type": `{"id":5,"password":"` + secret + `"}`,
		"truncated":  `{"id":"5fd4371e940df5a34a3888b2","password":"` + secret,
		"null":       `null`,
		"empty":      ``,
	}
	for label, body := range bodies {
		client := cannedClient(t, http.StatusOK, body)
		calls := map[string]func() error{
			"getCredential":        func() error { _, err := client.Credentials.Get(ctx, "5fd4371e940df5a34a3888b2"); return err },
			"listCredentials":      func() error { _, err := client.Credentials.List(ctx); return err },
			"getAuthenticatedUser": func() error { _, err := client.User.Get(ctx); return err },
			"getAccount":           func() error { _, err := client.Account.Get(ctx); return err },
		}
		for op, call := range calls {
			err := call()
			var apiErr *activeprospect.Error
			if !errors.As(err, &apiErr) || apiErr.Operation != op || apiErr.StatusCode != http.StatusOK || apiErr.Code != "undecodable_response" {
				t.Errorf("%s with a %s body: error = %v, want an undecodable *Error for %s", op, label, err, op)
				continue
			}
			if len(apiErr.Body) != 0 || strings.Contains(err.Error(), secret) {
				t.Errorf("%s with a %s body: the error keeps the answer: %q", op, label, err)
			}
		}
	}
}
