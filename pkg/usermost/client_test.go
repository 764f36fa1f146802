package usermost_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit"

	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/usermost"
	"github.com/cdpkit/cdpkit/pkg/usermost/usermosttest"
	"github.com/cdpkit/cdpkit/pkg/userpilot"
)

// newTestClient returns a fake and a client pointed at it with fast retries.
func newTestClient(t *testing.T, opts ...option.RequestOption) (*usermosttest.Server, *usermost.Client) {
	t.Helper()
	srv := usermosttest.NewServer(t)
	base := []option.RequestOption{
		option.WithBaseURL(srv.URL),
		option.WithAPIKey(srv.APIKey),
		option.WithLicenseCode(srv.LicenseCode),
		option.WithBackoff(time.Millisecond, 5*time.Millisecond),
	}
	client, err := usermost.NewClient(append(base, opts...)...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return srv, client
}

func TestNewClientRejectsBadConfiguration(t *testing.T) {
	t.Setenv(usermost.EnvAPIKey, "")
	t.Setenv(usermost.EnvLicenseCode, "")
	tests := []struct {
		name    string
		opts    []option.RequestOption
		wantErr string
	}{
		{"no key", []option.RequestOption{option.WithLicenseCode("lc")}, "USERMOST_API_KEY"},
		{"no license code", []option.RequestOption{option.WithAPIKey("k")}, "USERMOST_LICENSE_CODE"},
		{"tenant is for userlot", []option.RequestOption{option.WithAPIKey("k"), option.WithLicenseCode("lc"), option.WithTenant("acme")}, "WithTenant"},
		{"region is for userpilot", []option.RequestOption{option.WithAPIKey("k"), option.WithLicenseCode("lc"), option.WithRegion("eu")}, "WithRegion"},
		{"plain http to a public host", []option.RequestOption{option.WithAPIKey("k"), option.WithLicenseCode("lc"), option.WithBaseURL("http://api.usermost.com")}, "http"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := usermost.NewClient(tt.opts...)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("NewClient error = %v, want one mentioning %q", err, tt.wantErr)
			}
		})
	}
}

func TestNewClientReadsEnvironment(t *testing.T) {
	srv := usermosttest.NewServer(t)
	t.Setenv(usermost.EnvAPIKey, srv.APIKey)
	t.Setenv(usermost.EnvLicenseCode, srv.LicenseCode)
	client, err := usermost.NewClient(option.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.UpsertUser(context.Background(), usermost.User{UserID: "env-user"}); err != nil {
		t.Fatalf("UpsertUser with env credentials: %v", err)
	}
	if _, ok := srv.User("env-user"); !ok {
		t.Error("fake did not store the user")
	}
}

func TestUpsertUserMergesProfiles(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t)
	ctx := context.Background()
	if _, err := client.UpsertUser(ctx, usermost.User{UserID: "u1", FirstName: "Ada", EmailOptIn: cdpkit.Ptr(true)}); err != nil {
		t.Fatal(err)
	}
	res, err := client.UpsertUser(ctx, usermost.User{UserID: "u1", LastName: "Lovelace", EmailOptIn: cdpkit.Ptr(false), Attributes: usermost.Attributes{"plan": "pro"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != "success" {
		t.Errorf("status = %q, want success", res.Status)
	}
	got, ok := srv.User("u1")
	if !ok {
		t.Fatal("user u1 not stored")
	}
	if got.FirstName != "Ada" || got.LastName != "Lovelace" {
		t.Errorf("names = %q %q, want Ada Lovelace", got.FirstName, got.LastName)
	}
	if got.EmailOptIn == nil || *got.EmailOptIn {
		t.Errorf("emailOptIn = %v, want an explicit false to be sent and kept", got.EmailOptIn)
	}
	if got.Attributes["plan"] != "pro" {
		t.Errorf("attributes = %v, want plan=pro", got.Attributes)
	}
	if n := srv.Stats().Users; n != 1 {
		t.Errorf("profiles = %d, want 1", n)
	}
}

func TestInputRejectedBeforeAnyRequest(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t)
	ctx := context.Background()
	tooLong := strings.Repeat("x", 50)
	tests := []struct {
		name      string
		call      func() error
		wantField string
	}{
		{"user without ids", func() error { _, err := client.UpsertUser(ctx, usermost.User{FirstName: "x"}); return err }, "user"},
		{"user id too long", func() error {
			_, err := client.UpsertUser(ctx, usermost.User{UserID: strings.Repeat("u", 101)})
			return err
		}, "user.userId"},
		{"event without name", func() error { _, err := client.TrackEvent(ctx, usermost.Event{UserID: "u"}); return err }, "event.eventName"},
		{"event name too long", func() error {
			_, err := client.TrackEvent(ctx, usermost.Event{UserID: "u", EventName: tooLong})
			return err
		}, "event.eventName"},
		{"event without ids", func() error { _, err := client.TrackEvent(ctx, usermost.Event{EventName: "Signed Up"}); return err }, "event"},
		{"third event in a batch", func() error {
			_, err := client.TrackEvents(ctx, []usermost.Event{
				{UserID: "u", EventName: "A"}, {UserID: "u", EventName: "B"}, {UserID: "u"},
			})
			return err
		}, "events[2].eventName"},
	}
	for _, tt := range tests {
		err := tt.call()
		var verr *usermost.ValidationError
		if !errors.As(err, &verr) {
			t.Errorf("%s: error = %v, want a *ValidationError", tt.name, err)
			continue
		}
		if verr.Field != tt.wantField || verr.Fix == "" {
			t.Errorf("%s: field = %q fix = %q, want field %q and a fix", tt.name, verr.Field, verr.Fix, tt.wantField)
		}
	}
	if n := srv.Stats().Requests; n != 0 {
		t.Errorf("fake saw %d requests, want 0: invalid input must not be sent", n)
	}
}

func TestTrackEventSendsRequestID(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t)
	ev := usermost.Event{UserID: "u1", EventName: "Added to Cart", EventTime: "2024-01-26T07:31:00+0000", EventData: usermost.EventData{"Price": 39.8}}
	if _, err := client.TrackEvent(context.Background(), ev); err != nil {
		t.Fatal(err)
	}
	got := srv.EventsFor("u1")
	if len(got) != 1 || got[0].EventName != "Added to Cart" || got[0].EventData["Price"] != 39.8 {
		t.Fatalf("stored events = %+v", got)
	}
}

func TestTrackEventsSplitsIntoBatches(t *testing.T) {
	t.Parallel()
	tests := []struct {
		events, wantRequests int
	}{
		{1, 1}, {usermost.MaxBatchSize, 1}, {usermost.MaxBatchSize + 1, 2}, {60, 3}, {0, 0},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.events), func(t *testing.T) {
			t.Parallel()
			srv, client := newTestClient(t)
			events := makeEvents(tt.events)
			res, err := client.TrackEvents(context.Background(), events)
			if err != nil {
				t.Fatal(err)
			}
			if res.Events != tt.events || len(res.RequestIDs) != tt.wantRequests {
				t.Errorf("result = %d events in %d requests, want %d in %d", res.Events, len(res.RequestIDs), tt.events, tt.wantRequests)
			}
			stats := srv.Stats()
			if stats.Requests != tt.wantRequests || stats.Events != tt.events {
				t.Errorf("fake saw %d requests / %d events, want %d / %d", stats.Requests, stats.Events, tt.wantRequests, tt.events)
			}
			for i, e := range srv.Events() {
				if e.EventName != events[i].EventName {
					t.Fatalf("event %d = %q, want %q (order must be kept)", i, e.EventName, events[i].EventName)
				}
			}
			hex := regexp.MustCompile(`^[0-9a-f]{32}$`)
			seen := map[string]bool{}
			for _, id := range res.RequestIDs {
				if !hex.MatchString(id) || seen[id] {
					t.Errorf("request id %q: want 32 lowercase hex chars, unique per batch", id)
				}
				seen[id] = true
			}
		})
	}
}

func TestTrackEventsRetriesABatchWithTheSameRequestID(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t)
	// The first batch goes through, the second meets two transient failures.
	if _, err := client.TrackEvents(context.Background(), makeEvents(usermost.MaxBatchSize)); err != nil {
		t.Fatal(err)
	}
	srv.InjectFaults(usermosttest.Fault{Status: http.StatusServiceUnavailable}, usermosttest.Fault{Status: http.StatusTooManyRequests})
	res, err := client.TrackEvents(context.Background(), makeEvents(10))
	if err != nil {
		t.Fatalf("TrackEvents after transient faults: %v", err)
	}
	if res.Events != 10 {
		t.Errorf("accepted %d events, want 10", res.Events)
	}
	if st := srv.Stats(); st.Requests != 4 || st.Events != usermost.MaxBatchSize+10 {
		t.Errorf("fake stats = %+v, want 4 requests (1 + 1 with 2 retries) and %d events", st, usermost.MaxBatchSize+10)
	}
}

func TestTrackEventsReportsWhatWasNotDelivered(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t)
	events := makeEvents(60)
	// The first batch is accepted; the second meets an error that is not retried.
	srv.InjectFaultsAfter(1, usermosttest.Fault{Status: http.StatusBadRequest, Message: "eventData too large"})
	res, err := client.TrackEvents(context.Background(), events)
	var batchErr *usermost.BatchError
	if !errors.As(err, &batchErr) {
		t.Fatalf("error = %v, want a *BatchError", err)
	}
	if batchErr.Accepted != usermost.MaxBatchSize || res.Events != usermost.MaxBatchSize {
		t.Errorf("accepted = %d (result %d), want %d", batchErr.Accepted, res.Events, usermost.MaxBatchSize)
	}
	if len(batchErr.Remaining) != 60-usermost.MaxBatchSize || batchErr.Remaining[0].EventName != events[usermost.MaxBatchSize].EventName {
		t.Errorf("remaining = %d events starting with %q, want %d starting with %q",
			len(batchErr.Remaining), batchErr.Remaining[0].EventName, 60-usermost.MaxBatchSize, events[usermost.MaxBatchSize].EventName)
	}
	var apiErr *usermost.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest || apiErr.Message != "eventData too large" {
		t.Errorf("underlying error = %+v, want the 400 with the server's message", apiErr)
	}
	if !cdpkit.IsBadRequest(err) {
		t.Error("IsBadRequest(err) = false")
	}
	// Sending the remainder again completes the job with nothing duplicated.
	if _, err := client.TrackEvents(context.Background(), batchErr.Remaining); err != nil {
		t.Fatal(err)
	}
	if got := len(srv.Events()); got != 60 {
		t.Errorf("stored %d events, want 60", got)
	}
}

func TestTypedErrors(t *testing.T) {
	t.Parallel()
	srv := usermosttest.NewServer(t)
	tests := []struct {
		name        string
		key, code   string
		wantStatus  int
		check       func(error) bool
		wantMessage string
	}{
		{"wrong key", "not-the-key", srv.LicenseCode, http.StatusUnauthorized, cdpkit.IsUnauthorized, "security requirements failed"},
		{"unknown license code", srv.APIKey, "lc-unknown", http.StatusNotFound, cdpkit.IsNotFound, "invalid url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			client, err := usermost.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey(tt.key), option.WithLicenseCode(tt.code))
			if err != nil {
				t.Fatal(err)
			}
			_, err = client.UpsertUser(context.Background(), usermost.User{UserID: "u1"})
			var apiErr *usermost.Error
			if !errors.As(err, &apiErr) {
				t.Fatalf("error = %v, want *usermost.Error", err)
			}
			if apiErr.StatusCode != tt.wantStatus || !tt.check(err) || !strings.Contains(apiErr.Message, tt.wantMessage) {
				t.Errorf("error = %d %q, want %d with a message containing %q", apiErr.StatusCode, apiErr.Message, tt.wantStatus, tt.wantMessage)
			}
			if strings.Contains(err.Error(), tt.key) {
				t.Errorf("error text %q leaks the API key", err)
			}
		})
	}
}

func makeEvents(n int) []usermost.Event {
	events := make([]usermost.Event, n)
	for i := range events {
		events[i] = usermost.Event{UserID: fmt.Sprintf("user-%d", i%7), EventName: fmt.Sprintf("Step %d", i)}
	}
	return events
}

func TestOptionsOfAnotherAPIPackageAreRejected(t *testing.T) {
	t.Parallel()
	_, err := usermost.NewClient(option.WithAPIKey("k"), option.WithLicenseCode("lc"), userpilot.WithPolling(time.Second, time.Minute))
	if err == nil || !strings.Contains(err.Error(), "userpilot.NewClient") {
		t.Errorf("error = %v, want one naming userpilot.NewClient", err)
	}
}
