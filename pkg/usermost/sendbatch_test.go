package usermost_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/usermost"
)

func TestSendBatchSendsOneRequestWithTheCallersID(t *testing.T) {
	t.Parallel()
	var (
		mu  sync.Mutex
		ids []string
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		ids = append(ids, r.Header.Get("x-request-id"))
		mu.Unlock()
		if r.URL.Path != "/v1/accounts/lc/eventsBatch" {
			t.Errorf("path = %s", r.URL.Path)
		}
		_, _ = w.Write([]byte(`{"response":{"status":"success","message":"success"}}`))
	}))
	defer srv.Close()
	client, err := usermost.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey("k"), usermost.WithLicenseCode("lc"))
	if err != nil {
		t.Fatal(err)
	}
	const id = "00ff00ff00ff00ff"
	res, err := client.SendBatch(context.Background(), id, makeEvents(usermost.MaxBatchSize))
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != "success" {
		t.Errorf("status = %q", res.Status)
	}
	if len(ids) != 1 || ids[0] != id {
		t.Errorf("request ids on the wire = %q, want exactly one request carrying %q", ids, id)
	}
}

func TestSendBatchIsStoredOncePerRequestID(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t)
	events := makeEvents(3)
	for range 2 {
		if _, err := client.SendBatch(context.Background(), "abcdef0123456789", events); err != nil {
			t.Fatal(err)
		}
	}
	st := srv.Stats()
	if st.Requests != 2 || st.Events != 3 || st.DuplicateRequests != 1 {
		t.Errorf("fake stats = %+v, want 2 requests, 3 events stored once, 1 duplicate", st)
	}
	for i, e := range srv.Events() {
		if e.EventName != events[i].EventName {
			t.Errorf("event %d = %q, want %q", i, e.EventName, events[i].EventName)
		}
	}
}

func TestSendBatchRejectsBadInputBeforeSending(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t)
	good := makeEvents(3)
	withBad := func(i int) []usermost.Event {
		events := makeEvents(5)
		events[i] = usermost.Event{UserID: "u"} // no name
		return events
	}
	tests := []struct {
		name      string
		id        string
		events    []usermost.Event
		wantField string
	}{
		{"no events", "abcdef0123456789", nil, "events"},
		{"empty slice", "abcdef0123456789", []usermost.Event{}, "events"},
		{"one event too many", "abcdef0123456789", makeEvents(usermost.MaxBatchSize + 1), "events"},
		{"first event invalid", "abcdef0123456789", withBad(0), "events[0].eventName"},
		{"middle event invalid", "abcdef0123456789", withBad(2), "events[2].eventName"},
		{"last event invalid", "abcdef0123456789", withBad(4), "events[4].eventName"},
		{"event without ids", "abcdef0123456789", []usermost.Event{{EventName: "A"}}, "events[0]"},
		{"empty request id", "", good, "x-request-id"},
		{"request id too short", "abcdef0", good, "x-request-id"},
		{"request id too long", strings.Repeat("a", 65), good, "x-request-id"},
		{"request id not hex", "abcdefgh01234567", good, "x-request-id"},
		{"request id with a newline", "abcdef0123456789\n", good, "x-request-id"},
	}
	for _, tt := range tests {
		_, err := client.SendBatch(context.Background(), tt.id, tt.events)
		var verr *usermost.ValidationError
		if !errors.As(err, &verr) || verr.Field != tt.wantField || verr.Fix == "" {
			t.Errorf("%s: error = %v, want a *ValidationError for %q with a fix", tt.name, err, tt.wantField)
		}
	}
	if n := srv.Stats().Requests; n != 0 {
		t.Errorf("fake saw %d requests, want 0", n)
	}
	// The bounds themselves are accepted.
	for _, tt := range []struct {
		id string
		n  int
	}{{"abcdef01", 1}, {strings.Repeat("F", 64), usermost.MaxBatchSize}} {
		if _, err := client.SendBatch(context.Background(), tt.id, makeEvents(tt.n)); err != nil {
			t.Errorf("SendBatch(%d-character id, %d events): %v", len(tt.id), tt.n, err)
		}
	}
}

// TestEventNamesAreMeasuredInCharacters: the limit is 49 characters, so a
// name of 49 two-byte characters (98 bytes) passes and one of 50 does not,
// through every method that checks names, and the fake agrees.
func TestEventNamesAreMeasuredInCharacters(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t)
	ctx := context.Background()
	calls := map[string]func(usermost.Event) error{
		"TrackEvent":  func(e usermost.Event) error { _, err := client.TrackEvent(ctx, e); return err },
		"TrackEvents": func(e usermost.Event) error { _, err := client.TrackEvents(ctx, []usermost.Event{e}); return err },
		"SendBatch": func(e usermost.Event) error {
			_, err := client.SendBatch(ctx, fmt.Sprintf("%032x", len(e.EventName)+int(e.EventName[0])), []usermost.Event{e})
			return err
		},
	}
	for name, call := range calls {
		fits := usermost.Event{UserID: "u-" + name, EventName: strings.Repeat("é", 49)}
		if err := call(fits); err != nil {
			t.Errorf("%s: a 49-character (98-byte) name: %v", name, err)
		}
		tooLong := usermost.Event{UserID: "u-" + name, EventName: strings.Repeat("é", 50)}
		var verr *usermost.ValidationError
		if err := call(tooLong); !errors.As(err, &verr) || !strings.Contains(verr.Problem, "50 characters") {
			t.Errorf("%s: a 50-character name: error = %v, want a *ValidationError counting 50 characters", name, err)
		}
		if got := len(srv.EventsFor("u-" + name)); got != 1 {
			t.Errorf("%s: fake stored %d events, want the one that fits", name, got)
		}
	}
}

func TestIDsAreMeasuredInCharacters(t *testing.T) {
	t.Parallel()
	_, client := newTestClient(t)
	ctx := context.Background()
	if _, err := client.UpsertUser(ctx, usermost.User{UserID: strings.Repeat("ü", 100)}); err != nil {
		t.Errorf("a 100-character (200-byte) userId: %v", err)
	}
	var verr *usermost.ValidationError
	if _, err := client.UpsertUser(ctx, usermost.User{DeviceID: strings.Repeat("ü", 101)}); !errors.As(err, &verr) || verr.Field != "user.deviceId" {
		t.Errorf("a 101-character deviceId: error = %v, want a *ValidationError for user.deviceId", err)
	}
}
