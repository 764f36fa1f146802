package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"
	"time"

	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/userpilot"
	"github.com/cdpkit/cdpkit/pkg/userpilot/userpilottest"
)

func init() { register("Userpilot", runUserpilot) }

func runUserpilot(ctx context.Context, r *report, getenv func(string) string) error {
	var opts []option.RequestOption
	var fake *userpilottest.Server
	if getenv(userpilot.EnvAPIKey) == "" {
		fake = userpilottest.New(userpilottest.WithPageSize(5))
		defer fake.Close()
		opts = append(opts, option.WithBaseURL(fake.URL), option.WithAPIKey(fake.APIKey),
			userpilot.WithPolling(20*time.Millisecond, 200*time.Millisecond))
		r.header("Userpilot", "in-memory fake: set USERPILOT_API_KEY (and USERPILOT_REGION) for the real API")
	} else {
		if region := getenv(userpilot.EnvRegion); region != "" {
			opts = append(opts, userpilot.WithRegion(region))
		}
		r.header("Userpilot", "live analytex + appex hosts")
	}
	client, err := userpilot.NewClient(opts...)
	if err != nil {
		return err
	}

	if err := client.Identify(ctx, userpilot.User{UserID: "qs-ada", CompanyID: "qs-analytical", Metadata: userpilot.Metadata{
		"name": "Ada Lovelace", "plan": "pro", "seats": 3, "created_at": time.Date(2024, 3, 15, 9, 0, 0, 0, time.UTC),
	}}); err != nil {
		return fmt.Errorf("identify: %w", err)
	}
	r.step("identify user qs-ada", "accepted")
	if err := client.IdentifyCompany(ctx, userpilot.Company{CompanyID: "qs-analytical", Metadata: userpilot.Metadata{"industry": "Computing"}}); err != nil {
		return fmt.Errorf("identify company: %w", err)
	}
	r.step("identify company qs-analytical", "accepted")
	if err := client.Track(ctx, userpilot.Event{UserID: "qs-ada", EventName: "report_exported", Metadata: userpilot.Metadata{"rows": 120}}); err != nil {
		return fmt.Errorf("track: %w", err)
	}
	r.step(`track event "report_exported"`, "accepted")

	err = client.Identify(ctx, userpilot.User{UserID: "qs-ada", Metadata: userpilot.Metadata{"tags": []string{"beta"}}})
	var verr *userpilot.ValidationError
	if !errors.As(err, &verr) {
		return fmt.Errorf("expected a validation error for nested metadata, got %v", err)
	}
	r.step("non-primitive metadata refused", verr.Field+" (nothing sent)")

	if err := bulkUsers(ctx, r, client); err != nil {
		return err
	}
	if fake == nil {
		r.note("import, export, lookups and delete need the Enterprise plan or an add-on, or change data; they run against the fake only")
		return nil
	}
	if err := importEvents(ctx, r, client); err != nil {
		return err
	}
	if err := lookups(ctx, r, client); err != nil {
		return err
	}
	if err := export(ctx, r, client); err != nil {
		return err
	}
	del, err := client.DeleteUsers(ctx, "qs-user-0001")
	if err != nil {
		return fmt.Errorf("delete: %w", err)
	}
	r.step("delete user qs-user-0001 (GDPR)", del.Message+", runs daily at 02:00 UTC")
	st := fake.Stats()
	r.note("the fake now holds %s, %s and %s (%d requests)", plural(st.Users, "user"), plural(st.Companies, "company"), plural(st.Events, "event"), st.Requests)
	return nil
}

// bulkUsers streams users as NDJSON, the way a nightly sync from a
// database or a file would, and waits for the job.
func bulkUsers(ctx context.Context, r *report, client *userpilot.Client) error {
	pr, pw := io.Pipe()
	go func() {
		for i := range 2500 {
			fmt.Fprintf(pw, `{"user_id":"qs-user-%04d","company_id":"qs-analytical","metadata":{"cohort":"2024-Q3","logins":%d}}`+"\n", i, i%40)
		}
		pw.Close()
	}()
	res, err := client.BulkIdentifyUsersNDJSON(ctx, pr)
	if err != nil {
		return fmt.Errorf("bulk identify: %w", err)
	}
	r.step("bulk NDJSON identify of 2500 users", fmt.Sprintf("%d records in %d request, job %s", res.Records, len(res.Jobs), res.LastJob().Status))
	job, err := client.Jobs.Wait(ctx, res.LastJob().JobID)
	if err != nil {
		return fmt.Errorf("waiting for the bulk job: %w", err)
	}
	r.step("wait for bulk job", fmt.Sprintf("%s: %d rows", job.Status, job.CompletedRows))
	return nil
}

// importEvents uploads historical events with a progress line, shows the
// typed 409 a second import gets, and waits for the job.
func importEvents(ctx context.Context, r *report, client *userpilot.Client) error {
	const rows = 8000
	// The rows are encoded while they are uploaded, so the size is not
	// known in advance; for a file on disk Progress.Total is set.
	var progress []string
	job, err := client.Import(ctx, userpilot.EncodeImportEvents(history(rows)), userpilot.ImportFilename("qs-history.ndjson"),
		userpilot.ImportProgress(func(p userpilot.Progress) {
			line := fmt.Sprintf("progress: %.2f MiB sent", float64(p.Sent)/(1<<20))
			if p.Done {
				line += ", upload complete"
			}
			progress = append(progress, line)
		}))
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	r.step(fmt.Sprintf("bulk NDJSON import of %d events", rows), "job "+string(job.Status))
	for _, line := range progress {
		r.note("%s", line)
	}

	_, err = client.Import(ctx, userpilot.EncodeImportEvents(history(1)))
	var busy *userpilot.JobRunningError
	if !errors.As(err, &busy) {
		return fmt.Errorf("expected a *JobRunningError for a second import, got %v", err)
	}
	r.step("second import while one runs", fmt.Sprintf("409 JobRunningError, running job found: %t", busy.JobID == job.JobID))

	done, err := client.Jobs.Wait(ctx, busy.JobID)
	if err != nil {
		return fmt.Errorf("waiting for the import: %w", err)
	}
	r.step("wait for import job", fmt.Sprintf("%s: %s rows", done.Status, done.TotalRows))
	return nil
}

// history yields n import rows: mostly track events, some page views.
func history(n int) iter.Seq[userpilot.ImportEvent] {
	start := time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
	return func(yield func(userpilot.ImportEvent) bool) {
		for i := range n {
			row := userpilot.ImportEvent{
				EventType: userpilot.ImportTrack, UserID: fmt.Sprintf("qs-user-%04d", i%2500), EventName: "dashboard_viewed",
				InsertedAt: userpilot.FormatTime(start.Add(time.Duration(i) * time.Minute)), Metadata: userpilot.Metadata{"widgets": i % 9},
			}
			if i%5 == 0 {
				row.EventType, row.EventName, row.Hostname, row.Pathname, row.Metadata = userpilot.ImportPageView, "", "app.example.com", "/dashboard", nil
			}
			if !yield(row) {
				return
			}
		}
	}
}

// lookups pages through the segments and lists event properties.
func lookups(ctx context.Context, r *report, client *userpilot.Client) error {
	segments := 0
	for _, err := range client.Lookups.Segments(ctx) {
		if err != nil {
			return fmt.Errorf("segments lookup: %w", err)
		}
		segments++
	}
	page, err := client.Lookups.SegmentsPage(ctx, "")
	if err != nil {
		return fmt.Errorf("segments lookup: %w", err)
	}
	pages := (segments + page.Metadata.Limit - 1) / max(page.Metadata.Limit, 1)
	r.step("lookup segments (paged)", fmt.Sprintf("%d segments across %d pages of %d", segments, pages, page.Metadata.Limit))
	props := 0
	for _, err := range client.Lookups.EventProperties(ctx) {
		if err != nil {
			return fmt.Errorf("event properties lookup: %w", err)
		}
		props++
	}
	r.step("lookup event properties", fmt.Sprintf("%d properties", props))
	return nil
}

// export exports the tracked events and reads them back row by row.
func export(ctx context.Context, r *report, client *userpilot.Client) error {
	started, err := client.Exports.Start(ctx, userpilot.ExportRequest{EventTypes: []string{"track"}, Format: userpilot.ExportNDJSON})
	if err != nil {
		return fmt.Errorf("start export: %w", err)
	}
	job, err := client.Exports.Wait(ctx, started.JobID)
	if err != nil {
		return fmt.Errorf("waiting for the export: %w", err)
	}
	rows, users := 0, map[string]bool{}
	for row, err := range client.Exports.Rows(ctx, job) {
		if err != nil {
			return fmt.Errorf("reading the export: %w", err)
		}
		rows++
		users[row.UserID] = true
	}
	r.step("export track events", fmt.Sprintf("%s: %d rows from %d users in %d file(s)", job.Status, rows, len(users), len(job.PresignedURLs)))
	return nil
}

// plural renders a count with its noun, e.g. "1 company", "2 companies".
func plural(n int, noun string) string {
	switch {
	case n == 1:
		return "1 " + noun
	case strings.HasSuffix(noun, "y"):
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(noun, "y"))
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
