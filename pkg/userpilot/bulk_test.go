package userpilot_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/cdpkit/cdpkit/pkg/option"
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
	// 51 records of about 20 KB under a 1,000,000-byte limit: 49 fit, the
	// 50th would not. (The default limit is checked at full size below.)
	const limit = 1_000_000
	blob := strings.Repeat("x", 20_000)
	companies := make([]userpilot.Company, 51)
	for i := range companies {
		companies[i] = userpilot.Company{CompanyID: fmt.Sprintf("c-%02d", i), Metadata: userpilot.Metadata{"notes": blob}}
	}
	for _, upload := range []bool{false, true} {
		t.Run(map[bool]string{false: "json", true: "ndjson upload"}[upload], func(t *testing.T) {
			t.Parallel()
			wire := &wireRecorder{}
			srv, client := newTestClient(t, []userpilottest.Option{userpilottest.WithJobStepDelay(0)}, option.WithHTTPClient(&http.Client{Transport: wire}))
			opts := []userpilot.BulkOption{userpilot.ChunkLimits(0, limit)}
			if upload {
				opts = append(opts, userpilot.AsNDJSONUpload())
			}
			res, err := client.BulkIdentifyCompanies(context.Background(), companies, opts...)
			if err != nil {
				t.Fatal(err)
			}
			rows, files := jobSizes(srv)
			if fmt.Sprint(rows) != "[49 2]" || res.Records != 51 {
				t.Errorf("requests carried %v records (%d in all), want [49 2]", rows, res.Records)
			}
			// What counts against the limit: the JSON body, or the NDJSON file.
			sizes := wire.sent("/v1/companies/bulk_identify")
			if upload {
				sizes = files
			}
			if len(sizes) != 2 {
				t.Fatalf("sizes %v, want two requests", sizes)
			}
			for i, b := range sizes {
				if b <= 0 || b > limit {
					t.Errorf("request %d carried %d bytes; want a known size within the %d limit", i, b, limit)
				}
			}
			if sizes[0] < limit-21_000 {
				t.Errorf("first request carried %d bytes; the chunk should be filled up to the limit", sizes[0])
			}
		})
	}
}

// TestBulkSplitsAtFiftyMegabytesByDefault sends 26 companies of 2 MB to a
// stand-in that only counts (the fake would spend its time validating
// 50 MB bodies): 24 fit under MaxBulkBytes, and every request goes out with
// a Content-Length within it.
func TestBulkSplitsAtFiftyMegabytesByDefault(t *testing.T) {
	t.Parallel()
	blob := strings.Repeat("z", 2_000_000)
	companies := make([]userpilot.Company, 26)
	for i := range companies {
		companies[i] = userpilot.Company{CompanyID: fmt.Sprintf("c-%02d", i), Metadata: userpilot.Metadata{"notes": blob}}
	}
	sink := &bulkSink{needle: []byte(`"company_id"`)}
	srv := httptest.NewServer(sink)
	defer srv.Close()
	wire := &wireRecorder{}
	client, err := userpilot.NewClient(append([]option.RequestOption{option.WithBaseURL(srv.URL), option.WithAPIKey("bulk-test-key"),
		option.WithHTTPClient(&http.Client{Transport: wire})}, fast()...)...)
	if err != nil {
		t.Fatal(err)
	}
	var perRequest []int
	if _, err := client.BulkIdentifyCompanies(context.Background(), companies, userpilot.OnRequest(func(_ userpilot.Job, n int) { perRequest = append(perRequest, n) })); err != nil {
		t.Fatal(err)
	}
	sizes := wire.sent("/v1/companies/bulk_identify")
	if fmt.Sprint(perRequest) != "[24 2]" || sink.records.Load() != 26 || len(sizes) != 2 {
		t.Fatalf("requests carried %v records, sink counted %d, lengths %v; want [24 2]", perRequest, sink.records.Load(), sizes)
	}
	if sizes[0] > userpilot.MaxBulkBytes || sizes[0] < userpilot.MaxBulkBytes-2_100_000 {
		t.Errorf("first request carried %d bytes, want just under %d", sizes[0], userpilot.MaxBulkBytes)
	}
}

func TestBulkRejectsARecordOverTheByteLimit(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t, nil)
	huge := userpilot.Company{CompanyID: "big", Metadata: userpilot.Metadata{"notes": strings.Repeat("x", 100_000)}}
	_, err := client.BulkIdentifyCompanies(context.Background(), []userpilot.Company{{CompanyID: "ok"}, huge}, userpilot.ChunkLimits(0, 100_000))
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
