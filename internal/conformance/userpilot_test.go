package conformance_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit/internal/conformance"
	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/userpilot"
	"github.com/cdpkit/cdpkit/pkg/userpilot/userpilottest"
)

// Userpilot: the vendor's OpenAPI file for the analytics host (seed 001)
// is the outside reference; exports, lookups, deletes and the key check
// rest on sources that are not among the seeds.

func init() {
	vendorFiles["testdata/userpilot/analytex.openapi.json"] = "22c5c513a953b3de210ded3c07ba6e6806d1d9f1f82d9dcbe988c38ac3cd2473"
	register(userpilotAPI)
}

// Sources of the methods the vendor's file does not cover, as the fact
// sheet (../shared/reference/userpilot-api.md) names them.
const (
	srcExports = "S2 (the vendor's OpenAPI file for appex.userpilot.io, not among the seeds) and the export prose S19–S20; fact sheet §9"
	srcLookups = "S2 (appex lookups) and the lookups prose S21; fact sheet §9.4"
	srcDelete  = "the delete prose S23 (Segment sends the same body, S27); fact sheet §10"
	srcOpen    = "presigned storage URLs from the export job (S2, S20); not an API call"
)

func userpilotAPI(t *testing.T) conformance.API {
	repairs, err := conformance.ParseRepairs(mustRead(t, "testdata/userpilot/analytex.repairs.json"))
	if err != nil {
		t.Fatal(err)
	}
	vendor, err := conformance.LoadOpenAPI("Userpilot's OpenAPI file for the analytics host (seed 001, testdata/userpilot)",
		mustRead(t, "testdata/userpilot/analytex.openapi.json"), repairs)
	if err != nil {
		t.Fatal(err)
	}
	project, err := conformance.ProjectSpec(context.Background(), "userpilot")
	if err != nil {
		t.Fatal(err)
	}
	return conformance.API{
		Name:    "Userpilot",
		Vendor:  []conformance.Reference{vendor},
		Project: project,
		Clients: []any{(*userpilot.Client)(nil), (*userpilot.JobsService)(nil), (*userpilot.ExportsService)(nil), (*userpilot.LookupsService)(nil)},
		Cases:   userpilotCases(),
		Notes: []string{
			"The file is kept unchanged in `internal/conformance/testdata/userpilot` with one repair " +
				"(the `{{job_id}}` path key); its README says where it comes from. Exports and lookups live " +
				"in the vendor's second file, for the appex host, which is not among the seeds.",
		},
		Decode:      userpilotDecode,
		StatusOf:    userpilotStatus,
		SendExample: userpilotSendExample,
	}
}

// upClient starts a fake whose jobs finish as soon as they are looked at,
// and returns it with a client that sends through hc.
func upClient(t *testing.T, hc *http.Client, opts ...option.RequestOption) (*userpilottest.Server, *userpilot.Client) {
	t.Helper()
	srv := userpilottest.NewServer(t, userpilottest.WithJobStepDelay(0), userpilottest.WithPageSize(2))
	c, err := userpilot.NewClient(append([]option.RequestOption{
		option.WithBaseURL(srv.URL), option.WithAPIKey(srv.APIKey), option.WithHTTPClient(hc),
		option.WithBackoff(time.Millisecond, 2*time.Millisecond),
		userpilot.WithPolling(time.Millisecond, 2*time.Millisecond),
		userpilot.WithRateLimits(userpilot.RateLimits{RealTimePerMinute: -1, DeleteEvery: -1}),
	}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

// setup returns a second client on the same fake that sends outside the
// recorder, for what a case needs done before the call it checks.
func setup(t *testing.T, srv *userpilottest.Server) *userpilot.Client {
	t.Helper()
	_, c := upClientOn(t, srv)
	return c
}

func upClientOn(t *testing.T, srv *userpilottest.Server) (*userpilottest.Server, *userpilot.Client) {
	t.Helper()
	c, err := userpilot.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey(srv.APIKey),
		userpilot.WithPolling(time.Millisecond, 2*time.Millisecond),
		userpilot.WithRateLimits(userpilot.RateLimits{RealTimePerMinute: -1, DeleteEvery: -1}))
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

func someUsers() []userpilot.User {
	return []userpilot.User{
		{UserID: "u-1", CompanyID: "acme", Metadata: userpilot.Metadata{"name": "Ada", "plan": "pro", "seats": 12, "trial": false, "churned_at": nil}},
		{UserID: "u-2", Metadata: userpilot.Metadata{"signed_up_at": time.Date(2025, 5, 19, 7, 29, 12, 0, time.UTC)}},
		{UserID: "u-3", CompanyID: "globex"},
	}
}

func someCompanies() []userpilot.Company {
	return []userpilot.Company{
		{CompanyID: "acme", Metadata: userpilot.Metadata{"name": "Acme", "mrr": 1200.5}},
		{CompanyID: "globex", Metadata: userpilot.Metadata{"name": "Globex"}},
		{CompanyID: "initech"},
	}
}

// seqOf yields items one at a time, as a database cursor would.
func seqOf[T any](items []T) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for _, it := range items {
			if !yield(it, nil) {
				return
			}
		}
	}
}

// twoPerRequest makes every bulk case send two requests with a job wait in
// between, so the record split and the wait are checked too.
var twoPerRequest = userpilot.ChunkLimits(2, 0)

func userpilotCases() []conformance.Case {
	cases := []conformance.Case{
		conformance.Case{Method: "Client.Identify", Run: func(ctx context.Context, t *testing.T, hc *http.Client) error {
			_, c := upClient(t, hc)
			return c.Identify(ctx, someUsers()[0])
		}},
		conformance.Case{Method: "Client.IdentifyCompany", Run: func(ctx context.Context, t *testing.T, hc *http.Client) error {
			_, c := upClient(t, hc)
			return c.IdentifyCompany(ctx, someCompanies()[0])
		}},
		conformance.Case{Method: "Client.Track", Run: func(ctx context.Context, t *testing.T, hc *http.Client) error {
			_, c := upClient(t, hc)
			return c.Track(ctx, userpilot.Event{UserID: "u-1", EventName: "report_exported", Metadata: userpilot.Metadata{"rows": 120, "format": "csv"}})
		}},
		conformance.Case{Method: "Client.ValidateKey", Source: "Segment's destination code calls it (S27); no Userpilot page documents it; fact sheet §11", Run: func(ctx context.Context, t *testing.T, hc *http.Client) error {
			_, c := upClient(t, hc)
			return c.ValidateKey(ctx)
		}},
		bulkCase("Client.BulkIdentifyUsers", func(ctx context.Context, c *userpilot.Client) error {
			_, err := c.BulkIdentifyUsers(ctx, someUsers(), twoPerRequest)
			return err
		}),
		bulkCase("Client.BulkIdentifyUsersSeq", func(ctx context.Context, c *userpilot.Client) error {
			_, err := c.BulkIdentifyUsersSeq(ctx, seqOf(someUsers()), twoPerRequest)
			return err
		}),
		bulkCase("Client.BulkIdentifyUsersNDJSON", func(ctx context.Context, c *userpilot.Client) error {
			_, err := c.BulkIdentifyUsersNDJSON(ctx, strings.NewReader(`{"user_id":"u-1","company_id":"acme","metadata":{"plan":"pro","seats":12}}`+"\n"+`{"user_id":"u-2"}`+"\n"+`{"user_id":"u-3","metadata":{"churned_at":null}}`+"\n"), twoPerRequest)
			return err
		}),
		bulkCase("Client.BulkIdentifyCompanies", func(ctx context.Context, c *userpilot.Client) error {
			_, err := c.BulkIdentifyCompanies(ctx, someCompanies(), twoPerRequest)
			return err
		}),
		bulkCase("Client.BulkIdentifyCompaniesSeq", func(ctx context.Context, c *userpilot.Client) error {
			_, err := c.BulkIdentifyCompaniesSeq(ctx, seqOf(someCompanies()), twoPerRequest)
			return err
		}),
		bulkCase("Client.BulkIdentifyCompaniesNDJSON", func(ctx context.Context, c *userpilot.Client) error {
			_, err := c.BulkIdentifyCompaniesNDJSON(ctx, strings.NewReader(`{"company_id":"acme","metadata":{"name":"Acme"}}`+"\n"+`{"company_id":"globex"}`+"\n"+`{"company_id":"initech"}`+"\n"), twoPerRequest)
			return err
		}),
		conformance.Case{Method: "Client.Import", Run: func(ctx context.Context, t *testing.T, hc *http.Client) error {
			_, c := upClient(t, hc)
			rows := []userpilot.ImportEvent{
				{EventType: userpilot.ImportIdentifyUser, UserID: "u-1", Metadata: userpilot.Metadata{"plan": "pro"}, InsertedAt: "2024-07-28T08:55:35.874555Z"},
				{EventType: userpilot.ImportTrack, UserID: "u-1", EventName: "report_exported", InsertedAt: "2024-07-28T08:56:00.000000Z"},
			}
			_, err := c.Import(ctx, userpilot.EncodeImportEvents(func(yield func(userpilot.ImportEvent) bool) {
				for _, r := range rows {
					if !yield(r) {
						return
					}
				}
			}))
			return err
		}},
		conformance.Case{Method: "Client.DeleteUsers", Source: srcDelete, Run: func(ctx context.Context, t *testing.T, hc *http.Client) error {
			_, c := upClient(t, hc)
			_, err := c.DeleteUsers(ctx, "u-1", "u-2")
			return err
		}},
		conformance.Case{Method: "Client.DeleteCompanies", Source: srcDelete, Run: func(ctx context.Context, t *testing.T, hc *http.Client) error {
			_, c := upClient(t, hc)
			_, err := c.DeleteCompanies(ctx, "acme")
			return err
		}},
	}
	cases = append(cases, variantCases()...)
	cases = append(cases, jobCases()...)
	cases = append(cases, exportCases()...)
	cases = append(cases, lookupCases()...)
	return cases
}

// srcUpload is why the NDJSON upload departs from the vendor's file.
const srcUpload = "the multipart NDJSON upload is described by the prose (S10–S12), not by the OpenAPI file, which documents the JSON body only; the line format is inferred (x-unverified in the spec)"

// variantCases are the other ways of calling methods: the company keys of
// Identify and the NDJSON upload of the bulk methods.
func variantCases() []conformance.Case {
	cases := []conformance.Case{
		{Method: "Client.Identify", Variant: "with WithCompanyKeys(CompanyIDOnly)",
			Deviation: "sends only company.id, the key of the prose, the JavaScript SDK and RudderStack (S5, S9, S24, S28); the OpenAPI file requires company.company_id (fact sheet D8)",
			Run: func(ctx context.Context, t *testing.T, hc *http.Client) error {
				_, c := upClient(t, hc, userpilot.WithCompanyKeys(userpilot.CompanyIDOnly))
				return c.Identify(ctx, someUsers()[0])
			}},
		{Method: "Client.Identify", Variant: "with WithCompanyKeys(CompanyCompanyIDOnly)",
			Run: func(ctx context.Context, t *testing.T, hc *http.Client) error {
				_, c := upClient(t, hc, userpilot.WithCompanyKeys(userpilot.CompanyCompanyIDOnly))
				return c.Identify(ctx, someUsers()[0])
			}},
	}
	upload := userpilot.AsNDJSONUpload()
	for _, b := range []conformance.Case{
		bulkCase("Client.BulkIdentifyUsers", func(ctx context.Context, c *userpilot.Client) error {
			_, err := c.BulkIdentifyUsers(ctx, someUsers(), twoPerRequest, upload)
			return err
		}),
		bulkCase("Client.BulkIdentifyUsersSeq", func(ctx context.Context, c *userpilot.Client) error {
			_, err := c.BulkIdentifyUsersSeq(ctx, seqOf(someUsers()), twoPerRequest, upload)
			return err
		}),
		bulkCase("Client.BulkIdentifyUsersNDJSON", func(ctx context.Context, c *userpilot.Client) error {
			_, err := c.BulkIdentifyUsersNDJSON(ctx, strings.NewReader(`{"user_id":"u-1"}`+"\n"+`{"user_id":"u-2"}`+"\n"+`{"user_id":"u-3"}`+"\n"), twoPerRequest, upload)
			return err
		}),
		bulkCase("Client.BulkIdentifyCompanies", func(ctx context.Context, c *userpilot.Client) error {
			_, err := c.BulkIdentifyCompanies(ctx, someCompanies(), twoPerRequest, upload)
			return err
		}),
		bulkCase("Client.BulkIdentifyCompaniesSeq", func(ctx context.Context, c *userpilot.Client) error {
			_, err := c.BulkIdentifyCompaniesSeq(ctx, seqOf(someCompanies()), twoPerRequest, upload)
			return err
		}),
		bulkCase("Client.BulkIdentifyCompaniesNDJSON", func(ctx context.Context, c *userpilot.Client) error {
			_, err := c.BulkIdentifyCompaniesNDJSON(ctx, strings.NewReader(`{"company_id":"acme"}`+"\n"+`{"company_id":"globex"}`+"\n"+`{"company_id":"initech"}`+"\n"), twoPerRequest, upload)
			return err
		}),
	} {
		b.Variant, b.Deviation = "with AsNDJSONUpload()", srcUpload
		cases = append(cases, b)
	}
	return cases
}

// bulkCase checks a bulk method in its default mode.
func bulkCase(method string, call func(context.Context, *userpilot.Client) error) conformance.Case {
	return conformance.Case{Method: method, Run: func(ctx context.Context, t *testing.T, hc *http.Client) error {
		_, c := upClient(t, hc)
		return call(ctx, c)
	}}
}

// withJob creates a completed bulk job outside the recorder and returns its id.
func withJob(ctx context.Context, t *testing.T, srv *userpilottest.Server) string {
	t.Helper()
	res, err := setup(t, srv).BulkIdentifyUsers(ctx, someUsers())
	if err != nil {
		t.Fatal(err)
	}
	return res.LastJob().JobID
}

func jobCases() []conformance.Case {
	return []conformance.Case{
		{Method: "JobsService.Get", Run: func(ctx context.Context, t *testing.T, hc *http.Client) error {
			srv, c := upClient(t, hc)
			_, err := c.Jobs.Get(ctx, withJob(ctx, t, srv))
			return err
		}},
		{Method: "JobsService.List", Run: func(ctx context.Context, t *testing.T, hc *http.Client) error {
			srv, c := upClient(t, hc)
			withJob(ctx, t, srv)
			_, err := c.Jobs.List(ctx)
			return err
		}},
		{Method: "JobsService.Wait", Run: func(ctx context.Context, t *testing.T, hc *http.Client) error {
			srv, c := upClient(t, hc)
			_, err := c.Jobs.Wait(ctx, withJob(ctx, t, srv))
			return err
		}},
	}
}

// completedExport runs an export outside the recorder.
func completedExport(ctx context.Context, t *testing.T, srv *userpilottest.Server) *userpilot.ExportJob {
	t.Helper()
	c := setup(t, srv)
	if err := c.Track(ctx, userpilot.Event{UserID: "u-1", EventName: "report_exported"}); err != nil {
		t.Fatal(err)
	}
	started, err := c.Exports.Start(ctx, userpilot.ExportRequest{})
	if err != nil {
		t.Fatal(err)
	}
	job, err := c.Exports.Wait(ctx, started.JobID)
	if err != nil {
		t.Fatal(err)
	}
	return job
}

func isDownload(r *conformance.Request) bool { return strings.HasPrefix(r.URL.Path, "/_downloads/") }

func exportCases() []conformance.Case {
	return []conformance.Case{
		{Method: "ExportsService.Start", Source: srcExports, Run: func(ctx context.Context, t *testing.T, hc *http.Client) error {
			_, c := upClient(t, hc)
			_, err := c.Exports.Start(ctx, userpilot.ExportRequest{From: "2024-06-01T00:00:00Z", To: "2024-06-30T23:59:59Z", EventTypes: []string{"track"}})
			return err
		}},
		{Method: "ExportsService.Get", Source: srcExports, Run: func(ctx context.Context, t *testing.T, hc *http.Client) error {
			srv, c := upClient(t, hc)
			_, err := c.Exports.Get(ctx, completedExport(ctx, t, srv).JobID)
			return err
		}},
		{Method: "ExportsService.List", Source: srcExports, Run: func(ctx context.Context, t *testing.T, hc *http.Client) error {
			srv, c := upClient(t, hc)
			completedExport(ctx, t, srv)
			_, err := c.Exports.List(ctx)
			return err
		}},
		{Method: "ExportsService.Wait", Source: srcExports, Run: func(ctx context.Context, t *testing.T, hc *http.Client) error {
			srv, c := upClient(t, hc)
			_, err := c.Exports.Wait(ctx, completedExport(ctx, t, srv).JobID)
			return err
		}},
		{Method: "ExportsService.Open", Source: srcOpen, External: isDownload, Run: func(ctx context.Context, t *testing.T, hc *http.Client) error {
			srv, c := upClient(t, hc)
			job := completedExport(ctx, t, srv)
			body, err := c.Exports.Open(ctx, job.PresignedURLs[0])
			if err != nil {
				return err
			}
			defer body.Close()
			_, err = io.Copy(io.Discard, body)
			return err
		}},
		{Method: "ExportsService.Rows", Source: srcOpen, External: isDownload, Run: func(ctx context.Context, t *testing.T, hc *http.Client) error {
			srv, c := upClient(t, hc)
			n := 0
			for _, err := range c.Exports.Rows(ctx, completedExport(ctx, t, srv)) {
				if err != nil {
					return err
				}
				n++
			}
			if n == 0 {
				return errors.New("the export has no rows")
			}
			return nil
		}},
	}
}

func lookupCases() []conformance.Case {
	list := map[string]func(context.Context, *userpilot.LookupsService) error{
		"UserProperties": func(ctx context.Context, l *userpilot.LookupsService) error {
			_, err := l.UserProperties(ctx)
			return err
		},
		"CompanyProperties": func(ctx context.Context, l *userpilot.LookupsService) error {
			_, err := l.CompanyProperties(ctx)
			return err
		},
		"FeaturesAndEvents": func(ctx context.Context, l *userpilot.LookupsService) error {
			_, err := l.FeaturesAndEvents(ctx)
			return err
		},
		"Flows":      func(ctx context.Context, l *userpilot.LookupsService) error { _, err := l.Flows(ctx); return err },
		"Banners":    func(ctx context.Context, l *userpilot.LookupsService) error { _, err := l.Banners(ctx); return err },
		"Embeds":     func(ctx context.Context, l *userpilot.LookupsService) error { _, err := l.Embeds(ctx); return err },
		"Spotlights": func(ctx context.Context, l *userpilot.LookupsService) error { _, err := l.Spotlights(ctx); return err },
		"Surveys":    func(ctx context.Context, l *userpilot.LookupsService) error { _, err := l.Surveys(ctx); return err },
		"ResourceCenterModules": func(ctx context.Context, l *userpilot.LookupsService) error {
			_, err := l.ResourceCenterModules(ctx)
			return err
		},
		"Checklists": func(ctx context.Context, l *userpilot.LookupsService) error { _, err := l.Checklists(ctx); return err },
		"SegmentsPage": func(ctx context.Context, l *userpilot.LookupsService) error {
			_, err := l.SegmentsPage(ctx, "")
			return err
		},
		"EventPropertiesPage": func(ctx context.Context, l *userpilot.LookupsService) error {
			_, err := l.EventPropertiesPage(ctx, "")
			return err
		},
		"Segments":        func(ctx context.Context, l *userpilot.LookupsService) error { return drain(l.Segments(ctx)) },
		"EventProperties": func(ctx context.Context, l *userpilot.LookupsService) error { return drain(l.EventProperties(ctx)) },
	}
	var cases []conformance.Case
	for name, call := range list {
		cases = append(cases, conformance.Case{Method: "LookupsService." + name, Source: srcLookups, Run: func(ctx context.Context, t *testing.T, hc *http.Client) error {
			srv, c := upClient(t, hc)
			// Events with properties, so the event-property pages have items.
			s := setup(t, srv)
			for i := range 3 {
				if err := s.Track(ctx, userpilot.Event{UserID: "u-1", EventName: "report_exported", Metadata: userpilot.Metadata{fmt.Sprintf("p%d", i): i}}); err != nil {
					t.Fatal(err)
				}
			}
			return call(ctx, c.Lookups)
		}})
	}
	return cases
}

func drain[T any](seq iter.Seq2[T, error]) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}

// userpilotDecode calls the method that sends s.Operation, through a
// client whose every request gets s as its answer.
func userpilotDecode(ctx context.Context, s conformance.Sample, hc *http.Client) error {
	c, err := userpilot.NewClient(option.WithBaseURL("https://analytex.userpilot.io"), option.WithAPIKey("k"),
		option.WithHTTPClient(hc), option.WithMaxRetries(0), userpilot.WithPolling(time.Millisecond, time.Millisecond),
		userpilot.WithRateLimits(userpilot.RateLimits{RealTimePerMinute: -1, DeleteEvery: -1}))
	if err != nil {
		return err
	}
	switch s.Operation {
	case "POST /v1/identify":
		return c.Identify(ctx, someUsers()[0])
	case "POST /v1/companies/identify":
		return c.IdentifyCompany(ctx, someCompanies()[0])
	case "POST /v1/track":
		return c.Track(ctx, userpilot.Event{UserID: "u-1", EventName: "e"})
	case "POST /v1/users/bulk_identify":
		_, err := c.BulkIdentifyUsers(ctx, someUsers())
		return err
	case "POST /v1/companies/bulk_identify":
		_, err := c.BulkIdentifyCompanies(ctx, someCompanies())
		return err
	case "GET /v1/background_jobs":
		_, err := c.Jobs.List(ctx)
		return err
	case "GET /v1/background_jobs/{job_id}":
		_, err := c.Jobs.Get(ctx, "bulk:jobs:NX-1:2")
		return err
	case "POST /v1/imports":
		_, err := c.Import(ctx, strings.NewReader(`{"event_type":"track","user_id":"u","event_name":"e","source":"backend-http-import","inserted_at":"2024-07-28T08:55:35Z"}`+"\n"))
		return err
	}
	return conformance.ErrNoCall
}

func userpilotStatus(err error) (int, bool) {
	var apiErr *userpilot.Error
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode, true
	}
	return 0, false
}

// userpilotSendExample posts a vendor request example to a fresh fake,
// with the headers every client sends.
func userpilotSendExample(ctx context.Context, t *testing.T, ex conformance.RequestExample) (int, error) {
	srv := userpilottest.NewServer(t, userpilottest.WithJobStepDelay(0))
	return sendExample(ctx, srv.Client(), srv.URL+ex.Path, ex, func(r *http.Request) {
		r.Header.Set("Authorization", "Token "+srv.APIKey)
		r.Header.Set("X-API-Version", userpilot.APIVersion)
	})
}
