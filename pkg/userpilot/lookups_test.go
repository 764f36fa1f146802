package userpilot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/userpilot"
	"github.com/cdpkit/cdpkit/pkg/userpilot/userpilottest"
)

func TestSegmentsIterateAcrossPages(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t, []userpilottest.Option{userpilottest.WithPageSize(5)})
	before := srv.Stats().Requests
	var titles []string
	for seg, err := range client.Lookups.Segments(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		titles = append(titles, seg.Title)
	}
	if len(titles) != 12 || titles[0] != "Active Users" || titles[11] != "Onboarding Incomplete" {
		t.Errorf("segments = %v, want the 12 seeded ones in order", titles)
	}
	if pages := srv.Stats().Requests - before; pages != 3 {
		t.Errorf("fetched %d pages, want 3 (5 + 5 + 2)", pages)
	}
}

func TestIteratorStopsFetchingWhenTheLoopBreaks(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t, []userpilottest.Option{userpilottest.WithPageSize(2)})
	before := srv.Stats().Requests
	n := 0
	for _, err := range client.Lookups.Segments(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 3 {
			break
		}
	}
	if pages := srv.Stats().Requests - before; pages != 2 {
		t.Errorf("fetched %d pages for 3 items, want 2", pages)
	}
}

func TestEventPropertiesAreDerivedAndPaged(t *testing.T) {
	t.Parallel()
	_, client := newTestClient(t, []userpilottest.Option{userpilottest.WithPageSize(2)})
	ctx := context.Background()
	for _, name := range []string{"signed_up", "report_exported", "invited"} {
		if err := client.Track(ctx, userpilot.Event{UserID: "u", EventName: name, Metadata: userpilot.Metadata{"source": "web", "count": 1}}); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for p, err := range client.Lookups.EventProperties(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, p.Event.DisplayName+"."+p.Key)
	}
	if len(got) != 6 {
		t.Errorf("event properties = %v, want 6 across 3 pages", got)
	}
	events, err := client.Lookups.FeaturesAndEvents(ctx)
	if err != nil || len(events) != 3 {
		t.Errorf("features and events = %+v, %v", events, err)
	}
}

func TestUnpagedLookups(t *testing.T) {
	t.Parallel()
	_, client := newTestClient(t, nil)
	ctx := context.Background()
	if err := client.Identify(ctx, userpilot.User{UserID: "u", Metadata: userpilot.Metadata{"plan": "pro"}}); err != nil {
		t.Fatal(err)
	}
	props, err := client.Lookups.UserProperties(ctx)
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for _, p := range props {
		keys[p.Key] = true
	}
	if !keys["email"] || !keys["plan"] {
		t.Errorf("user properties = %+v, want reserved and identified keys", props)
	}
	checks := []struct {
		name string
		call func() (int, error)
	}{
		{"company properties", func() (int, error) { v, err := client.Lookups.CompanyProperties(ctx); return len(v), err }},
		{"flows", func() (int, error) { v, err := client.Lookups.Flows(ctx); return len(v), err }},
		{"banners", func() (int, error) { v, err := client.Lookups.Banners(ctx); return len(v), err }},
		{"embeds", func() (int, error) { v, err := client.Lookups.Embeds(ctx); return len(v), err }},
		{"spotlights", func() (int, error) { v, err := client.Lookups.Spotlights(ctx); return len(v), err }},
		{"surveys", func() (int, error) { v, err := client.Lookups.Surveys(ctx); return len(v), err }},
		{"resource center modules", func() (int, error) { v, err := client.Lookups.ResourceCenterModules(ctx); return len(v), err }},
		{"checklists", func() (int, error) { v, err := client.Lookups.Checklists(ctx); return len(v), err }},
	}
	for _, c := range checks {
		if n, err := c.call(); err != nil || n == 0 {
			t.Errorf("%s: %d items, %v", c.name, n, err)
		}
	}
}

func TestPagingStopsOnARepeatedCursor(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	// A server whose cursor never advances must not make the loop spin.
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"data":     []map[string]any{{"id": 1, "title": "Loop"}},
			"metadata": map[string]any{"cursor": map[string]any{"after": "same"}, "limit": 1, "total_count": 99},
		})
	}))
	defer broken.Close()
	client, err := userpilot.NewClient(append([]option.RequestOption{option.WithBaseURL(broken.URL), option.WithAPIKey("k")}, fast()...)...)
	if err != nil {
		t.Fatal(err)
	}
	var lastErr error
	for _, err := range client.Lookups.Segments(context.Background()) {
		lastErr = err
	}
	if lastErr == nil || !strings.Contains(lastErr.Error(), "twice") || calls.Load() != 2 {
		t.Errorf("error = %v after %d calls, want a repeated-cursor error after 2", lastErr, calls.Load())
	}
}

func TestPagingStopsAfterAnEmptyPage(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	// A server that hands out a fresh cursor with every empty page would
	// otherwise be paged forever.
	endless := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"data":     []any{},
			"metadata": map[string]any{"cursor": map[string]any{"after": fmt.Sprint("c", n)}, "limit": 50, "total_count": 0},
		})
	}))
	defer endless.Close()
	client, err := userpilot.NewClient(append([]option.RequestOption{option.WithBaseURL(endless.URL), option.WithAPIKey("k")}, fast()...)...)
	if err != nil {
		t.Fatal(err)
	}
	items := 0
	for _, err := range client.Lookups.EventProperties(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		items++
	}
	if items != 0 || calls.Load() != 1 {
		t.Errorf("%d items after %d requests, want none after 1", items, calls.Load())
	}
}
