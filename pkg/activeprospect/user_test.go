package activeprospect_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit"

	"github.com/cdpkit/cdpkit/pkg/activeprospect"
	"github.com/cdpkit/cdpkit/pkg/activeprospect/activeprospecttest"
	"github.com/cdpkit/cdpkit/pkg/option"
)

func TestUserUpdateSetsAndClearsUIFlags(t *testing.T) {
	t.Parallel()
	at := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	srv := activeprospecttest.NewServer(t, activeprospecttest.WithClock(func() time.Time { return at }))
	client, err := activeprospect.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey(srv.APIKey))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	set := activeprospect.UserUpdate{UIState: activeprospect.UserUIStateUpdate{HasSeenFreeAccountModal: cdpkit.Ptr(true)}}
	user, err := client.User.Update(ctx, srv.UserID, set)
	if err != nil {
		t.Fatal(err)
	}
	if got := user.UIState.HasSeenFreeAccountModal; got == nil || !got.Equal(at) {
		t.Errorf("flag after setting = %v, want %v", got, at)
	}
	if req, _ := srv.LastRequest(http.MethodPut, "/user/"+srv.UserID); string(req.Body) != `{"ui_state":{"has_seen_free_account_modal":true}}` {
		t.Errorf("body on the wire = %s", req.Body)
	}
	clear := activeprospect.UserUpdate{UIState: activeprospect.UserUIStateUpdate{HasSeenFreeAccountModal: cdpkit.Ptr(false)}}
	user, err = client.User.Update(ctx, srv.UserID, clear)
	if err != nil {
		t.Fatal(err)
	}
	if got := user.UIState.HasSeenFreeAccountModal; got != nil {
		t.Errorf("flag after clearing = %v, want nil", got)
	}
	if req, _ := srv.LastRequest(http.MethodPut, "/user/"+srv.UserID); string(req.Body) != `{"ui_state":{"has_seen_free_account_modal":false}}` {
		t.Errorf("a false flag must be sent, body on the wire = %s", req.Body)
	}
	if _, err := client.User.Update(ctx, "000000000000000000000000", set); !cdpkit.IsNotFound(err) {
		t.Errorf("unknown user: error = %v, want 404", err)
	}
	before := srv.Stats().Requests
	var verr *activeprospect.ValidationError
	if _, err := client.User.Update(ctx, srv.UserID, activeprospect.UserUpdate{}); !errors.As(err, &verr) || verr.Field != "update" {
		t.Errorf("empty update: error = %v, want a *ValidationError for update", err)
	}
	if _, err := client.User.Update(ctx, "not-an-id", set); !errors.As(err, &verr) || verr.Field != "userID" {
		t.Errorf("bad id: error = %v, want a *ValidationError for userID", err)
	}
	if n := srv.Stats().Requests; n != before {
		t.Errorf("invalid updates sent %d requests", n-before)
	}
}

func TestUserCarriesTheDocumentedFields(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t)
	user, err := client.User.Get(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := srv.User()
	if user.Membership["role"] != want.Membership["role"] || user.Permissions["manage_users"] != true ||
		len(user.Subscriptions) != 1 || user.Subscriptions[0]["product"] != "lcx" {
		t.Errorf("membership %v, permissions %v, subscriptions %v: want the fake's", user.Membership, user.Permissions, user.Subscriptions)
	}
	if user.ZendeskJWT.Reveal() != activeprospecttest.DefaultZendeskJWT {
		t.Errorf("ZendeskJWT.Reveal() = %q, want the token the API sent", user.ZendeskJWT.Reveal())
	}
	// The token is a secret: no print path shows it, nor the API key.
	assertRedacted(t, "User", *user, []string{activeprospecttest.DefaultZendeskJWT, srv.APIKey}, "janedoe@company.com", "manage_users")
	assertRedacted(t, "User.ZendeskJWT", user.ZendeskJWT, []string{activeprospecttest.DefaultZendeskJWT})
}
