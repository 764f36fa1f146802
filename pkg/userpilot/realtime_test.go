package userpilot_test

import (
	"context"
	"errors"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/userpilot"
	"github.com/cdpkit/cdpkit/pkg/userpilot/userpilottest"
)

func TestIdentifyTrackAndCompanyAreStored(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t, nil)
	ctx := context.Background()
	signedUp := time.Date(2024, 3, 15, 9, 30, 0, 0, time.FixedZone("CET", 3600))
	type plan string
	if err := client.Identify(ctx, userpilot.User{
		UserID: "u1", CompanyID: "acme",
		Metadata: userpilot.Metadata{"name": "Ada", "seats": 12, "trial": false, "plan": plan("pro"), "created_at": signedUp},
	}); err != nil {
		t.Fatal(err)
	}
	// A second identify merges; nil removes a property.
	if err := client.Identify(ctx, userpilot.User{UserID: "u1", Metadata: userpilot.Metadata{"trial": nil, "role": "admin"}}); err != nil {
		t.Fatal(err)
	}
	if err := client.IdentifyCompany(ctx, userpilot.Company{CompanyID: "acme", Metadata: userpilot.Metadata{"industry": "SaaS"}}); err != nil {
		t.Fatal(err)
	}
	if err := client.Track(ctx, userpilot.Event{UserID: "u1", EventName: "report_exported", Metadata: userpilot.Metadata{"rows": 120}}); err != nil {
		t.Fatal(err)
	}

	u, ok := srv.User("u1")
	if !ok {
		t.Fatal("user not stored")
	}
	want := map[string]any{"name": "Ada", "seats": 12.0, "plan": "pro", "role": "admin", "created_at": "2024-03-15T08:30:00Z"}
	for k, v := range want {
		if u.Metadata[k] != v {
			t.Errorf("metadata[%q] = %#v, want %#v", k, u.Metadata[k], v)
		}
	}
	if _, ok := u.Metadata["trial"]; ok {
		t.Error("trial was not removed by nil")
	}
	if u.CompanyID != "acme" {
		t.Errorf("company = %q, want acme", u.CompanyID)
	}
	if c, ok := srv.Company("acme"); !ok || c.Metadata["industry"] != "SaaS" {
		t.Errorf("company = %+v, %v", c, ok)
	}
	if ev := srv.EventsFor("u1"); len(ev) != 1 || ev[0].EventName != "report_exported" || ev[0].Metadata["rows"] != 120.0 {
		t.Errorf("events = %+v", ev)
	}
}

func TestInputRejectedBeforeAnyRequest(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t, nil)
	ctx := context.Background()
	tests := []struct {
		name      string
		call      func() error
		wantField string
		wantText  string
	}{
		{"nested map", func() error {
			return client.Identify(ctx, userpilot.User{UserID: "u", Metadata: userpilot.Metadata{"address": map[string]any{"city": "Oslo"}}})
		}, `user.metadata["address"]`, "map[string]interface {}"},
		{"slice", func() error {
			return client.Track(ctx, userpilot.Event{UserID: "u", EventName: "e", Metadata: userpilot.Metadata{"tags": []string{"a"}}})
		}, `event.metadata["tags"]`, "[]string"},
		{"struct", func() error {
			return client.IdentifyCompany(ctx, userpilot.Company{CompanyID: "c", Metadata: userpilot.Metadata{"owner": struct{ Name string }{"x"}}})
		}, `company.metadata["owner"]`, "struct"},
		{"NaN", func() error {
			return client.Track(ctx, userpilot.Event{UserID: "u", EventName: "e", Metadata: userpilot.Metadata{"score": math.NaN()}})
		}, `event.metadata["score"]`, "NaN"},
		{"pointer to slice", func() error {
			return client.Identify(ctx, userpilot.User{UserID: "u", Metadata: userpilot.Metadata{"ids": &[]int{1}}})
		}, `user.metadata["ids"]`, "[]int"},
		{"empty key", func() error {
			return client.Identify(ctx, userpilot.User{UserID: "u", Metadata: userpilot.Metadata{"": "x"}})
		}, `user.metadata[""]`, "empty property name"},
		{"no user id", func() error { return client.Identify(ctx, userpilot.User{}) }, "user.user_id", "empty"},
		{"no event name", func() error { return client.Track(ctx, userpilot.Event{UserID: "u"}) }, "event.event_name", "empty"},
		{"no company id", func() error { return client.IdentifyCompany(ctx, userpilot.Company{}) }, "company.company_id", "empty"},
		{"bad bulk record", func() error {
			_, err := client.BulkIdentifyUsers(ctx, []userpilot.User{{UserID: "a"}, {UserID: "b"}, {UserID: "c", Metadata: userpilot.Metadata{"x": []any{1}}}})
			return err
		}, `users[2].metadata["x"]`, "[]interface {}"},
		{"delete nothing", func() error { _, err := client.DeleteUsers(ctx); return err }, "users", "empty"},
	}
	for _, tt := range tests {
		err := tt.call()
		var verr *userpilot.ValidationError
		if !errors.As(err, &verr) {
			t.Errorf("%s: error = %v, want a *ValidationError", tt.name, err)
			continue
		}
		if verr.Field != tt.wantField || verr.Fix == "" || !strings.Contains(err.Error(), tt.wantText) {
			t.Errorf("%s: field = %q, error %q; want field %q, a fix and %q in the text", tt.name, verr.Field, err, tt.wantField, tt.wantText)
		}
	}
	if n := srv.Stats().Requests; n != 0 {
		t.Errorf("fake saw %d requests, want 0: invalid input must not be sent", n)
	}
}

func TestRealTimeCallsAreRateLimitedClientSide(t *testing.T) {
	t.Parallel()
	// 120 per minute with a burst of 10: the 12th call waits about one second.
	_, client := newTestClient(t, nil, userpilot.WithRateLimits(userpilot.RateLimits{RealTimePerMinute: 120}))
	start := time.Now()
	for i := range 12 {
		if err := client.Track(context.Background(), userpilot.Event{UserID: "u", EventName: "tick", Metadata: userpilot.Metadata{"i": i}}); err != nil {
			t.Fatal(err)
		}
	}
	if elapsed := time.Since(start); elapsed < 800*time.Millisecond {
		t.Errorf("12 calls at 2/s after a burst of 10 took %v, want about 1 s", elapsed)
	}
}

func TestServerRateLimitIsRetriedAfterRetryAfter(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t, []userpilottest.Option{userpilottest.WithRateLimit(3, time.Second)})
	ctx := context.Background()
	start := time.Now()
	for i := range 5 {
		if err := client.Identify(ctx, userpilot.User{UserID: "u", Metadata: userpilot.Metadata{"i": i}}); err != nil {
			t.Fatalf("identify %d: %v", i, err)
		}
	}
	if st := srv.Stats(); st.RateLimited == 0 {
		t.Errorf("fake never answered 429 (stats %+v)", st)
	}
	if time.Since(start) < 500*time.Millisecond {
		t.Errorf("took %v: the client did not wait for Retry-After", time.Since(start))
	}

	// Without retries the 429 surfaces, typed, with the server's Retry-After.
	noRetry := mustClient(t, srv, option.WithMaxRetries(0))
	var err error
	for range 5 {
		if err = noRetry.Identify(ctx, userpilot.User{UserID: "v"}); err != nil {
			break
		}
	}
	var apiErr *userpilot.Error
	if !errors.As(err, &apiErr) || !userpilot.IsRateLimited(err) || apiErr.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("error = %v, want a 429 *userpilot.Error", err)
	}
	if apiErr.RetryAfter <= 0 || apiErr.RetryAfter > time.Second {
		t.Errorf("RetryAfter = %v, want the fake's 1s", apiErr.RetryAfter)
	}
}
