package userlot_test

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit"

	"github.com/cdpkit/cdpkit/pkg/userlot"
)

func TestIdentifyCreatesAndLinks(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t)
	ctx := context.Background()
	in := userlot.IdentifyRequest{UserEmail: "ada@example.com", UserExternalID: "u-1", CompanyName: "Acme", CompanyExternalID: "acme-1"}
	for range 2 { // identifying twice must not duplicate anything
		if err := client.Identify(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	company, ok := srv.CompanyByExternalID("acme-1")
	if !ok || deref(company.Name) != "Acme" {
		t.Fatalf("company = %+v, %t", company, ok)
	}
	user, ok := srv.EndUserByExternalID("u-1")
	if !ok || deref(user.CompanyID) != deref(company.ID) || deref(user.Email) != "ada@example.com" {
		t.Fatalf("user = %+v, %t; want it linked to %s", user, ok, deref(company.ID))
	}
	if st := srv.Stats(); st.Companies != 1 || st.EndUsers != 1 || st.Identifies != 2 {
		t.Errorf("stats = %+v", st)
	}
}

func TestTrackEventValues(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t)
	ctx := context.Background()
	if err := client.Identify(ctx, userlot.IdentifyRequest{UserExternalID: "u-1", UserEmail: "ada@example.com", CompanyExternalID: "acme-1"}); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 3, 15, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		value userlot.EventValue
	}{
		{"number", userlot.NumberValue(120.5)},
		{"text", userlot.TextValue("csv")},
		{"time", userlot.TimeValue(at)},
		{"none", userlot.EventValue{}},
	}
	for _, tt := range tests {
		if err := client.TrackEvent(ctx, userlot.Event{Name: "report_exported", UserExternalID: "u-1", Value: tt.value, OccurredAt: at}); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
	}
	events := srv.Events()
	if len(events) != 4 {
		t.Fatalf("stored %d events, want 4", len(events))
	}
	if n, err := events[0].Value.AsEventNumber(); err != nil || n != 120.5 {
		t.Errorf("number value = %v, %v", n, err)
	}
	if s, err := events[1].Value.AsEventText(); err != nil || s != "csv" {
		t.Errorf("text value = %q, %v", s, err)
	}
	if tv, err := events[2].Value.AsEventTime(); err != nil || !tv.Equal(at) {
		t.Errorf("time value = %v, %v", tv, err)
	}
	if events[3].Value != nil || events[3].OccurredAt == nil || !events[3].OccurredAt.Equal(at) {
		t.Errorf("event without value = %+v", events[3])
	}
	if got := userlot.TimeValue(at).String() + " " + userlot.NumberValue(2).String() + " " + userlot.TextValue("a").String(); got != `2024-03-15T09:00:00Z 2 "a"` {
		t.Errorf("String = %s", got)
	}
}

func TestTrackEventForAnUnknownUserIsUnprocessable(t *testing.T) {
	t.Parallel()
	_, client := newTestClient(t)
	err := client.TrackEvent(context.Background(), userlot.Event{Name: "report_exported", UserExternalID: "nobody"})
	if !cdpkit.IsUnprocessable(err) || len(userlot.FieldErrors(err)["user_external_id"]) != 1 {
		t.Errorf("error = %v, want a 422 about user_external_id", err)
	}
}

func TestEventInputRejectedBeforeAnyRequest(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t)
	ctx := context.Background()
	tests := []struct {
		name  string
		call  func() error
		field string
	}{
		{"event without name", func() error { return client.TrackEvent(ctx, userlot.Event{UserExternalID: "u"}) }, "Event.Name"},
		{"event without user", func() error { return client.TrackEvent(ctx, userlot.Event{Name: "x"}) }, "Event.UserExternalID"},
		{"NaN value", func() error {
			return client.TrackEvent(ctx, userlot.Event{Name: "x", UserExternalID: "u", Value: userlot.NumberValue(math.NaN())})
		}, "Event.Value"},
		{"identify without user", func() error { return client.Identify(ctx, userlot.IdentifyRequest{CompanyExternalID: "c"}) }, "UserExternalID"},
		{"identify with a bad e-mail", func() error { return client.Identify(ctx, userlot.IdentifyRequest{UserEmail: "nope"}) }, "UserEmail"},
	}
	for _, tt := range tests {
		var verr *userlot.ValidationError
		if err := tt.call(); !errors.As(err, &verr) || verr.Field != tt.field {
			t.Errorf("%s: error = %v, want a *ValidationError for %s", tt.name, err, tt.field)
		}
	}
	if n := srv.Stats().Requests; n != 0 {
		t.Errorf("fake saw %d requests, want 0", n)
	}
}

func TestListProducts(t *testing.T) {
	t.Parallel()
	_, client := newTestClient(t)
	products, err := client.ListProducts(context.Background())
	if err != nil || len(products) != 1 || products[0].Name != "Default product" {
		t.Errorf("ListProducts = %+v, %v", products, err)
	}
}
