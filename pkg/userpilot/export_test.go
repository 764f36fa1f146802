package userpilot_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit/pkg/userpilot"
	"github.com/cdpkit/cdpkit/pkg/userpilot/userpilottest"
)

func TestExportStartWaitAndReadRows(t *testing.T) {
	t.Parallel()
	for _, format := range []userpilot.ExportFormat{userpilot.ExportNDJSON, userpilot.ExportCSV} {
		t.Run(string(format), func(t *testing.T) {
			t.Parallel()
			_, client := newTestClient(t, []userpilottest.Option{userpilottest.WithJobStepDelay(5 * time.Millisecond), userpilottest.WithExportFileRows(4)})
			ctx := context.Background()
			for i := range 10 {
				if err := client.Track(ctx, userpilot.Event{UserID: fmt.Sprintf("u-%d", i%3), EventName: "clicked", Metadata: userpilot.Metadata{"i": i}}); err != nil {
					t.Fatal(err)
				}
			}
			if err := client.Identify(ctx, userpilot.User{UserID: "u-0"}); err != nil {
				t.Fatal(err)
			}
			started, err := client.Exports.Start(ctx, userpilot.ExportRequest{EventTypes: []string{"track"}, Format: format})
			if err != nil {
				t.Fatal(err)
			}
			job, err := client.Exports.Wait(ctx, started.JobID)
			if err != nil {
				t.Fatal(err)
			}
			if len(job.PresignedURLs) != 3 {
				t.Fatalf("job has %d files, want 3 of at most 4 rows", len(job.PresignedURLs))
			}
			var rows []userpilot.ExportRow
			for row, err := range client.Exports.Rows(ctx, job) {
				if err != nil {
					t.Fatal(err)
				}
				rows = append(rows, row)
			}
			if len(rows) != 10 {
				t.Fatalf("read %d rows, want the 10 track events", len(rows))
			}
			for i, r := range rows {
				if r.EventType != "track" || r.EventName != "clicked" || r.Metadata["i"] != float64(i) {
					t.Errorf("row %d = %+v", i, r)
				}
			}
			jobs, err := client.Exports.List(ctx)
			if err != nil || len(jobs) != 1 || jobs[0].Status != "completed" {
				t.Errorf("List = %+v, %v", jobs, err)
			}
		})
	}
}

func TestSecondExportIsRefusedUntilTheFirstEnds(t *testing.T) {
	t.Parallel()
	_, client, stepping := steppedTestClient(t)
	ctx := context.Background()
	first, err := client.Exports.Start(ctx, userpilot.ExportRequest{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.Exports.Start(ctx, userpilot.ExportRequest{})
	var busy *userpilot.JobRunningError
	if !errors.As(err, &busy) || busy.Kind != userpilot.KindExport || busy.JobID != first.JobID {
		t.Fatalf("error = %v, want a *JobRunningError naming %s", err, first.JobID)
	}
	if _, err := client.Exports.Wait(ctx, busy.JobID, stepping); err != nil {
		t.Fatal(err)
	}
	if _, err := client.Exports.Start(ctx, userpilot.ExportRequest{}); err != nil {
		t.Fatalf("after waiting: %v", err)
	}
}

func TestFailedExport(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t, []userpilottest.Option{userpilottest.WithJobStepDelay(time.Millisecond)})
	srv.FailNextJob("warehouse unavailable")
	started, err := client.Exports.Start(context.Background(), userpilot.ExportRequest{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.Exports.Wait(context.Background(), started.JobID)
	var failed *userpilot.JobFailedError
	if !errors.As(err, &failed) || failed.Export == nil || failed.Export.Status != "failed" {
		t.Fatalf("error = %v, want a *JobFailedError for the export", err)
	}
	for _, err := range client.Exports.Rows(context.Background(), failed.Export) {
		var verr *userpilot.ValidationError
		if !errors.As(err, &verr) {
			t.Errorf("Rows of a failed export: %v, want a *ValidationError", err)
		}
	}
}
