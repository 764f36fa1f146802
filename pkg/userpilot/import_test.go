package userpilot_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit"

	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/userpilot"
	"github.com/cdpkit/cdpkit/pkg/userpilot/userpilottest"
)

// importRows yields n rows of every kind, as an application would build them.
func importRows(n int) iter.Seq[userpilot.ImportEvent] {
	at := time.Date(2024, 7, 28, 8, 55, 35, 874555000, time.UTC)
	return func(yield func(userpilot.ImportEvent) bool) {
		for i := range n {
			row := userpilot.ImportEvent{UserID: fmt.Sprintf("u-%d", i%50), InsertedAt: userpilot.FormatTime(at.Add(time.Duration(i) * time.Second))}
			switch i % 4 {
			case 0:
				row.EventType, row.Metadata = userpilot.ImportIdentifyUser, userpilot.Metadata{"plan": "pro"}
			case 1:
				row.EventType, row.UserID, row.CompanyID = userpilot.ImportIdentifyCompany, "", fmt.Sprintf("c-%d", i%7)
			case 2:
				row.EventType, row.Hostname, row.Pathname = userpilot.ImportPageView, "app.example.com", "/reports"
			default:
				row.EventType, row.EventName, row.Metadata = userpilot.ImportTrack, "report_exported", userpilot.Metadata{"rows": i}
			}
			if !yield(row) {
				return
			}
		}
	}
}

func TestImportStreamsAFileAndReportsProgress(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t, []userpilottest.Option{userpilottest.WithJobStepDelay(time.Millisecond)})
	var file bytes.Buffer
	if _, err := io.Copy(&file, userpilot.EncodeImportEvents(importRows(20_000))); err != nil {
		t.Fatal(err)
	}
	size := int64(file.Len())
	var reports []userpilot.Progress
	job, err := client.Import(context.Background(), bytes.NewReader(file.Bytes()),
		userpilot.ImportProgress(func(p userpilot.Progress) { reports = append(reports, p) }))
	if err != nil {
		t.Fatal(err)
	}
	if len(reports) < 2 {
		t.Fatalf("got %d progress reports for %d bytes, want one per MiB and a final one", len(reports), size)
	}
	last := reports[len(reports)-1]
	if !last.Done || last.Sent != size || last.Total != size || last.Percent() != 100 {
		t.Errorf("final report = %+v, want Done with %d of %d bytes", last, size, size)
	}
	for _, p := range reports[:len(reports)-1] {
		if p.Total != size || p.Sent > size || p.Done {
			t.Errorf("report %+v: total must be known from the bytes.Reader", p)
		}
	}
	done, err := client.Jobs.Wait(context.Background(), job.JobID)
	if err != nil {
		t.Fatal(err)
	}
	if rows, _ := done.TotalRows.Int64(); rows != 20_000 {
		t.Errorf("job total_rows = %d, want 20000", rows)
	}
	if n := len(srv.ImportedRows()); n != 10_000 {
		t.Errorf("fake kept %d rows, want the first 10000", n)
	}
	if len(srv.EventsFor("u-3")) == 0 {
		t.Error("imported track rows are not visible as events")
	}
}

func TestImportSizeFromAFile(t *testing.T) {
	t.Parallel()
	_, client := newTestClient(t, nil)
	path := filepath.Join(t.TempDir(), "history.csv")
	if err := os.WriteFile(path, []byte("event_type,user_id,event_name,source,inserted_at\ntrack,u1,clicked,backend-http-import,2024-07-28 08:55:35.874555\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	var final userpilot.Progress
	job, err := client.Import(context.Background(), f, userpilot.ImportFilename("history.csv"),
		userpilot.ImportProgress(func(p userpilot.Progress) { final = p }))
	if err != nil {
		t.Fatal(err)
	}
	if final.Total != fi.Size() || !final.Done {
		t.Errorf("final progress = %+v, want the file's size %d", final, fi.Size())
	}
	if rows, _ := job.TotalRows.Int64(); rows != 1 || job.Filename != "history.csv" {
		t.Errorf("job = %+v, want 1 CSV row from history.csv", job)
	}
	if _, err := f.Read(make([]byte, 1)); err == nil {
		t.Error("Import did not close the file it was handed")
	}
}

func TestSecondImportGetsATypedConflictThatWaitResolves(t *testing.T) {
	t.Parallel()
	_, client, stepping := steppedTestClient(t)
	ctx := context.Background()
	first, err := client.Import(ctx, userpilot.EncodeImportEvents(importRows(10)))
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.Import(ctx, userpilot.EncodeImportEvents(importRows(10)))
	var busy *userpilot.JobRunningError
	if !errors.As(err, &busy) || busy.Kind != userpilot.KindImport || busy.JobID != first.JobID {
		t.Fatalf("error = %v, want a *JobRunningError naming %s", err, first.JobID)
	}
	var apiErr *userpilot.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 409 {
		t.Errorf("underlying error = %v, want the 409", apiErr)
	}
	if _, err := client.Jobs.Wait(ctx, busy.JobID, stepping); err != nil {
		t.Fatal(err)
	}
	if _, err := client.Import(ctx, userpilot.EncodeImportEvents(importRows(10))); err != nil {
		t.Fatalf("import after waiting: %v", err)
	}
}

func TestEncodeImportEventsChecksRows(t *testing.T) {
	t.Parallel()
	tests := []struct {
		row       userpilot.ImportEvent
		wantField string
	}{
		{userpilot.ImportEvent{EventType: userpilot.ImportTrack, UserID: "u"}, "rows[0].event_name"},
		{userpilot.ImportEvent{EventType: userpilot.ImportIdentifyCompany}, "rows[0].company_id"},
		{userpilot.ImportEvent{EventType: userpilot.ImportPageView, UserID: "u"}, "rows[0]"},
		{userpilot.ImportEvent{EventType: "signup", UserID: "u"}, "rows[0].event_type"},
		{userpilot.ImportEvent{EventType: userpilot.ImportIdentifyUser, UserID: "u", Metadata: userpilot.Metadata{"a": map[string]int{}}}, `rows[0].metadata["a"]`},
	}
	for _, tt := range tests {
		_, err := io.ReadAll(userpilot.EncodeImportEvents(func(yield func(userpilot.ImportEvent) bool) { yield(tt.row) }))
		var verr *userpilot.ValidationError
		if !errors.As(err, &verr) || verr.Field != tt.wantField {
			t.Errorf("row %+v: error = %v, want a *ValidationError for %s", tt.row, err, tt.wantField)
		}
	}
	// Defaults: source and inserted_at are filled in.
	out, err := io.ReadAll(userpilot.EncodeImportEvents(func(yield func(userpilot.ImportEvent) bool) {
		yield(userpilot.ImportEvent{EventType: userpilot.ImportIdentifyUser, UserID: "u"})
	}))
	if err != nil || !strings.Contains(string(out), `"source":"backend-http-import"`) || !strings.Contains(string(out), `"inserted_at":"20`) {
		t.Errorf("encoded %s, %v; want source and inserted_at defaulted", out, err)
	}
}

func TestImportRejectsABadRowWithTheServersError(t *testing.T) {
	t.Parallel()
	_, client := newTestClient(t, nil)
	file := `{"event_type":"track","user_id":"u1","source":"backend-http-import","inserted_at":"2024-07-28T08:55:35Z"}` + "\n"
	_, err := client.Import(context.Background(), strings.NewReader(file))
	if !cdpkit.IsBadRequest(err) || !strings.Contains(err.Error(), "event_name") {
		t.Fatalf("error = %v, want a 400 naming event_name", err)
	}
}

// A 409 whose job has finished by the time the job list is read still
// names that job, so that waiting for it and sending again works.
func TestConflictNamesAJobThatFinishedMeanwhile(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/v1/background_jobs" {
			_, _ = io.WriteString(w, `[{"job_id":"bulk:jobs:1","status":"completed"},{"job_id":"import:jobs:2","status":"completed"}]`)
			return
		}
		w.WriteHeader(http.StatusConflict)
		_, _ = io.WriteString(w, `{"errors":[{"message":"an import job is already running"}]}`)
	}))
	defer srv.Close()
	client, err := userpilot.NewClient(append([]option.RequestOption{option.WithBaseURL(srv.URL), option.WithAPIKey("conflict-test-key")}, fast()...)...)
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.Import(context.Background(), strings.NewReader("{}\n"))
	var busy *userpilot.JobRunningError
	if !errors.As(err, &busy) || busy.Kind != userpilot.KindImport || busy.JobID != "import:jobs:2" {
		t.Fatalf("error = %v, want a *JobRunningError naming import:jobs:2", err)
	}
}
