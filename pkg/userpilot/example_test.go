package userpilot_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/userpilot"
	"github.com/cdpkit/cdpkit/pkg/userpilot/userpilottest"
)

// The in-memory fake stands in for Userpilot here; with USERPILOT_API_KEY
// set, userpilot.NewClient() alone talks to the real service.
func Example() {
	srv := userpilottest.New()
	defer srv.Close()

	client, err := userpilot.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey(srv.APIKey))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	err = client.Identify(ctx, userpilot.User{
		UserID:    "ada",
		CompanyID: "analytical-engines",
		Metadata:  userpilot.Metadata{"name": "Ada Lovelace", "plan": "pro", "seats": 3},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	err = client.Track(ctx, userpilot.Event{UserID: "ada", EventName: "report_exported", Metadata: userpilot.Metadata{"rows": 120}})
	if err != nil {
		fmt.Println(err)
		return
	}
	user, _ := srv.User("ada")
	fmt.Println("identified:", user.UserID, "of", user.CompanyID, "on plan", user.Metadata["plan"])
	fmt.Println("events:", len(srv.EventsFor("ada")))

	// Metadata values must be primitives; anything else is refused before
	// a request is made, naming the key.
	err = client.Identify(ctx, userpilot.User{UserID: "ada", Metadata: userpilot.Metadata{"tags": []string{"beta"}}})
	fmt.Println(err)
	// Output:
	// identified: ada of analytical-engines on plan pro
	// events: 1
	// userpilot: user.metadata["tags"]: is a []string, not a primitive value: Userpilot accepts strings, numbers, booleans, nil and time.Time; join lists into a string or flatten nested values into separate keys
}

// Bulk updates are split into requests of at most 10,000 records and
// 50 MB; Userpilot runs one bulk job at a time, so the client waits for each
// job before sending the next request.
func ExampleClient_BulkIdentifyUsers() {
	srv := userpilottest.New()
	defer srv.Close()
	client, _ := userpilot.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey(srv.APIKey),
		userpilot.WithPolling(10*time.Millisecond, 100*time.Millisecond))

	users := make([]userpilot.User, 25_000)
	for i := range users {
		users[i] = userpilot.User{UserID: fmt.Sprintf("user-%05d", i), Metadata: userpilot.Metadata{"cohort": "2024-Q3"}}
	}
	ctx := context.Background()
	res, err := client.BulkIdentifyUsers(ctx, users, userpilot.OnRequest(func(job userpilot.Job, n int) {
		fmt.Printf("request accepted: %d users, job %s\n", n, job.Status)
	}))
	if err != nil {
		fmt.Println(err)
		return
	}
	last, err := client.Jobs.Wait(ctx, res.LastJob().JobID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d users in %d requests; last job %s\n", res.Records, len(res.Jobs), last.Status)
	fmt.Println("users stored:", len(srv.Users()))
	// Output:
	// request accepted: 10000 users, job queued
	// request accepted: 10000 users, job queued
	// request accepted: 5000 users, job queued
	// 25000 users in 3 requests; last job completed
	// users stored: 25000
}

// Import streams a file of historical events; EncodeImportEvents produces
// one from typed rows without holding it in memory.
func ExampleClient_Import() {
	srv := userpilottest.New()
	defer srv.Close()
	client, _ := userpilot.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey(srv.APIKey),
		userpilot.WithPolling(10*time.Millisecond, 100*time.Millisecond))

	at := time.Date(2024, 7, 28, 8, 0, 0, 0, time.UTC)
	rows := func(yield func(userpilot.ImportEvent) bool) {
		for i := range 3 {
			if !yield(userpilot.ImportEvent{
				EventType:  userpilot.ImportTrack,
				UserID:     "ada",
				EventName:  "report_exported",
				InsertedAt: userpilot.FormatTime(at.Add(time.Duration(i) * time.Hour)),
			}) {
				return
			}
		}
	}
	ctx := context.Background()
	job, err := client.Import(ctx, userpilot.EncodeImportEvents(rows), userpilot.ImportProgress(func(p userpilot.Progress) {
		if p.Done {
			fmt.Println("uploaded bytes:", p.Sent)
		}
	}))
	if err != nil {
		fmt.Println(err)
		return
	}
	done, err := client.Jobs.Wait(ctx, job.JobID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("import", done.Status, "with", done.TotalRows, "rows")
	// Output:
	// uploaded bytes: 435
	// import completed with 3 rows
}

// Wait polls with backoff until a job completes or fails; a failed job is
// a *JobFailedError carrying the server's reasons.
func ExampleJobsService_Wait() {
	srv := userpilottest.New()
	defer srv.Close()
	client, _ := userpilot.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey(srv.APIKey),
		userpilot.WithPolling(10*time.Millisecond, 100*time.Millisecond))
	ctx := context.Background()

	srv.FailNextJob("line 2: company_id is not a string")
	res, err := client.BulkIdentifyCompanies(ctx, []userpilot.Company{{CompanyID: "acme"}, {CompanyID: "globex"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = client.Jobs.Wait(ctx, res.LastJob().JobID)
	var failed *userpilot.JobFailedError
	if errors.As(err, &failed) {
		fmt.Println("job failed:", failed.Errors[0].Details)
	}

	res, _ = client.BulkIdentifyCompanies(ctx, []userpilot.Company{{CompanyID: "acme"}, {CompanyID: "globex"}})
	job, err := client.Jobs.Wait(ctx, res.LastJob().JobID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("retry:", job.Status, job.CompletedRows, "rows")
	// Output:
	// job failed: line 2: company_id is not a string
	// retry: completed 2 rows
}
