package userlottest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/cdpkit/cdpkit/pkg/userlot/userlottest"
)

// TestFakeSpeaksTheAPIsErrorShape sends raw requests, including ones the
// typed client would never send, and checks status and body.
func TestFakeSpeaksTheAPIsErrorShape(t *testing.T) {
	t.Parallel()
	srv := userlottest.NewServer(t)
	tests := []struct {
		name, method, path, key, body string
		wantStatus                    int
		wantText                      string
	}{
		{"no key", "GET", "/api/v1/companies", "", "", 401, "security"},
		{"wrong key", "GET", "/api/v1/companies", "nope", "", 401, "security"},
		{"unknown path", "GET", "/api/v1/nope", userlottest.DefaultAPIKey, "", 404, "no operation"},
		{"wrong method", "DELETE", "/api/v1/companies", userlottest.DefaultAPIKey, "", 405, "not allowed"},
		{"event without name", "POST", "/api/v1/events", userlottest.DefaultAPIKey, `{"user_external_id":"u"}`, 400, "name"},
		{"mrr as text", "PUT", "/api/v1/companies", userlottest.DefaultAPIKey, `{"external_id":"a","mrr":"lots"}`, 400, "mrr"},
		{"unknown company id", "PUT", "/api/v1/companies", userlottest.DefaultAPIKey, `{"id":"00000000-0000-4000-8000-000000000000"}`, 404, "no company"},
		{"end user of an unknown company", "PUT", "/api/v1/end_users", userlottest.DefaultAPIKey, `{"external_id":"u","company_id":"00000000-0000-4000-8000-000000000000"}`, 422, "company_id"},
		{"created", "PUT", "/api/v1/companies", userlottest.DefaultAPIKey, `{"external_id":"a","name":"A","total_revenue":5}`, 201, `"total_revenue":5`},
		{"updated", "PUT", "/api/v1/companies", userlottest.DefaultAPIKey, `{"external_id":"a","name":"B"}`, 200, `"total_revenue":5`},
	}
	for _, tt := range tests { // in order: "updated" relies on "created"
		req, _ := http.NewRequest(tt.method, srv.URL+tt.path, strings.NewReader(tt.body))
		if tt.key != "" {
			req.Header.Set("ApiKey", tt.key)
		}
		if tt.body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.wantStatus || !strings.Contains(string(body), tt.wantText) {
			t.Errorf("%s: %d %s, want %d containing %q", tt.name, resp.StatusCode, body, tt.wantStatus, tt.wantText)
		}
		if resp.StatusCode >= 400 {
			var e struct {
				Error string `json:"error"`
			}
			if json.Unmarshal(body, &e) != nil || e.Error == "" {
				t.Errorf("%s: error body %s lacks Userlot's \"error\" message", tt.name, body)
			}
		}
	}
	if p := srv.Problems(); len(p) > 0 {
		t.Errorf("the fake produced invalid responses: %v", p)
	}
}

// TestFakeMatchOrder pins the fake's reading of a body with several ids:
// id wins, then external_id.
func TestFakeMatchOrder(t *testing.T) {
	t.Parallel()
	srv := userlottest.NewServer(t)
	put := func(body string) map[string]any {
		req, _ := http.NewRequest("PUT", srv.URL+"/api/v1/companies", strings.NewReader(body))
		req.Header.Set("ApiKey", srv.APIKey)
		req.Header.Set("Content-Type", "application/json")
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&out)
		return out
	}
	a := put(`{"external_id":"a","name":"A"}`)
	put(`{"external_id":"b","name":"B"}`)
	got := put(`{"id":"` + a["id"].(string) + `","source_external_id":"crm-1","name":"A2"}`)
	if got["id"] != a["id"] || got["name"] != "A2" {
		t.Errorf("id + source_external_id matched %v, want company a", got)
	}
	got = put(`{"external_id":"b","source_external_id":"crm-1","name":"B2"}`)
	if got["external_id"] != "b" || got["name"] != "B2" {
		t.Errorf("external_id + source_external_id matched %v, want company b", got)
	}
	if ids := srv.CompanySourceIDs(a["id"].(string)); len(ids) != 1 || ids[0] != "crm-1" {
		t.Errorf("source ids of a = %v", ids)
	}
	if n := srv.Stats().Companies; n != 2 {
		t.Errorf("companies = %d, want 2", n)
	}
}

// rawPut sends a raw upsert and decodes the answer as a JSON object, numbers
// as json.Number.
func rawPut(t *testing.T, srv *userlottest.Server, path, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPut, srv.URL+path, strings.NewReader(body))
	req.Header.Set("ApiKey", srv.APIKey)
	req.Header.Set("Content-Type", "application/json")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	dec := json.NewDecoder(resp.Body)
	dec.UseNumber()
	var out map[string]any
	if err := dec.Decode(&out); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, out
}

// TestFakeKeepsCustomNumbersSourceIDsAndSequence: an integer above 2^53
// comes back with every digit; several source ids come back as a list and
// one as a string; a 422 names its field; friendly ids count up.
func TestFakeKeepsCustomNumbersSourceIDsAndSequence(t *testing.T) {
	t.Parallel()
	srv := userlottest.NewServer(t, userlottest.WithCustomFields(userlottest.CustomFieldDef{Entity: "ticket", Name: "sla_hours", Required: true}))
	status, a := rawPut(t, srv, "/api/v1/companies", `{"external_id":"a","name":"A","account_number":9007199254740993,"source_external_id":["crm-1","zd-2"]}`)
	if status != http.StatusCreated || a["account_number"] != json.Number("9007199254740993") {
		t.Errorf("created %d with account_number %v, want 201 and every digit", status, a["account_number"])
	}
	if ids, _ := a["source_external_id"].([]any); len(ids) != 2 || ids[0] != "crm-1" || ids[1] != "zd-2" {
		t.Errorf("source_external_id = %v, want both ids as a list", a["source_external_id"])
	}
	_, b := rawPut(t, srv, "/api/v1/companies", `{"external_id":"b","name":"B","source_external_id":"hs-3"}`)
	if b["source_external_id"] != "hs-3" {
		t.Errorf("one source id = %v, want the string", b["source_external_id"])
	}
	if a["friendly_id"] != json.Number("1") || b["friendly_id"] != json.Number("2") {
		t.Errorf("friendly ids = %v, %v; want 1 and 2", a["friendly_id"], b["friendly_id"])
	}
	status, e := rawPut(t, srv, "/api/v1/tickets", `{"source_external_id":"zd-1","subject":"S"}`)
	if errs, _ := e["errors"].(map[string]any); status != http.StatusUnprocessableEntity || errs["sla_hours"] == nil {
		t.Errorf("ticket without a required custom field: %d %v, want 422 naming sla_hours", status, e)
	}
}
