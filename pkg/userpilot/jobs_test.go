package userpilot_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit"

	"github.com/cdpkit/cdpkit/pkg/userpilot"
	"github.com/cdpkit/cdpkit/pkg/userpilot/userpilottest"
)

func TestWaitFollowsAJobToCompletion(t *testing.T) {
	t.Parallel()
	// The fake's jobs move one status per minute of a clock that moves
	// only after each poll, so every poll sees the next status.
	clock := userpilottest.NewManualClock(time.Date(2025, 5, 19, 7, 0, 0, 0, time.UTC))
	srv, client := newTestClient(t, []userpilottest.Option{userpilottest.WithJobStepDelay(time.Minute), userpilottest.WithClock(clock.Now)})
	ctx := context.Background()
	res, err := client.BulkIdentifyUsers(ctx, makeUsers(5))
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	job, err := client.Jobs.Wait(ctx, res.LastJob().JobID,
		userpilot.PollInterval(time.Millisecond, time.Millisecond),
		userpilot.OnPoll(func(status string) {
			seen = append(seen, status)
			clock.Advance(time.Minute)
		}))
	if err != nil {
		t.Fatal(err)
	}
	if job.Status != userpilot.JobCompleted || job.CompletedRows != 5 || job.EndTime == nil {
		t.Errorf("job = %+v, want completed with 5 rows and an end time", job)
	}
	want := []string{"queued", "validating", "processing", "pending_refresh", "completed"}
	if !slices.Equal(seen, want) {
		t.Errorf("statuses seen = %v, want %v", seen, want)
	}
	if len(srv.Users()) != 5 {
		t.Errorf("fake has %d users after completion, want 5", len(srv.Users()))
	}
	listed, err := client.Jobs.List(ctx)
	if err != nil || len(listed) != 1 || listed[0].JobID != job.JobID {
		t.Errorf("List = %+v, %v", listed, err)
	}
}

func TestWaitReturnsTheServersReasonForAFailedJob(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t, []userpilottest.Option{userpilottest.WithJobStepDelay(time.Millisecond)})
	srv.FailNextJob("row 7: company_id c-9 does not exist")
	res, err := client.BulkIdentifyUsers(context.Background(), makeUsers(10))
	if err != nil {
		t.Fatal(err)
	}
	job, err := client.Jobs.Wait(context.Background(), res.LastJob().JobID)
	var failed *userpilot.JobFailedError
	if !errors.As(err, &failed) || !userpilot.IsJobFailed(err) {
		t.Fatalf("error = %v, want a *JobFailedError", err)
	}
	if failed.Job == nil || failed.Job.Status != userpilot.JobFailed || job.Status != userpilot.JobFailed {
		t.Errorf("failed job = %+v", failed.Job)
	}
	if len(failed.Errors) != 1 || !strings.Contains(err.Error(), "row 7: company_id c-9 does not exist") {
		t.Errorf("error %q does not carry the server's details", err)
	}
}

func TestBulkStopsWhenAnEarlierJobFails(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t, []userpilottest.Option{userpilottest.WithJobStepDelay(time.Millisecond)})
	srv.FailNextJob("quota exceeded")
	_, err := client.BulkIdentifyUsers(context.Background(), makeUsers(userpilot.MaxBulkRecords+10))
	var berr *userpilot.BulkError
	if !errors.As(err, &berr) || !userpilot.IsJobFailed(err) || berr.Accepted != userpilot.MaxBulkRecords {
		t.Fatalf("error = %v, want a *BulkError caused by the failed first job", err)
	}
	if len(srv.Jobs()) != 1 {
		t.Errorf("a second request was sent after the first job failed")
	}
}

func TestWaitStopsWhenTheContextEnds(t *testing.T) {
	t.Parallel()
	_, client := newTestClient(t, []userpilottest.Option{userpilottest.WithJobStepDelay(time.Hour)})
	res, err := client.BulkIdentifyUsers(context.Background(), makeUsers(1))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	job, err := client.Jobs.Wait(ctx, res.LastJob().JobID)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error = %v, want context.DeadlineExceeded", err)
	}
	if job == nil || job.Status != userpilot.JobQueued {
		t.Errorf("last seen job = %+v, want the queued job", job)
	}
}

func TestGetUnknownJobIsNotFound(t *testing.T) {
	t.Parallel()
	_, client := newTestClient(t, nil)
	_, err := client.Jobs.Get(context.Background(), "bulk:jobs:NX-x:0000")
	if !cdpkit.IsNotFound(err) {
		t.Fatalf("error = %v, want a 404", err)
	}
	var verr *userpilot.ValidationError
	if _, err := client.Jobs.Wait(context.Background(), ""); !errors.As(err, &verr) {
		t.Errorf("Wait(\"\") = %v, want a *ValidationError", err)
	}
}
