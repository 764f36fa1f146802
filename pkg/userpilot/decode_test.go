package userpilot_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cdpkit/cdpkit/internal/transport"
	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/userpilot"
)

// answering returns a client whose every request gets status and body.
func answering(t *testing.T, status int, body string) *userpilot.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	c, err := userpilot.NewClient(append([]option.RequestOption{option.WithBaseURL(srv.URL), option.WithAPIKey("decode-test-key")}, fast()...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func importOne(c *userpilot.Client) (*userpilot.Job, error) {
	return c.Import(context.Background(), strings.NewReader(`{"event_type":"track","user_id":"u","event_name":"e","source":"backend-http-import","inserted_at":"2024-07-28T08:55:35Z"}`+"\n"))
}

func TestJobCountsThatAreNotNumbersAreKeptAsSent(t *testing.T) {
	t.Parallel()
	job, err := importOne(answering(t, 200, `{"job_id":"import:jobs:1","status":"queued","file_size":"","total_rows":"n/a","links":"see dashboard"}`))
	if err != nil {
		t.Fatalf("Import = %v; a job the server created must not fail on its counts", err)
	}
	if job.JobID != "import:jobs:1" || job.FileSize != "" || job.TotalRows != "n/a" || string(job.Links) != `"see dashboard"` {
		t.Errorf("job = %+v", job)
	}
	if _, err := job.TotalRows.Int64(); err == nil {
		t.Error(`Count("n/a").Int64() succeeded`)
	}
	job, err = importOne(answering(t, 200, `{"job_id":"import:jobs:2","file_size":"4096","total_rows":40}`))
	if err != nil {
		t.Fatal(err)
	}
	if n, err := job.FileSize.Int64(); n != 4096 || err != nil {
		t.Errorf("file_size = %d, %v; want 4096 from the string", n, err)
	}
	if n, err := job.TotalRows.Int64(); n != 40 || err != nil {
		t.Errorf("total_rows = %d, %v; want 40 from the number", n, err)
	}
}

// undecodable checks that err is the *Error of an answer that could not be
// decoded, naming the operation and status, keeping no body, and carrying
// the job id if wantJob is set.
func undecodable(t *testing.T, err error, op string, status int, wantJob string) {
	t.Helper()
	var apiErr *userpilot.Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("error = %v (%T), want a *userpilot.Error", err, err)
	}
	if apiErr.API != "userpilot" || apiErr.Operation != op || apiErr.StatusCode != status || apiErr.Code != transport.CodeUndecodable || len(apiErr.Body) != 0 {
		t.Errorf("error = %+v, want API userpilot, operation %s, status %d, code %s and no body", apiErr, op, status, transport.CodeUndecodable)
	}
	id, ok := userpilot.CreatedJobID(err)
	if id != wantJob || ok != (wantJob != "") {
		t.Errorf("CreatedJobID = %q, %v; want %q", id, ok, wantJob)
	}
	if wantJob != "" && !strings.Contains(err.Error(), wantJob) {
		t.Errorf("error text %q does not name job %s", err, wantJob)
	}
}

func TestAnUndecodableJobAnswerIsAnErrorThatKeepsTheJobID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body, wantJob string
	}{
		{"wrong type", `{"job_id":"import:jobs:7","status":7}`, "import:jobs:7"},
		{"cut short", `{"job_id":"import:jobs:8","status":"que`, "import:jobs:8"},
		{"numeric id", `{"job_id":42,"status":[]}`, "42"},
		{"not JSON", `<html>bad gateway</html>`, ""},
		{"null", `null`, ""},
		{"empty", ``, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := importOne(answering(t, 200, tt.body))
			undecodable(t, err, "importEvents", 200, tt.wantJob)
		})
	}
}

func TestAnUndecodableBulkAnswerCountsItsRecordsAsAccepted(t *testing.T) {
	t.Parallel()
	c := answering(t, 202, `{"job_id":"bulk:jobs:9","status":{}}`)
	res, err := c.BulkIdentifyUsers(context.Background(), makeUsers(3))
	var berr *userpilot.BulkError
	if !errors.As(err, &berr) || berr.Accepted != 3 || len(berr.Jobs) != 1 || berr.Jobs[0].JobID != "bulk:jobs:9" {
		t.Fatalf("error = %v, want a *BulkError with 3 accepted records in job bulk:jobs:9", err)
	}
	if res.LastJob().JobID != "bulk:jobs:9" {
		t.Errorf("result's last job = %+v", res.LastJob())
	}
	undecodable(t, err, "bulkIdentifyUsers", 202, "bulk:jobs:9")
}

func TestEveryUndecodableAnswerIsAnAPIError(t *testing.T) {
	t.Parallel()
	c := answering(t, 200, `{"truncated":`)
	ctx := context.Background()
	calls := []struct {
		op   string
		call func() error
	}{
		{"getBackgroundJob", func() error { _, err := c.Jobs.Get(ctx, "j"); return err }},
		{"listBackgroundJobs", func() error { _, err := c.Jobs.List(ctx); return err }},
		{"getExportJob", func() error { _, err := c.Exports.Get(ctx, "e"); return err }},
		{"listExportJobs", func() error { _, err := c.Exports.List(ctx); return err }},
		{"listSegments", func() error { _, err := c.Lookups.SegmentsPage(ctx, ""); return err }},
		{"listEventProperties", func() error {
			for _, err := range c.Lookups.EventProperties(ctx) {
				return err
			}
			return nil
		}},
		{"listUserProperties", func() error { _, err := c.Lookups.UserProperties(ctx); return err }},
		{"listSurveys", func() error { _, err := c.Lookups.Surveys(ctx); return err }},
		{"startExport", func() error { _, err := c.Exports.Start(ctx, userpilot.ExportRequest{}); return err }},
	}
	for _, tt := range calls {
		t.Run(tt.op, func(t *testing.T) { undecodable(t, tt.call(), tt.op, 200, "") })
	}
	_, err := answering(t, 201, `{"job_id":"export:jobs:1","status":5}`).Exports.Start(ctx, userpilot.ExportRequest{})
	undecodable(t, err, "startExport", 201, "export:jobs:1")
}
