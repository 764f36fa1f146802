package conformance_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit"

	"github.com/cdpkit/cdpkit/internal/conformance"
	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/usermost"
	"github.com/cdpkit/cdpkit/pkg/usermost/usermosttest"
)

// Usermost: the vendor's REST API page (seed 002) is the outside
// reference. It shows one request (the cURL example of POST .../users), the
// response envelope, Bearer authentication, JSON bodies and the error
// codes; everything about events rests on the opening of its events page
// and on the parent WebEngage document.

const umSeed = "testdata/usermost/rest-api.txt"

func init() {
	vendorFiles[umSeed] = "78ec60bedd95a8f98c0c2fc33bb23b7e8424c0bd186dfa9f89cdf057ce96c684"
	register(usermostAPI)
}

const umUsers = "POST /v1/accounts/{licenseCode}/users"

const umSrcEvents = "the opening of the vendor's events page (method, path, x-request-id), not seed 002; the body follows the parent WebEngage document (fact sheet §5.3–5.4)"

// umPage is what seed 002 shows, read from the page itself.
type umPage struct {
	// request is the body of the page's cURL example.
	request map[string]any
	// envelope is the response container the page shows.
	envelope any
	// errors maps each status of the page's error table to its text.
	errors map[int]string
}

var (
	umCurlData  = regexp.MustCompile(`(?s)data '(\{.*?\})'`)
	umErrorRows = regexp.MustCompile(`(?m)^(4\d\d)([A-Z].*)$`) // "459 reads" is the page's view count
)

func readUsermostPage(t *testing.T) umPage {
	t.Helper()
	text := string(mustRead(t, umSeed))
	var p umPage
	m := umCurlData.FindStringSubmatch(text)
	if m == nil || json.Unmarshal([]byte(m[1]), &p.request) != nil {
		t.Fatalf("seed 002: the cURL example's body was not found or is not JSON")
	}
	blocks := renderedJSON(t, text)
	if len(blocks) != 1 {
		t.Fatalf("seed 002 has %d JSON blocks, want the one response container", len(blocks))
	}
	p.envelope = blocks[0]
	p.errors = map[int]string{}
	for _, row := range umErrorRows.FindAllStringSubmatch(text, -1) {
		var status int
		fmt.Sscan(row[1], &status)
		p.errors[status] = strings.TrimSpace(row[2])
	}
	if len(p.errors) != 3 {
		t.Fatalf("seed 002: error table rows = %v, want 400, 401 and 404", p.errors)
	}
	return p
}

// umSchema is the request body the page shows, as a schema: its fields
// with the JSON types of the example's values. Other fields are allowed
// (the page shows an example, not a field list).
func umSchema(t *testing.T, example map[string]any) []byte {
	t.Helper()
	props := map[string]any{}
	for k, v := range example {
		typ := map[bool]string{true: "string", false: "number"}[reflect.TypeOf(v).Kind() == reflect.String]
		props[k] = map[string]string{"type": typ}
	}
	return mustJSON(t, map[string]any{"type": "object", "properties": props})
}

func usermostAPI(t *testing.T) conformance.API {
	page := readUsermostPage(t)
	schemas, err := conformance.NewSchemaReference("", map[string][]byte{umUsers: umSchema(t, page.request)})
	if err != nil {
		t.Fatal(err)
	}
	ref := &seedReference{ruleReference: ruleReference{
		name: "Usermost's REST API page (seed 002, testdata/usermost)",
		// The page also says how every request travels: a Bearer key and a
		// JSON body.
		check: func(ctx context.Context, r *conformance.Request) (string, bool, error) {
			op, covered, err := schemas.Check(ctx, r)
			if !covered {
				return op, covered, err
			}
			var problems []error
			if err != nil {
				problems = append(problems, err)
			}
			if auth := r.Header.Get("Authorization"); !strings.HasPrefix(auth, "Bearer ") || len(auth) == len("Bearer ") {
				problems = append(problems, errors.New("no Authorization: Bearer <key> header"))
			}
			if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				problems = append(problems, fmt.Errorf("Content-Type %q, the page says JSON", ct))
			}
			return op, true, errors.Join(problems...)
		}},
		samples: []conformance.Sample{{Operation: umUsers, Status: http.StatusOK, Body: mustJSON(t, page.envelope), Origin: "example"}},
		examples: []conformance.RequestExample{{Method: http.MethodPost, Path: "/v1/accounts/{licenseCode}/users",
			ContentType: "application/json", Value: page.request}},
	}
	for _, status := range []int{400, 401, 404} {
		body := map[string]any{"response": map[string]any{"status": "error", "message": page.errors[status]}}
		ref.samples = append(ref.samples, conformance.Sample{Operation: umUsers, Status: status, Body: mustJSON(t, body),
			Origin: "error table, in the response container with status error"})
	}
	project, err := conformance.ProjectSpec(context.Background(), "usermost")
	if err != nil {
		t.Fatal(err)
	}
	return conformance.API{
		Name:    "Usermost",
		Vendor:  []conformance.Reference{ref},
		Project: project,
		Clients: []any{(*usermost.Client)(nil)},
		Cases:   usermostCases(),
		Notes: []string{
			"The page is kept unchanged in `internal/conformance/testdata/usermost`. The suite reads from it the body " +
				"of its cURL example (the field names and types requests to `/users` must keep), the response container, " +
				"the error table, and its rules for every request: a Bearer key and a JSON body.",
		},
		Decode:      umDecode,
		StatusOf:    umStatus,
		SendExample: umSendExample,
	}
}

// umClient starts a fake and returns it with a client that sends through hc.
func umClient(t *testing.T, hc *http.Client) (*usermosttest.Server, *usermost.Client) {
	t.Helper()
	srv := usermosttest.NewServer(t)
	c, err := usermost.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey(srv.APIKey), option.WithLicenseCode(srv.LicenseCode),
		option.WithHTTPClient(hc), option.WithBackoff(time.Millisecond, 2*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

// umSeedUser is the user of the page's cURL example.
var umSeedUser = usermost.User{UserID: "SinaHamidi", FirstName: "Sina", LastName: "Hamidi"}

func umEvents(n int) []usermost.Event {
	out := make([]usermost.Event, n)
	for i := range out {
		out[i] = usermost.Event{UserID: "SinaHamidi", EventName: "Added to Cart", EventTime: "2024-01-26T07:31:00+0000", EventData: usermost.EventData{"Product ID": 1337 + i}}
	}
	return out
}

func usermostCases() []conformance.Case {
	run := func(call func(ctx context.Context, c *usermost.Client) error) func(context.Context, *testing.T, *http.Client) error {
		return func(ctx context.Context, t *testing.T, hc *http.Client) error {
			_, c := umClient(t, hc)
			return call(ctx, c)
		}
	}
	return []conformance.Case{
		{Method: "Client.LicenseCode", Source: "sends no request: it returns the configured license code", Run: run(func(_ context.Context, c *usermost.Client) error {
			if c.LicenseCode() == "" {
				return errors.New("no license code")
			}
			return nil
		})},
		{Method: "Client.UpsertUser", Run: run(func(ctx context.Context, c *usermost.Client) error {
			_, err := c.UpsertUser(ctx, umSeedUser)
			return err
		})},
		{Method: "Client.UpsertUser", Variant: "with the parent document's fields", Run: run(func(ctx context.Context, c *usermost.Client) error {
			_, err := c.UpsertUser(ctx, usermost.User{DeviceID: "d-1", Email: "sina@example.com", Gender: usermost.GenderOther,
				BirthDate: "1986-08-19T15:45:00-0800", EmailOptIn: cdpkit.Ptr(false), Attributes: usermost.Attributes{"Plan": "gold", "Points": 120}})
			return err
		})},
		{Method: "Client.TrackEvent", Source: umSrcEvents, Run: run(func(ctx context.Context, c *usermost.Client) error {
			_, err := c.TrackEvent(ctx, umEvents(1)[0])
			return err
		})},
		{Method: "Client.TrackEvents", Source: umSrcEvents, Run: run(func(ctx context.Context, c *usermost.Client) error {
			_, err := c.TrackEvents(ctx, umEvents(usermost.MaxBatchSize+2))
			return err
		})},
		{Method: "Client.SendBatch", Source: umSrcEvents, Run: run(func(ctx context.Context, c *usermost.Client) error {
			_, err := c.SendBatch(ctx, "0123456789abcdef0123456789abcdef", umEvents(3))
			return err
		})},
	}
}

// umDecode calls the method that sends s.Operation, through a client whose
// every request gets s as its answer.
func umDecode(ctx context.Context, s conformance.Sample, hc *http.Client) error {
	c, err := usermost.NewClient(option.WithBaseURL("https://api.usermost.com"), option.WithAPIKey("k"), option.WithLicenseCode("lc"),
		option.WithHTTPClient(hc), option.WithMaxRetries(0))
	if err != nil {
		return err
	}
	if s.Operation != umUsers {
		return conformance.ErrNoCall
	}
	_, err = c.UpsertUser(ctx, umSeedUser)
	return err
}

func umStatus(err error) (int, bool) {
	var apiErr *usermost.Error
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode, true
	}
	return 0, false
}

// umSendExample posts the page's example body to a fresh fake, as the
// page's cURL command does.
func umSendExample(ctx context.Context, t *testing.T, ex conformance.RequestExample) (int, error) {
	srv := usermosttest.NewServer(t)
	path := strings.ReplaceAll(ex.Path, "{licenseCode}", srv.LicenseCode)
	return sendExample(ctx, srv.Client(), srv.URL+path, ex, func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+srv.APIKey) })
}

// TestUsermostUpsertSendsThePagesExample: given the user of the page's cURL
// example, UpsertUser sends exactly the page's body, to the page's path,
// the way the page does.
func TestUsermostUpsertSendsThePagesExample(t *testing.T) {
	page := readUsermostPage(t)
	rec := &conformance.Recorder{}
	srv, c := umClient(t, rec.Client())
	if _, err := c.UpsertUser(context.Background(), umSeedUser); err != nil {
		t.Fatal(err)
	}
	reqs := rec.Take()
	if len(reqs) != 1 {
		t.Fatalf("UpsertUser sent %d requests, want 1", len(reqs))
	}
	r := reqs[0]
	var body map[string]any
	if err := json.Unmarshal(r.Body, &body); err != nil || !reflect.DeepEqual(body, page.request) {
		t.Errorf("body = %s, want the page's %v (%v)", r.Body, page.request, err)
	}
	if want := "/v1/accounts/" + srv.LicenseCode + "/users"; r.Method != http.MethodPost || r.URL.Path != want {
		t.Errorf("sent %s %s, want POST %s", r.Method, r.URL.Path, want)
	}
	if r.Header.Get("Authorization") != "Bearer "+srv.APIKey || r.Header.Get("Content-Type") != "application/json" {
		t.Errorf("headers = %v, want the page's Bearer key and JSON content type", r.Header)
	}
}

// TestUsermostPageRulesCatchWhatTheyShould: the rules read from seed 002
// reject the requests the page rules out.
func TestUsermostPageRulesCatchWhatTheyShould(t *testing.T) {
	api := usermostAPI(t)
	ref := api.Vendor[0]
	req := func(body, auth, ctype string) *conformance.Request {
		r, _ := http.NewRequest(http.MethodPost, "https://api.usermost.com/v1/accounts/lc/users", nil)
		if auth != "" {
			r.Header.Set("Authorization", auth)
		}
		r.Header.Set("Content-Type", ctype)
		return &conformance.Request{Method: http.MethodPost, URL: r.URL, Header: r.Header, Body: []byte(body)}
	}
	tests := []struct {
		name string
		r    *conformance.Request
		ok   bool
	}{
		{"the page's example", req(`{"userId":"SinaHamidi","firstName":"Sina","lastName":"Hamidi"}`, "Bearer k", "application/json"), true},
		{"a numeric userId", req(`{"userId":42}`, "Bearer k", "application/json"), false},
		{"no key", req(`{"userId":"u"}`, "", "application/json"), false},
		{"Basic instead of Bearer", req(`{"userId":"u"}`, "Basic azo=", "application/json"), false},
		{"form-encoded", req(`userId=u`, "Bearer k", "application/x-www-form-urlencoded"), false},
	}
	for _, tt := range tests {
		_, covered, err := ref.Check(context.Background(), tt.r)
		if !covered || (err == nil) != tt.ok {
			t.Errorf("%s: covered %v, error %v; want ok %v", tt.name, covered, err, tt.ok)
		}
	}
}
