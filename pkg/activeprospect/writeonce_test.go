package activeprospect_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit"

	"github.com/cdpkit/cdpkit/internal/faultproxy"
	"github.com/cdpkit/cdpkit/pkg/activeprospect"
	"github.com/cdpkit/cdpkit/pkg/activeprospect/activeprospecttest"
	"github.com/cdpkit/cdpkit/pkg/option"
)

// lostAnswers puts a fault proxy in front of a fake that lets every request
// reach the fake, which stores it, and then resets the connection before
// the answer: the case where only the API could tell a retry from a new
// request. The client retries up to 3 times.
func lostAnswers(t *testing.T) (*activeprospecttest.Server, *faultproxy.Proxy, *activeprospect.Client) {
	t.Helper()
	srv := activeprospecttest.NewServer(t)
	proxy := faultproxy.Start(t, faultproxy.Config{Upstream: srv.URL,
		Rates: []faultproxy.Weighted{{Fault: faultproxy.Fault{Kind: faultproxy.ResetAfterUpstream}, Rate: 1}}})
	client, err := activeprospect.NewClient(option.WithBaseURL(proxy.URL()), option.WithAPIKey(srv.APIKey),
		option.WithMaxRetries(3), option.WithBackoff(time.Millisecond, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	return srv, proxy, client
}

// TestWritesTheAPICannotDeduplicateAreSentOnce covers issue 18 #4: a POST
// that creates or runs something is never resent after the body may have
// reached the server, while an idempotent PUT is retried as usual.
func TestWritesTheAPICannotDeduplicateAreSentOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	settings := activeprospect.UserSettings{Notifications: activeprospect.NotificationSettings{
		ConnectionInvites: activeprospect.NotificationSetting{Enabled: cdpkit.Ptr(true)},
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
		srv, proxy, client := lostAnswers(t)
		if err := call(client); err == nil {
			t.Errorf("%s: no error although no answer came", name)
		}
		if n := proxy.Count(faultproxy.ResetAfterUpstream); n != 1 || srv.Stats().Requests != 1 {
			t.Errorf("%s: the fake received the write %d times (%d lost answers), want once", name, srv.Stats().Requests, n)
		}
	}
	// The credential the lost answer was about is stored, once.
	srv, _, client := lostAnswers(t)
	_ = sentOnce["Credentials.Create"](client)
	if n := srv.Stats().Credentials; n != 1 {
		t.Errorf("fake holds %d credentials after a lost answer, want 1", n)
	}
	retried := map[string]func(*activeprospect.Client) error{
		"Account.Update": func(c *activeprospect.Client) error {
			_, err := c.Account.Update(ctx, activeprospect.AccountUpdate{DataRetentionInDays: cdpkit.Ptr(30)})
			return err
		},
		"User.UpdateSettings": func(c *activeprospect.Client) error {
			_, err := c.User.UpdateSettings(ctx, activeprospecttest.DefaultUserID, settings)
			return err
		},
	}
	for name, call := range retried {
		srv, _, client := lostAnswers(t)
		_ = call(client)
		if n := srv.Stats().Requests; n != 4 {
			t.Errorf("%s: %d attempts reached the fake, want 4 (1 + 3 retries): an idempotent write is retried", name, n)
		}
	}
}

func TestSendOnceWritesAreNotRetriedOnA5xxEither(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t)
	srv.InjectFaults(activeprospecttest.Fault{Status: http.StatusBadGateway}, activeprospecttest.Fault{Status: http.StatusBadGateway})
	ctx := context.Background()
	if _, err := client.User.CreateSettings(ctx, activeprospect.UserSettings{}); !cdpkit.IsServerError(err) {
		t.Errorf("CreateSettings: error = %v, want the 502", err)
	}
	if _, err := client.Account.SyncFromSSO(ctx, activeprospecttest.DefaultAccountSSOID); !cdpkit.IsServerError(err) {
		t.Errorf("SyncFromSSO: error = %v, want the 502", err)
	}
	if n := srv.Stats().Requests; n != 2 {
		t.Errorf("fake saw %d requests, want 2 (one per call)", n)
	}
}
