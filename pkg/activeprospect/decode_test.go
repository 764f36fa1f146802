package activeprospect_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

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

// TestTimestampsThatAreNotRFC3339ReadAsZero: the vendor's own Account
// example has "cancelled_at": "string"; such a value must not fail the
// whole answer, while the other fields, and well-formed times, stay.
func TestTimestampsThatAreNotRFC3339ReadAsZero(t *testing.T) {
	t.Parallel()
	client := cannedClient(t, http.StatusOK, `{"id":"64acddadd9b866e066385bd6","name":"Acme, Inc.","api_key":"k",`+
		`"cancelled_at":"string","started_at":"","current_period_ends_at":"2024-04-01T00:00:00Z",`+
		`"connected_buyers":[{"id":"x","name":"string"}],"subscriptions":{"base":{"active_at":"soon","state":"active"}}}`)
	acct, err := client.Account.Get(context.Background())
	if err != nil {
		t.Fatalf("Account.Get: %v", err)
	}
	if !acct.CancelledAt.IsZero() || !acct.StartedAt.IsZero() || !acct.Subscriptions.Base.ActiveAt.IsZero() {
		t.Errorf("unparseable times = %v, %v, %v; want zero", acct.CancelledAt, acct.StartedAt, acct.Subscriptions.Base.ActiveAt)
	}
	if want := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC); !acct.CurrentPeriodEndsAt.Equal(want) {
		t.Errorf("current_period_ends_at = %v, want %v", acct.CurrentPeriodEndsAt, want)
	}
	if acct.Name != "Acme, Inc." || acct.APIKey != "k" || acct.Subscriptions.Base.State != "active" || len(acct.ConnectedBuyers) != 1 {
		t.Errorf("other fields lost: %+v", acct)
	}
	// A time field that is not a string at all is still an error.
	client = cannedClient(t, http.StatusOK, `{"id":"64acddadd9b866e066385bd6","started_at":42}`)
	if _, err := client.Account.Get(context.Background()); err == nil {
		t.Error("a number in a time field decoded without error")
	}
}
