package activeprospect_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit/pkg/activeprospect"
	"github.com/cdpkit/cdpkit/pkg/activeprospect/activeprospecttest"
	"github.com/cdpkit/cdpkit/pkg/option"
)

// lostAnswerServer reads each request in full, as a server that stores it
// would, and then drops the connection without answering: the case where
// only the API could tell a retry from a new request.
func lostAnswerServer(t *testing.T) (*activeprospect.Client, *atomic.Int64) {
	t.Helper()
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		requests.Add(1)
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		conn.Close()
	}))
	t.Cleanup(srv.Close)
	client, err := activeprospect.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey("k"),
		option.WithMaxRetries(3), option.WithBackoff(time.Millisecond, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	return client, &requests
}

// TestWritesTheAPICannotDeduplicateAreSentOnce covers issue 18 #4: a POST
// that creates something is never resent after the body may have reached
// the server, while an idempotent PUT is retried as usual.
func TestWritesTheAPICannotDeduplicateAreSentOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	settings := activeprospect.UserSettings{Notifications: activeprospect.NotificationSettings{
		ConnectionInvites: activeprospect.NotificationSetting{Enabled: activeprospect.Ptr(true)},
	}}
	sentOnce := map[string]func(*activeprospect.Client) error{
		"User.CreateSettings": func(c *activeprospect.Client) error { _, err := c.User.CreateSettings(ctx, settings); return err },
		"Account.SyncFromSSO": func(c *activeprospect.Client) error {
			_, err := c.Account.SyncFromSSO(ctx, activeprospecttest.DefaultAccountSSOID)
			return err
		},
		"Credentials.Create": func(c *activeprospect.Client) error {
			_, err := c.Credentials.Create(ctx, activeprospect.CredentialInput{Name: "n", Type: activeprospect.CredentialTypeUser, Package: "p", Username: "u", Password: activeprospect.NewSecret("pw")})
			return err
		},
	}
	for name, call := range sentOnce {
		client, requests := lostAnswerServer(t)
		if err := call(client); err == nil {
			t.Errorf("%s: no error although no answer came", name)
		}
		if n := requests.Load(); n != 1 {
			t.Errorf("%s: the server received the body %d times, want 1", name, n)
		}
	}
	retried := map[string]func(*activeprospect.Client) error{
		"Account.Update": func(c *activeprospect.Client) error {
			_, err := c.Account.Update(ctx, activeprospect.AccountUpdate{DataRetentionInDays: activeprospect.Ptr(30)})
			return err
		},
		"User.UpdateSettings": func(c *activeprospect.Client) error {
			_, err := c.User.UpdateSettings(ctx, activeprospecttest.DefaultUserID, settings)
			return err
		},
	}
	for name, call := range retried {
		client, requests := lostAnswerServer(t)
		_ = call(client)
		if n := requests.Load(); n != 4 {
			t.Errorf("%s: %d attempts, want 4 (1 + 3 retries): an idempotent write is retried", name, n)
		}
	}
}

func TestSendOnceWritesAreNotRetriedOnA5xxEither(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t)
	srv.InjectFaults(activeprospecttest.Fault{Status: http.StatusBadGateway}, activeprospecttest.Fault{Status: http.StatusBadGateway})
	ctx := context.Background()
	if _, err := client.User.CreateSettings(ctx, activeprospect.UserSettings{}); !activeprospect.IsServerError(err) {
		t.Errorf("CreateSettings: error = %v, want the 502", err)
	}
	if _, err := client.Account.SyncFromSSO(ctx, activeprospecttest.DefaultAccountSSOID); !activeprospect.IsServerError(err) {
		t.Errorf("SyncFromSSO: error = %v, want the 502", err)
	}
	if n := srv.Stats().Requests; n != 2 {
		t.Errorf("fake saw %d requests, want 2 (one per call)", n)
	}
}
