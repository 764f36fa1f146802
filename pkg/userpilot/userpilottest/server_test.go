package userpilottest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	gen "github.com/cdpkit/cdpkit/gen/userpilot"
	"github.com/cdpkit/cdpkit/pkg/userpilot/userpilottest"
)

// rawClient talks to the fake with the generated client and plain
// net/http, so the fake is tested independently of the wrapper.
func rawClient(t *testing.T, srv *userpilottest.Server, key string) *gen.ClientWithResponses {
	t.Helper()
	c, err := gen.NewClientWithResponses(srv.URL, gen.WithHTTPClient(srv.Client()), gen.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
		r.Header.Set("Authorization", "Token "+key)
		r.Header.Set("X-API-Version", userpilottest.APIVersion)
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func errorEnvelope(t *testing.T, body []byte) gen.ErrorDetail {
	t.Helper()
	var env gen.ErrorResponse
	if err := json.Unmarshal(body, &env); err != nil || len(env.Errors) == 0 {
		t.Fatalf("body %s is not Userpilot's error envelope: %v", body, err)
	}
	return env.Errors[0]
}

func TestRejectsWhatTheAPIRejects(t *testing.T) {
	t.Parallel()
	srv := userpilottest.NewServer(t)
	ctx := context.Background()
	good := rawClient(t, srv, srv.APIKey)
	tests := []struct {
		name       string
		do         func() (*http.Response, []byte, error)
		wantStatus int
		wantText   string
	}{
		{"wrong key", func() (*http.Response, []byte, error) {
			r, err := rawClient(t, srv, "app-token-not-key").IdentifyUserWithResponse(ctx, gen.IdentifyUserRequest{UserID: "u"})
			return resp(r, err)
		}, 401, "Invalid API key"},
		{"missing user_id", func() (*http.Response, []byte, error) {
			r, err := good.IdentifyUserWithBodyWithResponse(ctx, "application/json", strings.NewReader(`{"metadata":{}}`))
			return resp(r, err)
		}, 400, "user_id"},
		{"nested metadata", func() (*http.Response, []byte, error) {
			r, err := good.TrackEventWithResponse(ctx, gen.Event{UserID: "u", EventName: "e", Metadata: gen.Metadata{"cart": map[string]any{"n": 1}}})
			return resp(r, err)
		}, 400, "cart"},
		{"empty object", func() (*http.Response, []byte, error) {
			r, err := good.IdentifyUserWithBodyWithResponse(ctx, "application/json", strings.NewReader(`{}`))
			return resp(r, err)
		}, 400, "user_id"},
		{"array metadata value", func() (*http.Response, []byte, error) {
			r, err := good.BulkIdentifyUsersWithBodyWithResponse(ctx, "application/json", strings.NewReader(`{"users":[{"user_id":"u","metadata":{"tags":["a"]}}]}`))
			return resp(r, err)
		}, 400, "tags"},
		{"company without an id", func() (*http.Response, []byte, error) {
			r, err := good.IdentifyUserWithBodyWithResponse(ctx, "application/json", strings.NewReader(`{"user_id":"u","company":{"name":"Acme"}}`))
			return resp(r, err)
		}, 400, "company"},
		{"company ids that disagree", func() (*http.Response, []byte, error) {
			r, err := good.IdentifyUserWithBodyWithResponse(ctx, "application/json", strings.NewReader(`{"user_id":"u","company":{"id":"a","company_id":"b"}}`))
			return resp(r, err)
		}, 400, "different companies"},
		{"unknown job", func() (*http.Response, []byte, error) {
			r, err := good.GetBackgroundJobWithResponse(ctx, "bulk:jobs:nope")
			return resp(r, err)
		}, 404, "no job"},
		{"delete without body", func() (*http.Response, []byte, error) {
			r, err := good.DeleteUsersWithBodyWithResponse(ctx, "application/json", http.NoBody)
			return resp(r, err)
		}, 400, "request body"},
		{"delete with ids that are not strings", func() (*http.Response, []byte, error) {
			r, err := good.DeleteUsersWithBodyWithResponse(ctx, "application/json", strings.NewReader(`{"users":[42]}`))
			return resp(r, err)
		}, 400, "users"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, body, err := tt.do()
			if err != nil {
				t.Fatal(err)
			}
			if r.StatusCode != tt.wantStatus {
				t.Fatalf("status = %d, want %d: %s", r.StatusCode, tt.wantStatus, body)
			}
			d := errorEnvelope(t, body)
			if !strings.Contains(d.Message+" "+d.Details, tt.wantText) {
				t.Errorf("error %+v does not mention %q", d, tt.wantText)
			}
		})
	}
}

// TestAcceptsTheCompanyUnderEitherKeyAndNullValues: the vendor's file keys
// the company by company_id, its prose by id; a null property value
// removes the property.
func TestAcceptsTheCompanyUnderEitherKeyAndNullValues(t *testing.T) {
	t.Parallel()
	srv := userpilottest.NewServer(t)
	c := rawClient(t, srv, srv.APIKey)
	ctx := context.Background()
	for _, body := range []string{
		`{"user_id":"u1","metadata":{"plan":"pro"},"company":{"company_id":"acme","name":"Acme"}}`,
		`{"user_id":"u2","company":{"id":"globex"}}`,
		`{"user_id":"u3","company":{"id":"acme","company_id":"acme","seats":3}}`,
		`{"user_id":"u1","metadata":{"plan":null}}`,
	} {
		r, err := c.IdentifyUserWithBodyWithResponse(ctx, "application/json", strings.NewReader(body))
		if err != nil || r.StatusCode() != http.StatusAccepted {
			t.Fatalf("%s: %v %d %s", body, err, r.StatusCode(), r.Body)
		}
	}
	for user, company := range map[string]string{"u1": "acme", "u2": "globex", "u3": "acme"} {
		if u, ok := srv.User(user); !ok || u.CompanyID != company {
			t.Errorf("user %s = %+v, want company %s", user, u, company)
		}
	}
	if u, _ := srv.User("u1"); len(u.Metadata) != 0 {
		t.Errorf("u1 metadata = %v, want plan removed by null", u.Metadata)
	}
	if co, _ := srv.Company("acme"); co.Metadata["name"] != "Acme" || co.Metadata["seats"] != 3.0 || co.Metadata["company_id"] != nil {
		t.Errorf("acme = %+v, want name and seats and no id key among its properties", co)
	}
}

func TestRequiresAPIVersionOnIdentify(t *testing.T) {
	t.Parallel()
	srv := userpilottest.NewServer(t)
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/v1/identify", strings.NewReader(`{"user_id":"u1"}`))
	req.Header.Set("Authorization", "token "+srv.APIKey) // the scheme word is case-insensitive
	req.Header.Set("Content-Type", "application/json")
	r, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(r.Body)
	r.Body.Close()
	if r.StatusCode != 400 || !strings.Contains(string(body), "X-API-Version") {
		t.Fatalf("got %d %s, want 400 naming X-API-Version", r.StatusCode, body)
	}
}

func TestBulkUploadJobLifecycleAndConflict(t *testing.T) {
	t.Parallel()
	clock := userpilottest.NewManualClock(time.Date(2025, 5, 19, 7, 0, 0, 0, time.UTC))
	srv := userpilottest.NewServer(t, userpilottest.WithJobStepDelay(time.Minute), userpilottest.WithClock(clock.Now))
	c := rawClient(t, srv, srv.APIKey)
	ctx := context.Background()

	body, ctype := ndjsonUpload(t, `{"user_id":"u1","company_id":"c1","metadata":{"plan":"pro","seats":3}}`+"\n"+`{"user_id":"u2"}`+"\n")
	r, err := c.BulkIdentifyUsersWithBodyWithResponse(ctx, ctype, body)
	if err != nil || r.JSON202 == nil {
		t.Fatalf("bulk upload: %v %d %s", err, r.StatusCode(), r.Body)
	}
	job := r.JSON202
	if job.Status != gen.JobQueued || job.TotalRows.String() != "2" {
		t.Errorf("new job = %+v, want queued with 2 rows", job)
	}
	if _, ok := srv.User("u1"); ok {
		t.Error("records are visible before the job completed")
	}

	body, ctype = ndjsonUpload(t, `{"company_id":"c1"}`+"\n")
	busy, err := c.BulkIdentifyCompaniesWithBodyWithResponse(ctx, ctype, body)
	if err != nil || busy.StatusCode() != http.StatusConflict || busy.JSON409 == nil {
		t.Fatalf("second bulk job: %v %d %s, want 409", err, busy.StatusCode(), busy.Body)
	}

	// One step of the clock per look: every status shows, in order.
	var seen []gen.JobStatus
	for range 6 {
		g, err := c.GetBackgroundJobWithResponse(ctx, job.JobID)
		if err != nil || g.JSON200 == nil {
			t.Fatalf("get job: %v %s", err, g.Body)
		}
		seen = append(seen, g.JSON200.Status)
		if g.JSON200.Status == gen.JobCompleted {
			break
		}
		if _, ok := srv.User("u1"); ok {
			t.Errorf("records are visible while the job is %s", g.JSON200.Status)
		}
		clock.Advance(time.Minute)
	}
	want := []gen.JobStatus{gen.JobQueued, gen.JobValidating, gen.JobProcessing, gen.JobPendingRefresh, gen.JobCompleted}
	if !slices.Equal(seen, want) {
		t.Errorf("statuses = %v, want %v", seen, want)
	}
	u, ok := srv.User("u1")
	if !ok || u.CompanyID != "c1" || u.Metadata["plan"] != "pro" {
		t.Errorf("stored user = %+v, %v", u, ok)
	}
}

func TestFailNextJob(t *testing.T) {
	t.Parallel()
	srv := userpilottest.NewServer(t, userpilottest.WithJobStepDelay(0))
	srv.FailNextJob("row 2: user_id is empty")
	c := rawClient(t, srv, srv.APIKey)
	r, err := c.BulkIdentifyUsersWithResponse(context.Background(), gen.BulkUsersRequest{Users: []gen.UserRecord{{UserID: "u1"}}})
	if err != nil || r.JSON202 == nil {
		t.Fatalf("bulk: %v %s", err, r.Body)
	}
	g, err := c.GetBackgroundJobWithResponse(context.Background(), r.JSON202.JobID)
	if err != nil || g.JSON200 == nil {
		t.Fatal(err)
	}
	if g.JSON200.Status != gen.JobFailed || len(g.JSON200.Errors) != 1 || g.JSON200.Errors[0].Details != "row 2: user_id is empty" {
		t.Errorf("job = %+v, want failed with the details", g.JSON200)
	}
	if _, ok := srv.User("u1"); ok {
		t.Error("a failed job stored its records")
	}
}

func TestRateLimitAnswers429WithRetryAfter(t *testing.T) {
	t.Parallel()
	srv := userpilottest.NewServer(t, userpilottest.WithRateLimit(2, time.Minute))
	c := rawClient(t, srv, srv.APIKey)
	var last *gen.ValidateKeyResponse
	for range 3 {
		var err error
		if last, err = c.ValidateKeyWithResponse(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if last.StatusCode() != http.StatusTooManyRequests || last.HTTPResponse.Header.Get("Retry-After") == "" {
		t.Fatalf("third request: %d Retry-After=%q, want 429 with Retry-After", last.StatusCode(), last.HTTPResponse.Header.Get("Retry-After"))
	}
	if srv.Stats().RateLimited != 1 {
		t.Errorf("RateLimited = %d, want 1", srv.Stats().RateLimited)
	}
}

func TestDeleteSchedulesUntilTheDailyRun(t *testing.T) {
	t.Parallel()
	srv := userpilottest.NewServer(t)
	c := rawClient(t, srv, srv.APIKey)
	ctx := context.Background()
	if _, err := c.IdentifyUserWithResponse(ctx, gen.IdentifyUserRequest{UserID: "gone"}); err != nil {
		t.Fatal(err)
	}
	r, err := c.DeleteUsersWithResponse(ctx, gen.DeleteUsersRequest{Users: []string{"gone"}})
	if err != nil || r.JSON202 == nil {
		t.Fatalf("delete: %v %d %s", err, r.StatusCode(), r.Body)
	}
	if _, ok := srv.User("gone"); !ok {
		t.Fatal("user deleted before the daily run")
	}
	if got := srv.RunDailyDeletion(); len(got.Users) != 1 {
		t.Errorf("daily run deleted %+v", got)
	}
	if _, ok := srv.User("gone"); ok {
		t.Error("user still there after the daily run")
	}
}

func TestExportLifecycleAndDownload(t *testing.T) {
	t.Parallel()
	srv := userpilottest.NewServer(t, userpilottest.WithJobStepDelay(0), userpilottest.WithExportFileRows(2))
	c := rawClient(t, srv, srv.APIKey)
	ctx := context.Background()
	for i := range 3 {
		if _, err := c.TrackEventWithResponse(ctx, gen.Event{UserID: "u1", EventName: "clicked", Metadata: gen.Metadata{"n": i}}); err != nil {
			t.Fatal(err)
		}
	}
	start, err := c.StartExportWithResponse(ctx, gen.ExportRequest{EventTypes: []string{"track"}, Format: gen.ExportNDJSON})
	if err != nil || start.JSON201 == nil {
		t.Fatalf("start: %v %s", err, start.Body)
	}
	job, err := c.GetExportJobWithResponse(ctx, start.JSON201.JobID)
	if err != nil || job.JSON200 == nil || job.JSON200.Status != "completed" || len(job.JSON200.PresignedURLs) != 2 {
		t.Fatalf("job: %v %s", err, job.Body)
	}
	lines := 0
	for _, u := range job.JSON200.PresignedURLs {
		r, err := http.Get(u.URL)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(r.Body)
		r.Body.Close()
		lines += strings.Count(string(data), "\n")
	}
	if lines != 3 {
		t.Errorf("downloaded %d rows, want 3", lines)
	}
	// A presigned URL refuses credentials, like real storage does.
	req, _ := http.NewRequest(http.MethodGet, job.JSON200.PresignedURLs[0].URL, nil)
	req.Header.Set("Authorization", "Token "+srv.APIKey)
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != http.StatusBadRequest {
		t.Errorf("download with credentials: %d, want 400", r.StatusCode)
	}
}

func TestSegmentsPaginate(t *testing.T) {
	t.Parallel()
	srv := userpilottest.NewServer(t, userpilottest.WithPageSize(5))
	c := rawClient(t, srv, srv.APIKey)
	var cursor string
	var pages, items int
	for {
		r, err := c.ListSegmentsWithResponse(context.Background(), &gen.ListSegmentsParams{AfterCursor: cursor})
		if err != nil || r.JSON200 == nil {
			t.Fatalf("page %d: %v %s", pages, err, r.Body)
		}
		pages++
		items += len(r.JSON200.Data)
		if r.JSON200.Metadata.Cursor.After == nil {
			break
		}
		cursor = *r.JSON200.Metadata.Cursor.After
	}
	if pages != 3 || items != 12 {
		t.Errorf("%d items in %d pages, want 12 in 3", items, pages)
	}
}

// resp unpacks the generated response types the table above uses.
func resp(r any, err error) (*http.Response, []byte, error) {
	if err != nil {
		return nil, nil, err
	}
	switch x := r.(type) {
	case *gen.IdentifyUserResponse:
		return x.HTTPResponse, x.Body, nil
	case *gen.TrackEventResponse:
		return x.HTTPResponse, x.Body, nil
	case *gen.GetBackgroundJobResponse:
		return x.HTTPResponse, x.Body, nil
	case *gen.DeleteUsersResponse:
		return x.HTTPResponse, x.Body, nil
	case *gen.BulkIdentifyUsersResponse:
		return x.HTTPResponse, x.Body, nil
	}
	return nil, nil, fmt.Errorf("unexpected response type %T", r)
}

func ndjsonUpload(t *testing.T, content string) (io.Reader, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	part, err := mw.CreateFormFile("file", "records.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.WriteString(part, content)
	_ = mw.Close()
	return &buf, mw.FormDataContentType()
}
