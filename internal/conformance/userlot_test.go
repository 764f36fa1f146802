package conformance_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit"

	"github.com/cdpkit/cdpkit/internal/conformance"
	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/userlot"
	"github.com/cdpkit/cdpkit/pkg/userlot/userlottest"
)

// Userlot: the vendor's Postman documenter export (seed 000) is the outside
// reference. It holds no requests, only the rules every request keeps: the
// ApiKey header, the three kinds of id by their field names, custom fields
// by their underscored attribute names, the objects that carry them, and
// the workspace host. The suite reads those rules from the export itself.

const ulSeed = "testdata/userlot/postman-documenter.json"

func init() {
	vendorFiles[ulSeed] = "9161d8f32963b996884e7ff7f9a28416747028d97007161b62b7e9b749eb0aeb"
	register(userlotAPI)
}

// ulRules are what seed 000 says about requests.
type ulRules struct {
	// header is the header the API key travels in.
	header string
	// ids are the field names of the three kinds of id, in the overview's order.
	ids []string
	// objects are the endpoints the ids apply to ("coming soon" ones included).
	objects []string
	// customExample is the overview's example of an underscored attribute name.
	customExample string
	// apiURL is the environment's api_url with its variables filled in,
	// except the tenant's subdomain.
	apiURL string
}

var (
	ulHeader  = regexp.MustCompile("via a Header `(\\w+)`")
	ulIDRow   = regexp.MustCompile("(?m)^\\|\\s+<br>\\s+<br>`(\\w+)`")
	ulObjects = regexp.MustCompile("(?m)^- `(\\w+)`")
	ulCustom  = regexp.MustCompile("underscored format e\\.g\\. `(\\w+)`")
)

func readUserlotRules(t *testing.T) ulRules {
	t.Helper()
	var doc struct {
		Collection struct {
			Info struct {
				Description string `json:"description"`
			} `json:"info"`
		} `json:"collection"`
		Environments []struct {
			Values []struct {
				Key, Value string
			} `json:"values"`
		} `json:"environments"`
	}
	if err := json.Unmarshal(mustRead(t, ulSeed), &doc); err != nil {
		t.Fatal(err)
	}
	text := doc.Collection.Info.Description
	var r ulRules
	if m := ulHeader.FindStringSubmatch(text); m != nil {
		r.header = m[1]
	}
	for _, m := range ulIDRow.FindAllStringSubmatch(text, -1) {
		r.ids = append(r.ids, m[1])
	}
	for _, m := range ulObjects.FindAllStringSubmatch(text, -1) {
		r.objects = append(r.objects, m[1])
	}
	if m := ulCustom.FindStringSubmatch(text); m != nil {
		r.customExample = m[1]
	}
	vars := map[string]string{}
	for _, env := range doc.Environments {
		for _, v := range env.Values {
			vars[v.Key] = v.Value
		}
	}
	r.apiURL = vars["api_url"]
	for _, k := range []string{"scheme", "domain"} {
		r.apiURL = strings.ReplaceAll(r.apiURL, "{{"+k+"}}", vars[k])
	}
	if r.header == "" || len(r.ids) != 3 || len(r.objects) < 3 || r.customExample == "" || !strings.Contains(r.apiURL, "{{subdomain}}") {
		t.Fatalf("seed 000 no longer reads as expected: %+v", r)
	}
	return r
}

// underscored is the form of the attribute names the overview describes
// ("underscored format e.g. total_revenue").
var underscored = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

// check covers the requests of the objects seed 000 names (companies,
// end_users, tickets) and holds them to its rules.
func (r ulRules) check(_ context.Context, req *conformance.Request) (string, bool, error) {
	parts := strings.Split(strings.Trim(req.URL.Path, "/"), "/")
	if len(parts) < 3 || len(parts) > 4 || parts[0] != "api" || parts[1] != "v1" || !slices.Contains(r.objects, parts[2]) {
		return "", false, nil
	}
	op := req.Method + " /api/v1/" + parts[2]
	if len(parts) == 4 {
		op += "/{id}"
	}
	var problems []error
	if req.Header.Get(r.header) == "" {
		problems = append(problems, fmt.Errorf("no %s header: the overview says every request carries it", r.header))
	}
	for name := range req.URL.Query() {
		if !underscored.MatchString(name) {
			problems = append(problems, fmt.Errorf("query parameter %q is not an underscored attribute name", name))
		}
	}
	if len(req.Body) > 0 {
		body, err := objectBody(req)
		if err != nil {
			return op, true, err
		}
		problems = append(problems, r.checkBody(body)...)
	}
	return op, true, errors.Join(problems...)
}

// checkBody holds a write to the overview: attribute names underscored,
// ids under the overview's field names, as strings (source_external_id,
// "multiple per product", may be a list of them).
func (r ulRules) checkBody(body map[string]any) []error {
	var problems []error
	for name, v := range body {
		if !underscored.MatchString(name) {
			problems = append(problems, fmt.Errorf("field %q is not an underscored attribute name", name))
		}
		if !slices.Contains(r.ids, name) {
			if strings.HasSuffix(strings.ToLower(name), "externalid") || strings.EqualFold(name, "ID") && name != "id" {
				problems = append(problems, fmt.Errorf("field %q looks like an id but is not spelled as the overview's %v", name, r.ids))
			}
			continue
		}
		switch v := v.(type) {
		case string:
		case []any:
			if name != "source_external_id" {
				problems = append(problems, fmt.Errorf("%s is a list; only source_external_id can be several", name))
			}
			for _, item := range v {
				if _, ok := item.(string); !ok {
					problems = append(problems, fmt.Errorf("%s holds %v, not a string id", name, item))
				}
			}
		default:
			problems = append(problems, fmt.Errorf("%s is %T, not a string id", name, v))
		}
	}
	return problems
}

const (
	ulSrcIdentify = "the collection's identify request on its public mirror (S7), not seed 000"
	ulSrcEvents   = "inferred from the overview's events and the folder \"Events and Realtime\"; x-unverified in the spec"
	ulSrcCatalog  = "inferred from the domain model and the collection's folders; x-unverified in the spec"
)

func userlotAPI(t *testing.T) conformance.API {
	rules := readUserlotRules(t)
	project, err := conformance.ProjectSpec(context.Background(), "userlot")
	if err != nil {
		t.Fatal(err)
	}
	return conformance.API{
		Name:    "Userlot",
		Vendor:  []conformance.Reference{&ruleReference{name: "Userlot's Postman documenter export (seed 000, testdata/userlot): its overview's rules", check: rules.check}},
		Project: project,
		Clients: []any{(*userlot.Client)(nil), (*userlot.CompaniesService)(nil), (*userlot.EndUsersService)(nil), (*userlot.TicketsService)(nil)},
		Cases:   userlotCases(rules),
		Notes: []string{
			"The export is kept unchanged in `internal/conformance/testdata/userlot`. It holds no requests, only the " +
				"overview's rules, which the suite reads from it and applies to the requests of the objects it names " +
				"(companies, end users, tickets): the `ApiKey` header, the three kinds of id under their field names, and " +
				"underscored attribute names for fields and custom fields. Paths come from the collection's public mirror (S3–S7).",
		},
		StatusOf: func(err error) (int, bool) {
			var apiErr *userlot.Error
			if errors.As(err, &apiErr) {
				return apiErr.StatusCode, true
			}
			return 0, false
		},
	}
}

// ulClient starts a fake and returns it with a client that sends through
// hc, and a second client on the same fake for what a case sets up.
func ulClient(t *testing.T, hc *http.Client) (c, setup *userlot.Client) {
	t.Helper()
	srv := userlottest.NewServer(t)
	mk := func(extra ...option.RequestOption) *userlot.Client {
		c, err := userlot.NewClient(append([]option.RequestOption{option.WithBaseURL(srv.URL), option.WithAPIKey(srv.APIKey),
			option.WithBackoff(time.Millisecond, 2*time.Millisecond)}, extra...)...)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	return mk(option.WithHTTPClient(hc)), mk()
}

func userlotCases(rules ulRules) []conformance.Case {
	run := func(call func(ctx context.Context, c, setup *userlot.Client) error) func(context.Context, *testing.T, *http.Client) error {
		return func(ctx context.Context, t *testing.T, hc *http.Client) error {
			c, setup := ulClient(t, hc)
			return call(ctx, c, setup)
		}
	}
	custom := userlot.CustomFields{rules.customExample: 98000, "plan_tier": "gold"}
	company := func(ctx context.Context, c *userlot.Client) (*userlot.Company, error) {
		return c.Companies.Upsert(ctx, userlot.CompanyInput{Name: "Acme", MRR: cdpkit.Ptr(10000.0), Custom: custom}, userlot.ByExternalID("acme-1"))
	}
	endUser := func(ctx context.Context, c *userlot.Client) (*userlot.EndUser, error) {
		return c.EndUsers.Upsert(ctx, userlot.EndUserInput{Email: "some@abc.com", FirstName: "Gary f", LastName: "Moore", Custom: custom}, userlot.ByExternalID("000"))
	}
	ticket := func(ctx context.Context, c *userlot.Client) (*userlot.Ticket, error) {
		return c.Tickets.Upsert(ctx, userlot.TicketInput{Subject: "Export fails", Status: "open", Custom: custom}, userlot.BySourceExternalID("zd-1042"))
	}
	return []conformance.Case{
		{Method: "Client.BaseURL", Source: "sends no request: it returns the workspace URL", Run: run(func(_ context.Context, c, _ *userlot.Client) error {
			if c.BaseURL() == "" {
				return errors.New("no base URL")
			}
			return nil
		})},
		{Method: "Client.Identify", Source: ulSrcIdentify, Run: run(func(ctx context.Context, c, _ *userlot.Client) error {
			return c.Identify(ctx, userlot.IdentifyRequest{UserEmail: "some@abc.com", UserExternalID: "000", CompanyName: "Acme", CompanyExternalID: "acme-1"})
		})},
		{Method: "Client.TrackEvent", Source: ulSrcEvents, Run: run(func(ctx context.Context, c, setup *userlot.Client) error {
			if err := setup.Identify(ctx, userlot.IdentifyRequest{UserExternalID: "000"}); err != nil {
				return err
			}
			return c.TrackEvent(ctx, userlot.Event{Name: "report_exported", UserExternalID: "000", Value: userlot.NumberValue(120)})
		})},
		{Method: "Client.ListProducts", Source: ulSrcCatalog, Run: run(func(ctx context.Context, c, _ *userlot.Client) error {
			_, err := c.ListProducts(ctx)
			return err
		})},
		{Method: "Client.ListCustomFields", Source: ulSrcCatalog, Run: run(func(ctx context.Context, c, _ *userlot.Client) error {
			_, err := c.ListCustomFields(ctx, "company")
			return err
		})},
		{Method: "CompaniesService.Upsert", Run: run(func(ctx context.Context, c, _ *userlot.Client) error {
			_, err := company(ctx, c)
			return err
		})},
		{Method: "CompaniesService.Upsert", Variant: "without an identity, with several source ids", Run: run(func(ctx context.Context, c, _ *userlot.Client) error {
			if _, err := c.Companies.Upsert(ctx, userlot.CompanyInput{Name: "Globex"}); err != nil {
				return err
			}
			_, err := c.Companies.Upsert(ctx, userlot.CompanyInput{Name: "Initech", SourceExternalIDs: []string{"crm-1", "zd-2"}}, userlot.ByExternalID("initech"))
			return err
		})},
		{Method: "CompaniesService.Get", Run: run(func(ctx context.Context, c, setup *userlot.Client) error {
			co, err := company(ctx, setup)
			if err != nil {
				return err
			}
			_, err = c.Companies.Get(ctx, co.ID)
			return err
		})},
		{Method: "CompaniesService.List", Run: run(func(ctx context.Context, c, setup *userlot.Client) error {
			if _, err := company(ctx, setup); err != nil {
				return err
			}
			_, err := c.Companies.List(ctx, userlot.CompanyFilter{Name: "Acme", ExternalID: "acme-1", SourceExternalID: "crm-1"})
			return err
		})},
		{Method: "EndUsersService.Upsert", Run: run(func(ctx context.Context, c, _ *userlot.Client) error {
			_, err := endUser(ctx, c)
			return err
		})},
		{Method: "EndUsersService.Get", Run: run(func(ctx context.Context, c, setup *userlot.Client) error {
			u, err := endUser(ctx, setup)
			if err != nil {
				return err
			}
			_, err = c.EndUsers.Get(ctx, u.ID)
			return err
		})},
		{Method: "EndUsersService.List", Run: run(func(ctx context.Context, c, setup *userlot.Client) error {
			if _, err := endUser(ctx, setup); err != nil {
				return err
			}
			_, err := c.EndUsers.List(ctx, userlot.EndUserFilter{Email: "some@abc.com", FirstName: "Gary f", LastName: "Moore"})
			return err
		})},
		{Method: "TicketsService.Upsert", Run: run(func(ctx context.Context, c, _ *userlot.Client) error {
			_, err := ticket(ctx, c)
			return err
		})},
		{Method: "TicketsService.Get", Run: run(func(ctx context.Context, c, setup *userlot.Client) error {
			tk, err := ticket(ctx, setup)
			if err != nil {
				return err
			}
			_, err = c.Tickets.Get(ctx, tk.ID)
			return err
		})},
		{Method: "TicketsService.List", Run: run(func(ctx context.Context, c, setup *userlot.Client) error {
			if _, err := ticket(ctx, setup); err != nil {
				return err
			}
			_, err := c.Tickets.List(ctx, userlot.TicketFilter{SourceExternalID: "zd-1042", Status: "open"})
			return err
		})},
	}
}

// TestUserlotRulesCatchWhatTheyShould: the rules read from seed 000 reject
// the mistakes they exist for, so a valid row means something.
func TestUserlotRulesCatchWhatTheyShould(t *testing.T) {
	rules := readUserlotRules(t)
	req := func(method, target, body string, header bool) *conformance.Request {
		r, _ := http.NewRequest(method, "https://acme.userlot.app"+target, nil)
		if header {
			r.Header.Set(rules.header, "k")
		}
		return &conformance.Request{Method: method, URL: r.URL, Header: r.Header, Body: []byte(body)}
	}
	tests := []struct {
		name    string
		r       *conformance.Request
		covered bool
		ok      bool
	}{
		{"a valid upsert", req("PUT", "/api/v1/companies", `{"external_id":"a","source_external_id":["c","z"],"total_revenue":1}`, true), true, true},
		{"no ApiKey", req("GET", "/api/v1/end_users", ``, false), true, false},
		{"camel-case id", req("PUT", "/api/v1/end_users", `{"externalId":"a"}`, true), true, false},
		{"camel-case custom field", req("PUT", "/api/v1/companies", `{"totalRevenue":1}`, true), true, false},
		{"numeric id", req("PUT", "/api/v1/tickets", `{"external_id":7}`, true), true, false},
		{"a list of external ids", req("PUT", "/api/v1/companies", `{"external_id":["a","b"]}`, true), true, false},
		{"camel-case filter", req("GET", "/api/v1/companies?externalId=a", ``, true), true, false},
		{"identify is not among the objects", req("PUT", "/api/v1/identify", `{"user_external_id":"a"}`, true), false, true},
	}
	for _, tt := range tests {
		_, covered, err := rules.check(context.Background(), tt.r)
		if covered != tt.covered || (err == nil) != tt.ok {
			t.Errorf("%s: covered %v, error %v; want covered %v, ok %v", tt.name, covered, err, tt.covered, tt.ok)
		}
	}
}

// TestUserlotHostFollowsThePostmanEnvironment: the client's workspace URL
// is the export's api_url with the tenant as subdomain.
func TestUserlotHostFollowsThePostmanEnvironment(t *testing.T) {
	rules := readUserlotRules(t)
	c, err := userlot.NewClient(option.WithAPIKey("k"), option.WithTenant("acme"))
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.ReplaceAll(rules.apiURL, "{{subdomain}}", "acme"); c.BaseURL() != want {
		t.Errorf("BaseURL = %s, want %s", c.BaseURL(), want)
	}
}
