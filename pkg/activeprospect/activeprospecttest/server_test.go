package activeprospecttest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit/pkg/activeprospect/activeprospecttest"
)

// call sends one request to the fake with Basic auth and returns the status
// and body.
func call(t *testing.T, srv *activeprospecttest.Server, key, method, path, body string) (int, string, http.Header) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, srv.URL+path, r)
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.SetBasicAuth("API", key)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(data), resp.Header
}

func TestWrongOrMissingKeyGetsTheReal401(t *testing.T) {
	t.Parallel()
	srv := activeprospecttest.NewServer(t)
	for _, key := range []string{"", "not-the-key"} {
		for _, path := range []string{"/account", "/credentials", "/user", "/credentials/5fd4371e940df5a34a3888b2"} {
			status, body, h := call(t, srv, key, http.MethodGet, path, "")
			if status != http.StatusUnauthorized || strings.TrimSpace(body) != `{"error":"authentication failed"}` {
				t.Errorf("key %q GET %s = %d %s, want 401 {\"error\":\"authentication failed\"}", key, path, status, body)
			}
			if ct := h.Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("Content-Type = %q", ct)
			}
		}
	}
}

func TestCredentialLifecycleChangesState(t *testing.T) {
	t.Parallel()
	clock := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	srv := activeprospecttest.NewServer(t, activeprospecttest.WithClock(func() time.Time { return clock }))
	key := srv.APIKey

	status, body, _ := call(t, srv, key, http.MethodPost, "/credentials",
		`{"name":"Mailchimp","type":"user","package":"leadconduit-mailchimp","username":"ops","password":"pw-1","api_key":"mc-secret","region":"us1"}`)
	if status != http.StatusCreated {
		t.Fatalf("create = %d %s", status, body)
	}
	var created map[string]any
	if err := json.Unmarshal([]byte(body), &created); err != nil {
		t.Fatal(err)
	}
	id, _ := created["id"].(string)
	if len(id) != 24 || created["region"] != "us1" || created["api_key"] != "mc-secret" || created["password"] != "pw-1" {
		t.Fatalf("created = %s: want a 24-hex id and the extra properties echoed", body)
	}
	if created["created_at"] != "2024-05-01T12:00:00Z" {
		t.Errorf("created_at = %v", created["created_at"])
	}

	clock = clock.Add(time.Hour)
	status, body, _ = call(t, srv, key, http.MethodPut, "/credentials/"+id,
		`{"name":"Mailchimp EU","type":"user","package":"leadconduit-mailchimp","username":"ops","password":"pw-2"}`)
	if status != http.StatusOK || !strings.Contains(body, `"Mailchimp EU"`) || !strings.Contains(body, `"updated_at":"2024-05-01T13:00:00Z"`) {
		t.Fatalf("update = %d %s", status, body)
	}
	if c, _ := srv.Credential(id); c.Password != "pw-2" || c.AdditionalProperties["region"] != nil {
		t.Errorf("stored after PUT = %+v, want the body to replace the credential", c)
	}

	status, body, _ = call(t, srv, key, http.MethodGet, "/credentials", "")
	if status != http.StatusOK || strings.Count(body, `"id"`) != 1 {
		t.Fatalf("list = %d %s", status, body)
	}

	status, _, _ = call(t, srv, key, http.MethodDelete, "/credentials/"+id, "")
	if status != http.StatusOK || srv.Stats().Credentials != 0 {
		t.Fatalf("delete = %d, %d left", status, srv.Stats().Credentials)
	}
	for _, method := range []string{http.MethodGet, http.MethodDelete} {
		status, body, _ = call(t, srv, key, method, "/credentials/"+id, "")
		if status != http.StatusNotFound || !strings.Contains(body, `"error"`) {
			t.Errorf("%s after delete = %d %s, want 404", method, status, body)
		}
	}
	if p := srv.Problems(); len(p) != 0 {
		t.Errorf("fake produced invalid responses: %v", p)
	}
}

func TestRequestsTheSpecRejects(t *testing.T) {
	t.Parallel()
	srv := activeprospecttest.NewServer(t)
	tests := []struct {
		name, method, path, body string
		want                     int
	}{
		{"id not 24 hex", http.MethodGet, "/credentials/42", "", http.StatusBadRequest},
		{"empty credential type", http.MethodPost, "/credentials", `{"name":"x","type":"","package":"p","username":"u","password":"secret-value"}`, http.StatusBadRequest},
		{"missing password", http.MethodPost, "/credentials", `{"name":"x","type":"user","package":"p","username":"u"}`, http.StatusBadRequest},
		{"retention as text", http.MethodPut, "/account", `{"data_retention_in_days":"ninety"}`, http.StatusBadRequest},
		{"unknown path", http.MethodGet, "/flows", "", http.StatusNotFound},
	}
	for _, tt := range tests {
		status, body, _ := call(t, srv, srv.APIKey, tt.method, tt.path, tt.body)
		if status != tt.want || !strings.HasPrefix(body, `{"error":`) {
			t.Errorf("%s: %d %s, want %d with an {\"error\"} body", tt.name, status, body, tt.want)
		}
		if strings.Contains(body, "secret-value") || strings.Contains(body, "\\n") {
			t.Errorf("%s: error body %s echoes the request or the validator's details", tt.name, body)
		}
	}
	if n := srv.Stats().Credentials; n != 0 {
		t.Errorf("rejected requests stored %d credentials", n)
	}
}

func TestUpdateAccountChangesOnlyWhatIsSent(t *testing.T) {
	t.Parallel()
	srv := activeprospecttest.NewServer(t)
	before := srv.Account()
	status, body, _ := call(t, srv, srv.APIKey, http.MethodPut, "/account", `{"data_retention_in_days":0,"features":{"firehose":true}}`)
	if status != http.StatusOK {
		t.Fatalf("update = %d %s", status, body)
	}
	after := srv.Account()
	if after.DataRetentionInDays != 0 || after.Features.Firehose == nil || !*after.Features.Firehose {
		t.Errorf("after = retention %d firehose %v, want 0 and true", after.DataRetentionInDays, after.Features.Firehose)
	}
	if after.Name != before.Name || *after.Features.SellerAccess != *before.Features.SellerAccess {
		t.Error("fields left out of the update changed")
	}
	req, ok := srv.LastRequest(http.MethodPut, "/account")
	if !ok || string(req.Body) != `{"data_retention_in_days":0,"features":{"firehose":true}}` {
		t.Errorf("recorded body = %q", req.Body)
	}
}

func TestUserAndSettings(t *testing.T) {
	t.Parallel()
	srv := activeprospecttest.NewServer(t)
	status, body, _ := call(t, srv, srv.APIKey, http.MethodGet, "/user", "")
	if status != http.StatusOK || !strings.Contains(body, srv.UserID) {
		t.Fatalf("user = %d %s", status, body)
	}
	status, body, _ = call(t, srv, srv.APIKey, http.MethodPut, "/user_settings/"+srv.UserID, `{"notifications":{"connection_invites":{"enabled":false}}}`)
	if status != http.StatusOK || !strings.Contains(body, `"connection_invites":{"enabled":false}`) || !strings.Contains(body, `"submission_doc_updates":{"enabled":true}`) {
		t.Fatalf("settings update = %d %s", status, body)
	}
	status, _, _ = call(t, srv, srv.APIKey, http.MethodGet, "/user_settings/000000000000000000000000", "")
	if status != http.StatusNotFound {
		t.Errorf("settings of unknown user = %d, want 404", status)
	}
	status, body, _ = call(t, srv, srv.APIKey, http.MethodPost, "/account_sso_sync", `{"sso_account_id":"`+activeprospecttest.DefaultAccountSSOID+`"}`)
	if status != http.StatusOK || !strings.Contains(body, `"success":true`) {
		t.Errorf("sso sync = %d %s", status, body)
	}
}

// TestFakeStateIsPlausibleAndMergesSubscriptions: the fake's account and
// user started in the past; a subscription update changes only the fields
// it sends; deleting one credential keeps the others listed; LastRequest
// finds the latest match even when other requests came after it.
func TestFakeStateIsPlausibleAndMergesSubscriptions(t *testing.T) {
	t.Parallel()
	now := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	srv := activeprospecttest.NewServer(t, activeprospecttest.WithClock(func() time.Time { return now }))
	acct, user := srv.Account(), srv.User()
	for what, at := range map[string]time.Time{"account started_at": acct.StartedAt, "base subscription active_at": acct.Subscriptions.Base.ActiveAt, "user created_at": user.CreatedAt} {
		if !at.Before(now) {
			t.Errorf("%s = %v, want a time before the fake's now %v", what, at, now)
		}
	}
	key := srv.APIKey
	for _, body := range []string{`{"subscriptions":{"pro":{"state":"active","product_offering_component":"pro-2024"}}}`, `{"subscriptions":{"pro":{"product_offering_component":"pro-2025"}}}`} {
		if status, answer, _ := call(t, srv, key, http.MethodPut, "/account", body); status != http.StatusOK {
			t.Fatalf("PUT /account %s: %d %s", body, status, answer)
		}
	}
	if pro := srv.Account().Subscriptions.Pro; pro.State != "active" || pro.ProductOfferingComponent != "pro-2025" {
		t.Errorf("pro subscription = %+v, want the state kept and the component changed", pro)
	}
	a := srv.AddCredential(activeprospecttest.CredentialInput{Name: "a", Type: "user", Package: "p", Username: "u", Password: "pw"})
	b := srv.AddCredential(activeprospecttest.CredentialInput{Name: "b", Type: "user", Package: "p", Username: "u", Password: "pw"})
	if status, _, _ := call(t, srv, key, http.MethodDelete, "/credentials/"+a.ID, ""); status != http.StatusOK {
		t.Fatalf("delete: %d", status)
	}
	if list := srv.Credentials(); len(list) != 1 || list[0].ID != b.ID {
		t.Errorf("credentials after deleting a = %v, want only b", list)
	}
	call(t, srv, key, http.MethodGet, "/account", "")
	if req, ok := srv.LastRequest(http.MethodPut, "/account"); !ok || !strings.Contains(string(req.Body), "pro-2025") {
		t.Errorf("LastRequest(PUT /account) = %s, %v; want the second PUT", req.Body, ok)
	}
}
