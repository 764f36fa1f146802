package userpilot_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/cdpkit/cdpkit/pkg/userpilot"
	"github.com/cdpkit/cdpkit/pkg/userpilot/userpilottest"
)

func makeUsers(n int) []userpilot.User {
	users := make([]userpilot.User, n)
	for i := range users {
		users[i] = userpilot.User{UserID: "u-" + strconv.Itoa(i), CompanyID: "c-" + strconv.Itoa(i%5), Metadata: userpilot.Metadata{"n": i}}
	}
	return users
}

// jobSizes returns rows and bytes of every job the fake holds, oldest first.
func jobSizes(srv *userpilottest.Server) (rows []int, bytes []int64) {
	jobs := srv.Jobs()
	for i := len(jobs) - 1; i >= 0; i-- {
		r, _ := jobs[i].TotalRows.Int64()
		b, _ := jobs[i].FileSize.Int64()
		rows, bytes = append(rows, int(r)), append(bytes, b)
	}
	return rows, bytes
}

func TestBulkSplitsAtTheRecordLimit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		records  int
		wantRows []int
	}{
		{1, []int{1}},
		{userpilot.MaxBulkRecords, []int{userpilot.MaxBulkRecords}},
		{userpilot.MaxBulkRecords + 1, []int{userpilot.MaxBulkRecords, 1}},
		{2*userpilot.MaxBulkRecords + 500, []int{userpilot.MaxBulkRecords, userpilot.MaxBulkRecords, 500}},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.records), func(t *testing.T) {
			t.Parallel()
			srv, client := newTestClient(t, []userpilottest.Option{userpilottest.WithJobStepDelay(0)})
			var perRequest []int
			res, err := client.BulkIdentifyUsers(context.Background(), makeUsers(tt.records),
				userpilot.OnRequest(func(_ userpilot.Job, n int) { perRequest = append(perRequest, n) }))
			if err != nil {
				t.Fatal(err)
			}
			rows, _ := jobSizes(srv)
			if fmt.Sprint(rows) != fmt.Sprint(tt.wantRows) || fmt.Sprint(perRequest) != fmt.Sprint(tt.wantRows) {
				t.Errorf("requests carried %v (fake) / %v (client), want %v", rows, perRequest, tt.wantRows)
			}
			if res.Records != tt.records || len(res.Jobs) != len(tt.wantRows) {
				t.Errorf("result = %d records in %d jobs", res.Records, len(res.Jobs))
			}
			// Every job but the last was waited for before the next request.
			for _, j := range res.Jobs[:len(res.Jobs)-1] {
				if j.Status != userpilot.JobCompleted {
					t.Errorf("job %s = %s, want completed before the next request", j.JobID, j.Status)
				}
			}
			if _, err := client.Jobs.Wait(context.Background(), res.LastJob().JobID); err != nil {
				t.Fatal(err)
			}
			if n := len(srv.Users()); n != tt.records {
				t.Errorf("fake stored %d users, want %d", n, tt.records)
			}
		})
	}
}

func TestBulkSplitsAtTheByteLimit(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t, []userpilottest.Option{userpilottest.WithJobStepDelay(0)})
	// 51 records of about 1 MB: 49 fit under 50,000,000 bytes, the 50th would not.
	blob := strings.Repeat("x", 1_000_000)
	companies := make([]userpilot.Company, 51)
	for i := range companies {
		companies[i] = userpilot.Company{CompanyID: fmt.Sprintf("c-%02d", i), Metadata: userpilot.Metadata{"notes": blob}}
	}
	res, err := client.BulkIdentifyCompanies(context.Background(), companies)
	if err != nil {
		t.Fatal(err)
	}
	rows, sizes := jobSizes(srv)
	if fmt.Sprint(rows) != "[49 2]" {
		t.Errorf("requests carried %v records, want [49 2]", rows)
	}
	for i, b := range sizes {
		if b > userpilot.MaxBulkBytes {
			t.Errorf("request %d uploaded %d bytes, over the %d limit", i, b, userpilot.MaxBulkBytes)
		}
	}
	if sizes[0] < userpilot.MaxBulkBytes-1_100_000 {
		t.Errorf("first request uploaded %d bytes; the chunk should be filled up to the limit", sizes[0])
	}
	if res.Records != 51 {
		t.Errorf("records = %d, want 51", res.Records)
	}
}

func TestBulkRejectsARecordOverTheByteLimit(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t, nil)
	huge := userpilot.Company{CompanyID: "big", Metadata: userpilot.Metadata{"notes": strings.Repeat("x", userpilot.MaxBulkBytes)}}
	_, err := client.BulkIdentifyCompanies(context.Background(), []userpilot.Company{{CompanyID: "ok"}, huge})
	var verr *userpilot.ValidationError
	if !errors.As(err, &verr) || verr.Field != "companies[1]" {
		t.Fatalf("error = %v, want a *ValidationError for companies[1]", err)
	}
	var berr *userpilot.BulkError
	if !errors.As(err, &berr) || berr.Accepted != 1 {
		t.Errorf("error = %v, want a *BulkError with 1 accepted record", err)
	}
	if got := len(srv.Jobs()); got != 1 {
		t.Errorf("fake has %d jobs, want 1 (the oversized record is never sent)", got)
	}
}

// ndjsonUsers generates n NDJSON user lines on the fly.
func ndjsonUsers(n int, bad map[int]string) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		for i := range n {
			line := fmt.Sprintf(`{"user_id":"u-%d","metadata":{"n":%d}}`, i, i)
			if b, ok := bad[i]; ok {
				line = b
			}
			if _, err := io.WriteString(pw, line+"\n"); err != nil {
				return
			}
		}
		pw.Close()
	}()
	return pr
}

func TestBulkFromReaderAndSequenceStreamsInChunks(t *testing.T) {
	t.Parallel()
	const n = 2*userpilot.MaxBulkRecords + 1
	seq := func(yield func(userpilot.User, error) bool) {
		for i := range n {
			if !yield(userpilot.User{UserID: "s-" + strconv.Itoa(i)}, nil) {
				return
			}
		}
	}
	tests := []struct {
		name string
		run  func(*userpilot.Client) (*userpilot.BulkResult, error)
	}{
		{"ndjson", func(c *userpilot.Client) (*userpilot.BulkResult, error) {
			return c.BulkIdentifyUsersNDJSON(context.Background(), ndjsonUsers(n, nil))
		}},
		{"seq", func(c *userpilot.Client) (*userpilot.BulkResult, error) {
			return c.BulkIdentifyUsersSeq(context.Background(), iter.Seq2[userpilot.User, error](seq))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, client := newTestClient(t, []userpilottest.Option{userpilottest.WithJobStepDelay(0)})
			res, err := tt.run(client)
			if err != nil {
				t.Fatal(err)
			}
			rows, _ := jobSizes(srv)
			if fmt.Sprint(rows) != "[10000 10000 1]" || res.Records != n {
				t.Errorf("requests carried %v, result %d records; want [10000 10000 1]", rows, res.Records)
			}
		})
	}
}

func TestBulkReaderStopsAtABadLineAndReportsProgress(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t, []userpilottest.Option{userpilottest.WithJobStepDelay(0)})
	r := ndjsonUsers(15_000, map[int]string{12_345: `{"user_id":"u-bad","metadata":{"tags":["a","b"]}}`})
	_, err := client.BulkIdentifyUsersNDJSON(context.Background(), r)
	var berr *userpilot.BulkError
	if !errors.As(err, &berr) || berr.Accepted != userpilot.MaxBulkRecords || len(berr.Jobs) != 1 {
		t.Fatalf("error = %v, want a *BulkError after %d accepted records", err, userpilot.MaxBulkRecords)
	}
	var verr *userpilot.ValidationError
	if !errors.As(err, &verr) || verr.Field != `line 12346.metadata["tags"]` {
		t.Errorf("cause = %v, want the bad line named", berr.Err)
	}
	if got := len(srv.Jobs()); got != 1 {
		t.Errorf("fake has %d jobs, want 1: the aborted upload must not start a job", got)
	}
}

func TestBulkFromSliceIsRetriedWithTheSameRecords(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t, []userpilottest.Option{userpilottest.WithJobStepDelay(0)})
	srv.InjectFaults(userpilottest.Fault{Status: http.StatusServiceUnavailable}, userpilottest.Fault{Status: http.StatusTooManyRequests})
	res, err := client.BulkIdentifyUsers(context.Background(), makeUsers(300))
	if err != nil {
		t.Fatalf("bulk after transient faults: %v", err)
	}
	if _, err := client.Jobs.Wait(context.Background(), res.LastJob().JobID); err != nil {
		t.Fatal(err)
	}
	if rows, _ := jobSizes(srv); fmt.Sprint(rows) != "[300]" || len(srv.Users()) != 300 {
		t.Errorf("jobs %v, %d users; want one job of 300", rows, len(srv.Users()))
	}
}

func TestBulkFromStreamIsNotRetried(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t, nil)
	srv.InjectFaults(userpilottest.Fault{Status: http.StatusServiceUnavailable})
	_, err := client.BulkIdentifyUsersNDJSON(context.Background(), ndjsonUsers(10, nil))
	if err == nil || !strings.Contains(err.Error(), "not retried") {
		t.Fatalf("error = %v, want one saying the stream was not retried", err)
	}
	if n := srv.Stats().Requests; n != 1 {
		t.Errorf("fake saw %d requests, want 1", n)
	}
}

func TestBulkConflictNamesTheRunningJob(t *testing.T) {
	t.Parallel()
	srv, client, stepping := steppedTestClient(t)
	first, err := client.BulkIdentifyUsers(context.Background(), makeUsers(3))
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.BulkIdentifyCompanies(context.Background(), []userpilot.Company{{CompanyID: "c"}})
	var busy *userpilot.JobRunningError
	if !errors.As(err, &busy) || busy.Kind != userpilot.KindBulk || busy.JobID != first.LastJob().JobID {
		t.Fatalf("error = %v, want a *JobRunningError naming %s", err, first.LastJob().JobID)
	}
	if !userpilot.IsJobRunning(err) {
		t.Error("IsJobRunning = false")
	}
	if _, err := client.Jobs.Wait(context.Background(), busy.JobID, stepping); err != nil {
		t.Fatal(err)
	}
	if _, err := client.BulkIdentifyCompanies(context.Background(), []userpilot.Company{{CompanyID: "c"}}); err != nil {
		t.Fatalf("after waiting: %v", err)
	}
	if got := len(srv.Jobs()); got != 2 {
		t.Errorf("jobs = %d, want 2", got)
	}
}
