package main

import (
	"context"
	"fmt"
	"time"

	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/track"
	"github.com/cdpkit/cdpkit/pkg/usermost"
	"github.com/cdpkit/cdpkit/pkg/usermost/usermosttest"
	"github.com/cdpkit/cdpkit/pkg/userpilot"
	"github.com/cdpkit/cdpkit/pkg/userpilot/userpilottest"
)

func init() { register("Tracker (pkg/track)", runTracker) }

// runTracker shows the background pipeline delivering to two APIs at once
// while one of them misbehaves. It always uses the fakes: its point is the
// failure handling, which a live account cannot be asked to demonstrate.
func runTracker(ctx context.Context, r *report, _ func(string) string) error {
	r.header("Tracker (pkg/track)", "in-memory fakes, Usermost failing 20% of requests and dropping 5% of answers")
	um := usermosttest.New(usermosttest.WithChaos(usermosttest.Chaos{ErrorRate: 0.2, ResetRate: 0.05, Seed: 42}))
	defer um.Close()
	up := userpilottest.New()
	defer up.Close()

	umClient, err := usermost.NewClient(option.WithBaseURL(um.URL), option.WithAPIKey(um.APIKey), usermost.WithLicenseCode(um.LicenseCode),
		option.WithBackoff(5*time.Millisecond, 50*time.Millisecond))
	if err != nil {
		return err
	}
	upClient, err := userpilot.NewClient(option.WithBaseURL(up.URL), option.WithAPIKey(up.APIKey), userpilot.WithPolling(10*time.Millisecond, 100*time.Millisecond))
	if err != nil {
		return err
	}
	toUsermost, err := track.New(track.UsermostSink(umClient), track.WithBackoff(5*time.Millisecond, 100*time.Millisecond), track.WithMaxRetries(20))
	if err != nil {
		return err
	}
	toUserpilot, err := track.New(track.UserpilotSink(upClient), track.WithBatchSize(500))
	if err != nil {
		return err
	}
	pipeline := track.NewMulti(toUsermost, toUserpilot)

	const users, perUser = 20, 100
	for u := range users {
		id := fmt.Sprintf("qs-tracked-%02d", u)
		if err := pipeline.Enqueue(ctx, track.Message{Type: track.TypeIdentify, UserID: id, Properties: map[string]any{"plan": "pro"}}); err != nil {
			return err
		}
		for i := range perUser {
			if err := pipeline.Enqueue(ctx, track.Message{Type: track.TypeTrack, UserID: id, Event: "Page Viewed", Properties: map[string]any{"page": i}}); err != nil {
				return err
			}
		}
	}
	r.step(fmt.Sprintf("enqueue %d messages to 2 sinks", users*(perUser+1)), "returned at once; delivery runs in the background")

	closeCtx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if err := pipeline.Close(closeCtx); err != nil {
		return fmt.Errorf("close: %w", err)
	}
	ums, upStats := toUsermost.Stats(), toUserpilot.Stats()
	r.step("close: usermost", fmt.Sprintf("%d sent in %d batches, %d retries, failed %d, dropped %d", ums.Sent, ums.Batches, ums.Retries, ums.Failed, ums.Dropped))
	r.step("close: userpilot", fmt.Sprintf("%d sent in %d batches, failed %d, dropped %d", upStats.Sent, upStats.Batches, upStats.Failed, upStats.Dropped))
	seen := map[string]bool{}
	for _, e := range um.Events() {
		key := fmt.Sprint(e.UserID, e.EventData["page"])
		if seen[key] {
			return fmt.Errorf("usermost stored %s twice", key)
		}
		seen[key] = true
	}
	if len(seen) != users*perUser {
		return fmt.Errorf("usermost stored %d distinct events, want %d", len(seen), users*perUser)
	}
	chaos := um.ChaosStats()
	r.note("usermost fake: %d events stored once each; %d injected errors, %d lost answers, %d resent batches recognised",
		len(um.Events()), chaos.Errors, chaos.Resets, um.Stats().DuplicateRequests)
	r.note("userpilot fake: %d events stored", len(up.Events()))
	return nil
}
