package userpilot_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit/pkg/userpilot"
)

func TestDeleteSchedulesUsersAndCompanies(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t, nil)
	ctx := context.Background()
	for _, id := range []string{"u1", "u2", "u3"} {
		if err := client.Identify(ctx, userpilot.User{UserID: id}); err != nil {
			t.Fatal(err)
		}
	}
	res, err := client.DeleteUsers(ctx, "u1", "u2")
	if err != nil {
		t.Fatal(err)
	}
	if res.Message != "2 ids scheduled for deletion" {
		t.Errorf("message = %q", res.Message)
	}
	if _, err := client.DeleteCompanies(ctx, "acme"); err != nil {
		t.Fatal(err)
	}
	got := srv.ScheduledDeletions()
	if !slices.Equal(got.Users, []string{"u1", "u2"}) || !slices.Equal(got.Companies, []string{"acme"}) {
		t.Errorf("scheduled = %+v", got)
	}
	srv.RunDailyDeletion()
	if users := srv.Users(); len(users) != 1 || users[0].UserID != "u3" {
		t.Errorf("users after the daily run = %+v, want only u3", users)
	}
}

func TestDeletesArePacedClientSide(t *testing.T) {
	t.Parallel()
	_, client := newTestClient(t, nil, userpilot.WithRateLimits(userpilot.RateLimits{RealTimePerMinute: -1, DeleteEvery: 200 * time.Millisecond}))
	start := time.Now()
	for i := range 3 {
		if _, err := client.DeleteUsers(context.Background(), "u"); err != nil {
			t.Fatalf("delete %d: %v", i, err)
		}
	}
	if elapsed := time.Since(start); elapsed < 380*time.Millisecond {
		t.Errorf("3 deletes took %v, want at least 2 × 200 ms", elapsed)
	}
}

func TestDefaultDeleteLimitIsOnePerTwoSeconds(t *testing.T) {
	t.Parallel()
	_, client := newTestClient(t, nil, userpilot.WithRateLimits(userpilot.RateLimits{RealTimePerMinute: -1}))
	start := time.Now()
	for range 2 {
		if _, err := client.DeleteCompanies(context.Background(), "c"); err != nil {
			t.Fatal(err)
		}
	}
	if elapsed := time.Since(start); elapsed < 1900*time.Millisecond {
		t.Errorf("2 deletes took %v, want about 2 s", elapsed)
	}
}
