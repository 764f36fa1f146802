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
	"github.com/cdpkit/cdpkit/pkg/activeprospect"
	"github.com/cdpkit/cdpkit/pkg/activeprospect/activeprospecttest"
	"github.com/cdpkit/cdpkit/pkg/option"
)

// ActiveProspect: the vendor's account-API reference as rendered text
// (seed 003) is the outside reference. Its Account, User and Credential
// schemas are transcribed to JSON Schema files beside it; request bodies
// are validated against them with kin-openapi, and its example answers and
// request bodies are parsed straight from the page.

const apSeed = "testdata/activeprospect/account-api.txt"

func init() {
	vendorFiles[apSeed] = "99f6e80c5018be3af81b28765c4f0abbba9fbdf22c304999cc41520551f04abe"
	register(activeprospectAPI)
}

// The operations seed 003 documents, with the schema their request body
// must match. The page names the operations but not their paths; the paths
// are those of the vendor's developer portal (fact sheet §1).
var apRoutes = map[string]string{
	"GET /account":          "",
	"PUT /account":          "account",
	"GET /credentials":      "",
	"POST /credentials":     "credential",
	"PUT /credentials/{id}": "credential",
	"GET /user":             "",
}

// The JSON blocks of seed 003, in page order, and what each one is. The
// page is pinned by its SHA-256, so the order cannot drift.
var apBlocks = []struct {
	operation string // "" for the schema sections' samples
	status    int    // 0 for a request body
}{
	{"", 0}, {"", 0}, {"", 0}, // the Account, User and Credential schema samples
	{"GET /account", 200},
	{"PUT /account", 0}, {"PUT /account", 200},
	{"GET /credentials", 200},
	{"POST /credentials", 0}, {"POST /credentials", 201}, {"POST /credentials", 201},
	{"PUT /credentials/{id}", 0}, {"PUT /credentials/{id}", 200}, {"PUT /credentials/{id}", 200},
	{"GET /user", 200},
}

const (
	apSrcPortal   = "the vendor's current developer portal, not seed 003 (fact sheet §1)"
	apSrcSettings = "the portal's user-settings pages, not seed 003 (fact sheet §1)"
	apSrcSSO      = "the portal's SSO sync page; the body field is inferred from its description (fact sheet §1)"
)

func activeprospectAPI(t *testing.T) conformance.API {
	routes := map[string][]byte{}
	for op, schema := range apRoutes {
		routes[op] = nil
		if schema != "" {
			routes[op] = mustRead(t, "testdata/activeprospect/"+schema+".schema.json")
		}
	}
	schemas, err := conformance.NewSchemaReference("", routes)
	if err != nil {
		t.Fatal(err)
	}
	ref := &seedReference{ruleReference: ruleReference{
		name:  "ActiveProspect's account-API reference (seed 003, testdata/activeprospect): Account, User and Credential as JSON Schema",
		check: schemas.Check,
	}}
	blocks := renderedJSON(t, string(mustRead(t, apSeed)))
	if len(blocks) != len(apBlocks) {
		t.Fatalf("seed 003 has %d JSON blocks, the table here %d", len(blocks), len(apBlocks))
	}
	seen := map[string]int{}
	for i, b := range apBlocks {
		switch {
		case b.operation == "":
		case b.status == 0:
			method, path, _ := strings.Cut(b.operation, " ")
			ref.examples = append(ref.examples, conformance.RequestExample{Method: method, Path: path, ContentType: "application/json", Value: blocks[i]})
		default:
			seen[b.operation]++
			origin := "example"
			if seen[b.operation] > 1 {
				origin = fmt.Sprintf("example %d", seen[b.operation])
			}
			ref.samples = append(ref.samples, conformance.Sample{Operation: b.operation, Status: b.status, Body: mustJSON(t, blocks[i]), Origin: origin})
		}
	}
	project, err := conformance.ProjectSpec(context.Background(), "activeprospect")
	if err != nil {
		t.Fatal(err)
	}
	return conformance.API{
		Name:    "ActiveProspect",
		Vendor:  []conformance.Reference{ref},
		Project: project,
		Clients: []any{(*activeprospect.Client)(nil), (*activeprospect.AccountService)(nil), (*activeprospect.CredentialsService)(nil), (*activeprospect.UserService)(nil)},
		Cases:   activeprospectCases(),
		Notes: []string{
			"The page is kept unchanged in `internal/conformance/testdata/activeprospect`; its Account, User and " +
				"Credential schemas are transcribed beside it as JSON Schema (checked field by field against the page), " +
				"and request bodies are validated against them with kin-openapi. The page's examples are parsed from it. " +
				"It names the operations but not their paths, which come from the vendor's developer portal.",
		},
		Decode:      apDecode,
		StatusOf:    apStatus,
		SendExample: apSendExample,
	}
}

// apClient starts a fake and returns it with a client that sends through hc.
func apClient(t *testing.T, hc *http.Client) (*activeprospecttest.Server, *activeprospect.Client) {
	t.Helper()
	srv := activeprospecttest.NewServer(t)
	c, err := activeprospect.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey(srv.APIKey),
		option.WithHTTPClient(hc), option.WithBackoff(time.Millisecond, 2*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

func apCredentialInput() activeprospect.CredentialInput {
	return activeprospect.CredentialInput{
		Name: "Mailchimp (production)", Type: activeprospect.CredentialTypeUser, Package: "leadconduit-mailchimp",
		Username: "ops@example.com", Password: activeprospect.NewSecret("correct-horse-battery"),
		Extra: map[string]any{"region": "us1", "config": map[string]any{"client_secret": "s3cret"}},
	}
}

func apCase(method, source string, run func(ctx context.Context, srv *activeprospecttest.Server, c *activeprospect.Client) error) conformance.Case {
	return conformance.Case{Method: method, Source: source, Run: func(ctx context.Context, t *testing.T, hc *http.Client) error {
		srv, c := apClient(t, hc)
		return run(ctx, srv, c)
	}}
}

func activeprospectCases() []conformance.Case {
	type (
		srvT = *activeprospecttest.Server
		cT   = *activeprospect.Client
	)
	stored := func(srv srvT) string {
		return srv.AddCredential(activeprospecttest.CredentialInput{Name: "n", Type: "user", Package: "p", Username: "u", Password: "pw"}).ID
	}
	settings := activeprospect.UserSettings{Notifications: activeprospect.NotificationSettings{
		ConnectionInvites: activeprospect.NotificationSetting{Enabled: cdpkit.Ptr(false)},
	}}
	return []conformance.Case{
		apCase("AccountService.Get", "", func(ctx context.Context, _ srvT, c cT) error { _, err := c.Account.Get(ctx); return err }),
		apCase("AccountService.Update", "", func(ctx context.Context, _ srvT, c cT) error {
			_, err := c.Account.Update(ctx, activeprospect.AccountUpdate{DataRetentionInDays: cdpkit.Ptr(0), DataTruncatedAt: ptrTime(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))})
			return err
		}),
		apCase("AccountService.SyncFromSSO", apSrcSSO, func(ctx context.Context, _ srvT, c cT) error {
			_, err := c.Account.SyncFromSSO(ctx, activeprospecttest.DefaultAccountSSOID)
			return err
		}),
		apCase("CredentialsService.List", "", func(ctx context.Context, srv srvT, c cT) error {
			stored(srv)
			_, err := c.Credentials.List(ctx)
			return err
		}),
		apCase("CredentialsService.Get", apSrcPortal, func(ctx context.Context, srv srvT, c cT) error {
			_, err := c.Credentials.Get(ctx, stored(srv))
			return err
		}),
		apCase("CredentialsService.Create", "", func(ctx context.Context, _ srvT, c cT) error {
			_, err := c.Credentials.Create(ctx, apCredentialInput())
			return err
		}),
		apCase("CredentialsService.Update", "", func(ctx context.Context, srv srvT, c cT) error {
			_, err := c.Credentials.Update(ctx, stored(srv), apCredentialInput())
			return err
		}),
		apCase("CredentialsService.Delete", apSrcPortal, func(ctx context.Context, srv srvT, c cT) error {
			_, err := c.Credentials.Delete(ctx, stored(srv))
			return err
		}),
		apCase("UserService.Get", "", func(ctx context.Context, _ srvT, c cT) error { _, err := c.User.Get(ctx); return err }),
		apCase("UserService.Update", "the portal's Update user page (PUT /user/{id}), not seed 003 (fact sheet §1)", func(ctx context.Context, srv srvT, c cT) error {
			_, err := c.User.Update(ctx, srv.UserID, activeprospect.UserUpdate{UIState: activeprospect.UserUIStateUpdate{HasSeenFreeAccountModal: cdpkit.Ptr(true)}})
			return err
		}),
		apCase("UserService.Settings", apSrcSettings, func(ctx context.Context, srv srvT, c cT) error {
			_, err := c.User.Settings(ctx, srv.UserID)
			return err
		}),
		apCase("UserService.CreateSettings", apSrcSettings, func(ctx context.Context, _ srvT, c cT) error {
			_, err := c.User.CreateSettings(ctx, settings)
			return err
		}),
		apCase("UserService.UpdateSettings", apSrcSettings, func(ctx context.Context, srv srvT, c cT) error {
			_, err := c.User.UpdateSettings(ctx, srv.UserID, settings)
			return err
		}),
	}
}

func ptrTime(t time.Time) *time.Time { return &t }

// apDecode calls the method that sends s.Operation, through a client whose
// every request gets s as its answer.
func apDecode(ctx context.Context, s conformance.Sample, hc *http.Client) error {
	c, err := activeprospect.NewClient(option.WithBaseURL("https://app.leadconduit.com"), option.WithAPIKey("k"),
		option.WithHTTPClient(hc), option.WithMaxRetries(0))
	if err != nil {
		return err
	}
	const id = "5fd4371e940df5a34a3888b2"
	switch s.Operation {
	case "GET /account":
		_, err = c.Account.Get(ctx)
	case "PUT /account":
		_, err = c.Account.Update(ctx, activeprospect.AccountUpdate{DataRetentionInDays: cdpkit.Ptr(0)})
	case "GET /credentials":
		_, err = c.Credentials.List(ctx)
	case "POST /credentials":
		_, err = c.Credentials.Create(ctx, apCredentialInput())
	case "PUT /credentials/{id}":
		_, err = c.Credentials.Update(ctx, id, apCredentialInput())
	case "GET /user":
		_, err = c.User.Get(ctx)
	default:
		return conformance.ErrNoCall
	}
	return err
}

func apStatus(err error) (int, bool) {
	var apiErr *activeprospect.Error
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode, true
	}
	return 0, false
}

// apSendExample posts a request body of the page to a fresh fake, with the
// credentials every client sends; {id} is an existing credential.
func apSendExample(ctx context.Context, t *testing.T, ex conformance.RequestExample) (int, error) {
	srv := activeprospecttest.NewServer(t)
	path := strings.ReplaceAll(ex.Path, "{id}", srv.AddCredential(activeprospecttest.CredentialInput{Name: "n", Type: "user", Package: "p", Username: "u", Password: "pw"}).ID)
	return sendExample(ctx, srv.Client(), srv.URL+path, ex, func(r *http.Request) { r.SetBasicAuth(activeprospect.BasicAuthUser, srv.APIKey) })
}

// TestActiveProspectSchemasTranscribeTheSeed ties the JSON Schema files to
// the page they come from: every property of each file is a field row of
// the page (or, where the page's renderer dropped the field name, a key of
// the page's sample of that schema), and every key of the sample is a
// property of the file.
func TestActiveProspectSchemasTranscribeTheSeed(t *testing.T) {
	text := string(mustRead(t, apSeed))
	blocks := renderedJSON(t, text)
	for i, name := range []string{"account", "user", "credential"} {
		var schema struct {
			Properties map[string]json.RawMessage `json:"properties"`
		}
		if err := json.Unmarshal(mustRead(t, "testdata/activeprospect/"+name+".schema.json"), &schema); err != nil {
			t.Fatal(err)
		}
		sample, _ := blocks[i].(map[string]any)
		for prop := range schema.Properties {
			row := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(prop) + `( required)? \| `)
			if _, inSample := sample[prop]; !row.MatchString(text) && !inSample {
				t.Errorf("%s.schema.json: property %q is neither a field row nor a key of the page's %s sample", name, prop, name)
			}
		}
		for key := range sample {
			if _, ok := schema.Properties[key]; !ok {
				t.Errorf("the page's %s sample has %q, which %s.schema.json lacks", name, key, name)
			}
		}
	}
	// The files are what the page says about required fields: only the
	// Credential marks any.
	var cred struct {
		Required []string `json:"required"`
	}
	if err := json.Unmarshal(mustRead(t, "testdata/activeprospect/credential.schema.json"), &cred); err != nil {
		t.Fatal(err)
	}
	for _, f := range regexp.MustCompile(`(?m)^(\w+) required \|`).FindAllStringSubmatch(text, -1) {
		if !slices.Contains(cred.Required, f[1]) {
			t.Errorf("the page marks %s required; credential.schema.json does not", f[1])
		}
	}
}

// TestActiveProspectSchemasCatchWhatTheyShould: the transcribed schemas
// reject the request bodies the page rules out, so a valid row means
// something; and a request body need not carry what the page marks
// read-only (a credential's id), which OpenAPI's rule for requests says.
func TestActiveProspectSchemasCatchWhatTheyShould(t *testing.T) {
	routes := map[string][]byte{
		"POST /credentials": mustRead(t, "testdata/activeprospect/credential.schema.json"),
		"PUT /account":      mustRead(t, "testdata/activeprospect/account.schema.json"),
	}
	ref, err := conformance.NewSchemaReference("seed 003", routes)
	if err != nil {
		t.Fatal(err)
	}
	const cred = `"name":"n","type":"user","package":"p","username":"u"`
	tests := []struct {
		name, method, path, body string
		ok                       bool
	}{
		{"a create without the read-only id", "POST", "/credentials", `{` + cred + `,"password":"pw","region":"us1"}`, true},
		{"an unknown type", "POST", "/credentials", `{"name":"n","type":"api_key","package":"p","username":"u","password":"pw"}`, true},
		{"no password", "POST", "/credentials", `{` + cred + `}`, false},
		{"an empty password", "POST", "/credentials", `{` + cred + `,"password":""}`, false},
		{"a numeric username", "POST", "/credentials", `{"name":"n","type":"user","package":"p","username":7,"password":"pw"}`, false},
		{"retention as text", "PUT", "/account", `{"data_retention_in_days":"ninety"}`, false},
		{"a zero retention", "PUT", "/account", `{"data_retention_in_days":0}`, true},
		{"a malformed BSON id", "PUT", "/account", `{"subscription_id":"42"}`, false},
	}
	for _, tt := range tests {
		u, _ := http.NewRequest(tt.method, "https://app.leadconduit.com"+tt.path, nil)
		_, covered, err := ref.Check(context.Background(), &conformance.Request{Method: tt.method, URL: u.URL, Body: []byte(tt.body)})
		if !covered || (err == nil) != tt.ok {
			t.Errorf("%s: covered %v, error %v; want ok %v", tt.name, covered, err, tt.ok)
		}
	}
}
