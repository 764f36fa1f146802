package userpilot_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit"

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
		{"+Inf", func() error {
			return client.Identify(ctx, userpilot.User{UserID: "u", Metadata: userpilot.Metadata{"score": math.Inf(1)}})
		}, `user.metadata["score"]`, "+Inf"},
		{"-Inf float32", func() error {
			return client.IdentifyCompany(ctx, userpilot.Company{CompanyID: "c", Metadata: userpilot.Metadata{"score": float32(math.Inf(-1))}})
		}, `company.metadata["score"]`, "-Inf"},
		{"event without a user", func() error { return client.Track(ctx, userpilot.Event{EventName: "e"}) }, "event.user_id", "empty"},
		{"event with a blank user", func() error { return client.Track(ctx, userpilot.Event{UserID: " \t", EventName: "e"}) }, "event.user_id", "empty"},
		{"company properties without a company", func() error {
			return client.Identify(ctx, userpilot.User{UserID: "u", Company: userpilot.Metadata{"name": "Acme"}})
		}, "user.company", "CompanyID is empty"},
		{"company id as a property", func() error {
			return client.Identify(ctx, userpilot.User{UserID: "u", CompanyID: "c", Company: userpilot.Metadata{"company_id": "d"}})
		}, `user.company["company_id"]`, "id key"},
		{"company properties in bulk", func() error {
			_, err := client.BulkIdentifyUsers(ctx, []userpilot.User{{UserID: "a", CompanyID: "c", Company: userpilot.Metadata{"name": "x"}}})
			return err
		}, "users[0].company", "bulk records"},
		{"empty users", func() error { _, err := client.BulkIdentifyUsers(ctx, nil); return err }, "users", "empty"},
		{"empty companies", func() error { _, err := client.BulkIdentifyCompanies(ctx, []userpilot.Company{}); return err }, "companies", "empty"},
		{"empty users sequence", func() error {
			_, err := client.BulkIdentifyUsersSeq(ctx, func(func(userpilot.User, error) bool) {})
			return err
		}, "users", "empty"},
		{"empty companies sequence", func() error {
			_, err := client.BulkIdentifyCompaniesSeq(ctx, func(func(userpilot.Company, error) bool) {})
			return err
		}, "companies", "empty"},
		{"empty users stream", func() error { _, err := client.BulkIdentifyUsersNDJSON(ctx, strings.NewReader("\n\n")); return err }, "users", "empty"},
		{"empty companies stream", func() error { _, err := client.BulkIdentifyCompaniesNDJSON(ctx, strings.NewReader("")); return err }, "companies", "empty"},
		{"nil users sequence", func() error { _, err := client.BulkIdentifyUsersSeq(ctx, nil); return err }, "users", "nil"},
		{"nil stream", func() error { _, err := client.BulkIdentifyCompaniesNDJSON(ctx, (*strings.Reader)(nil)); return err }, "r", "nil"},
		{"nil import", func() error { _, err := client.Import(ctx, (*os.File)(nil)); return err }, "r", "nil"},
		{"invalid UTF-8 property name", func() error {
			return client.Identify(ctx, userpilot.User{UserID: "u", Metadata: userpilot.Metadata{"\xff": 1}})
		}, `user.metadata["\xff"]`, "UTF-8"},
		{"invalid UTF-8 value", func() error {
			return client.Track(ctx, userpilot.Event{UserID: "u", EventName: "e", Metadata: userpilot.Metadata{"name": "\xca"}})
		}, `event.metadata["name"]`, "UTF-8"},
		{"invalid UTF-8 user id", func() error { return client.Identify(ctx, userpilot.User{UserID: "u\xff"}) }, "user.user_id", "UTF-8"},
		{"NDJSON line that is not an object", func() error {
			_, err := client.BulkIdentifyUsersNDJSON(ctx, strings.NewReader("null\n"))
			return err
		}, "line 1", "not a JSON object"},
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
	// A result with no jobs (as a refused bulk update leaves) has a zero
	// last job instead of a panic.
	if job := (&userpilot.BulkResult{}).LastJob(); job.JobID != "" {
		t.Errorf("LastJob of an empty result = %+v", job)
	}
	var none *userpilot.BulkResult
	if job := none.LastJob(); job.JobID != "" {
		t.Errorf("LastJob of a nil result = %+v", job)
	}
}

func TestARaw409IsARunningJob(t *testing.T) {
	t.Parallel()
	conflict := &userpilot.Error{API: "userpilot", StatusCode: http.StatusConflict}
	if !userpilot.IsJobRunning(conflict) || !userpilot.IsJobRunning(fmt.Errorf("wrapped: %w", conflict)) {
		t.Error("a 409 *Error is not recognised as a running job")
	}
	if userpilot.IsJobRunning(&userpilot.Error{StatusCode: http.StatusBadRequest}) || userpilot.IsJobRunning(errors.New("409")) {
		t.Error("something other than a 409 is taken for a running job")
	}
	if !userpilot.IsJobRunning(&userpilot.JobRunningError{Kind: userpilot.KindBulk, Err: conflict}) {
		t.Error("a *JobRunningError is not recognised")
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
	if !errors.As(err, &apiErr) || !cdpkit.IsRateLimited(err) || apiErr.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("error = %v, want a 429 *userpilot.Error", err)
	}
	if apiErr.RetryAfter <= 0 || apiErr.RetryAfter > time.Second {
		t.Errorf("RetryAfter = %v, want the fake's 1s", apiErr.RetryAfter)
	}
}
