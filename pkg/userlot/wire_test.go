package userlot_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/userlot"
)

// recorder is a Userlot stand-in that records the bodies it receives and
// answers every request with one canned status and body.
type recorder struct {
	mu     sync.Mutex
	bodies []map[string]json.RawMessage
}

func (rec *recorder) last(t *testing.T) map[string]json.RawMessage {
	t.Helper()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.bodies) == 0 {
		t.Fatal("no request body recorded")
	}
	return rec.bodies[len(rec.bodies)-1]
}

func recordingClient(t *testing.T, status int, answer string) (*userlot.Client, *recorder) {
	t.Helper()
	rec := &recorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		if len(raw) > 0 {
			var body map[string]json.RawMessage
			if err := json.Unmarshal(raw, &body); err != nil {
				t.Errorf("request body %s is not a JSON object: %v", raw, err)
			}
			rec.mu.Lock()
			rec.bodies = append(rec.bodies, body)
			rec.mu.Unlock()
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(answer))
	}))
	t.Cleanup(srv.Close)
	client, err := userlot.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey("userlot-test-key-1234"),
		option.WithMaxRetries(3), option.WithBackoff(time.Millisecond, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	return client, rec
}

func TestUpsertWithoutAnIdentityCreatesARecord(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t)
	ctx := context.Background()
	a, err := client.Companies.Upsert(ctx, userlot.CompanyInput{Name: "Anon"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := client.Companies.Upsert(ctx, userlot.CompanyInput{Name: "Anon"})
	if err != nil {
		t.Fatal(err)
	}
	if a.ID == "" || a.ID == b.ID {
		t.Errorf("ids %q and %q: each upsert without an id must create a record", a.ID, b.ID)
	}
	u, err := client.EndUsers.Upsert(ctx, userlot.EndUserInput{Email: "new@example.com"})
	if err != nil || u.ID == "" {
		t.Fatalf("end user: %+v, %v", u, err)
	}
	tk, err := client.Tickets.Upsert(ctx, userlot.TicketInput{Subject: "Help"})
	if err != nil || tk.ID == "" {
		t.Fatalf("ticket: %+v, %v", tk, err)
	}
	if st := srv.Stats(); st.Companies != 2 || st.EndUsers != 1 || st.Tickets != 1 {
		t.Errorf("fake holds %+v", st)
	}
}

func TestUpsertBodyCarriesOnlyTheIdsGiven(t *testing.T) {
	t.Parallel()
	client, rec := recordingClient(t, http.StatusCreated, `{"id":"4dfb21d9-dffe-489c-bb42-d5836f64fd85","name":"Acme"}`)
	ctx := context.Background()
	tests := []struct {
		name  string
		input userlot.CompanyInput
		match []userlot.Identity
		want  map[string]string // id fields and their raw JSON; absent ones must be absent
	}{
		{"no identity", userlot.CompanyInput{Name: "A"}, nil, map[string]string{}},
		{"by external id", userlot.CompanyInput{Name: "A"}, []userlot.Identity{userlot.ByExternalID("acme-1")}, map[string]string{"external_id": `"acme-1"`}},
		{"one source id is a string", userlot.CompanyInput{Name: "A"}, []userlot.Identity{userlot.BySourceExternalID("crm-1")}, map[string]string{"source_external_id": `"crm-1"`}},
		{"several source ids are a list", userlot.CompanyInput{Name: "A", SourceExternalIDs: []string{"zd-2", "crm-1"}}, []userlot.Identity{userlot.BySourceExternalID("crm-1")},
			map[string]string{"source_external_id": `["crm-1","zd-2"]`}},
		{"extra source ids beside an external id", userlot.CompanyInput{Name: "A", SourceExternalIDs: []string{"zd-2"}}, []userlot.Identity{userlot.ByExternalID("acme-1")},
			map[string]string{"external_id": `"acme-1"`, "source_external_id": `"zd-2"`}},
	}
	for _, tt := range tests {
		if _, err := client.Companies.Upsert(ctx, tt.input, tt.match...); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		body := rec.last(t)
		for _, field := range []string{"id", "external_id", "source_external_id"} {
			got, sent := body[field]
			want, wanted := tt.want[field]
			if sent != wanted || (sent && string(got) != want) {
				t.Errorf("%s: %s = %s (sent %v), want %s (sent %v)", tt.name, field, got, sent, want, wanted)
			}
		}
	}
}

func TestSourceExternalIDsRoundTrip(t *testing.T) {
	t.Parallel()
	_, client := newTestClient(t)
	ctx := context.Background()
	created, err := client.Companies.Upsert(ctx, userlot.CompanyInput{Name: "Acme", SourceExternalIDs: []string{"crm-1", "zd-2"}}, userlot.ByExternalID("acme-1"))
	if err != nil {
		t.Fatal(err)
	}
	// Matching by one of them updates the same company and adds another.
	updated, err := client.Companies.Upsert(ctx, userlot.CompanyInput{SourceExternalIDs: []string{"hs-3"}}, userlot.BySourceExternalID("zd-2"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := client.Companies.Get(ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]*userlot.Company{"create": created, "update": updated, "get": got} {
		want := []string{"crm-1", "zd-2"}
		if name != "create" {
			want = append(want, "hs-3")
		}
		if c.ID != created.ID || !equalStrings(c.SourceExternalIDs, want) {
			t.Errorf("%s: company %s with source ids %q, want %s with %q", name, c.ID, c.SourceExternalIDs, created.ID, want)
		}
	}
	for _, id := range []string{"crm-1", "zd-2", "hs-3"} {
		list, err := client.Companies.List(ctx, userlot.CompanyFilter{SourceExternalID: id})
		if err != nil || len(list) != 1 || list[0].ID != created.ID {
			t.Errorf("List by source id %s = %d companies, %v; want the one", id, len(list), err)
		}
	}
	u, err := client.EndUsers.Upsert(ctx, userlot.EndUserInput{Email: "ada@example.com", SourceExternalIDs: []string{"crm-u1", "zd-u1"}}, userlot.ByExternalID("u-1"))
	if err != nil || !equalStrings(u.SourceExternalIDs, []string{"crm-u1", "zd-u1"}) {
		t.Errorf("end user source ids = %q, %v", u.SourceExternalIDs, err)
	}
}

func TestSourceExternalIDsDecodeInEveryShape(t *testing.T) {
	t.Parallel()
	tests := []struct {
		field   string
		want    []string
		wantErr bool
	}{
		{`"crm-1"`, []string{"crm-1"}, false},
		{`["crm-1","zd-2"]`, []string{"crm-1", "zd-2"}, false},
		{`null`, nil, false},
		{`""`, nil, false},
		{`[]`, []string{}, false},
		{`42`, nil, true},
		{`[1,2]`, nil, true},
	}
	for _, tt := range tests {
		client, _ := recordingClient(t, http.StatusOK, `{"id":"4dfb21d9-dffe-489c-bb42-d5836f64fd85","name":"Acme","source_external_id":`+tt.field+`}`)
		c, err := client.Companies.Get(context.Background(), "4dfb21d9-dffe-489c-bb42-d5836f64fd85")
		if tt.wantErr {
			var apiErr *userlot.Error
			if !asError(err, &apiErr) || apiErr.Code != "undecodable_response" || apiErr.Operation != "getCompany" {
				t.Errorf("source_external_id %s: error = %v, want an undecodable *Error", tt.field, err)
			}
			continue
		}
		if err != nil || len(c.SourceExternalIDs) != len(tt.want) || !equalStrings(c.SourceExternalIDs, tt.want) {
			t.Errorf("source_external_id %s: got %q, %v; want %q", tt.field, c.SourceExternalIDs, err, tt.want)
		}
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
