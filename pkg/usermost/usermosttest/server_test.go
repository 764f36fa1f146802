package usermosttest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit/pkg/usermost/usermosttest"
)

type envelope struct {
	Response struct {
		Status  string `json:"status"`
		Message string `json:"message"`
	} `json:"response"`
}

func post(t *testing.T, srv *usermosttest.Server, path, requestID, body string) (int, http.Header, envelope) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/v1/accounts/"+srv.LicenseCode+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+srv.APIKey)
	req.Header.Set("Content-Type", "application/json")
	if requestID != "" {
		req.Header.Set("x-request-id", requestID)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var env envelope
	if err := json.Unmarshal(raw, &env); err != nil {
		t.Fatalf("body %q is not the Usermost envelope: %v", raw, err)
	}
	return resp.StatusCode, resp.Header, env
}

func TestFakeAnswersInTheAPIsErrorShape(t *testing.T) {
	t.Parallel()
	srv := usermosttest.NewServer(t)
	tests := []struct {
		name, path, body string
		wantStatus       int
		wantMessage      string
	}{
		{"accepted", "/users", `{"userId":"u1"}`, 200, "success"},
		{"schema violation", "/events", `{"userId":"u1","eventName":""}`, 400, "eventName"},
		{"no id", "/users", `{"firstName":"x"}`, 400, "UserBody"},
		{"no id in a batch", "/eventsBatch", `{"events":[{"userId":"a","eventName":"A"},{"eventName":"B"}]}`, 400, "/events/1"},
		{"batch over the limit", "/eventsBatch", `{"events":[` + strings.Repeat(`{"userId":"a","eventName":"A"},`, 25) + `{"userId":"a","eventName":"A"}]}`, 400, "events"},
	}
	for _, tt := range tests {
		status, _, env := post(t, srv, tt.path, "", tt.body)
		if status != tt.wantStatus || !strings.Contains(env.Response.Message, tt.wantMessage) {
			t.Errorf("%s: got %d %q, want %d with %q", tt.name, status, env.Response.Message, tt.wantStatus, tt.wantMessage)
		}
		if status >= 400 && env.Response.Status != "error" {
			t.Errorf("%s: envelope status = %q, want error", tt.name, env.Response.Status)
		}
	}
	if p := srv.Problems(); len(p) != 0 {
		t.Errorf("the fake broke its own document: %v", p)
	}
}

func TestFakeDeduplicatesByRequestID(t *testing.T) {
	t.Parallel()
	srv := usermosttest.NewServer(t)
	body := `{"events":[{"userId":"u1","eventName":"A"},{"userId":"u1","eventName":"B"}]}`
	for i := 0; i < 3; i++ {
		if status, _, _ := post(t, srv, "/eventsBatch", "0123456789abcdef0123456789abcdef", body); status != 201 {
			t.Fatalf("attempt %d: status %d", i, status)
		}
	}
	st := srv.Stats()
	if st.Events != 2 || st.DuplicateRequests != 2 || st.Requests != 3 {
		t.Errorf("stats = %+v, want 2 events stored, 2 duplicates, 3 requests", st)
	}
}

func TestFaultsComeFirstAndInOrder(t *testing.T) {
	t.Parallel()
	srv := usermosttest.NewServer(t)
	srv.InjectFaultsAfter(1,
		usermosttest.Fault{Status: 429, RetryAfter: 1500 * time.Millisecond},
		usermosttest.Fault{},
	)
	wants := []struct {
		status     int
		retryAfter string
	}{{200, ""}, {429, "2"}, {503, ""}, {200, ""}}
	for i, w := range wants {
		status, h, _ := post(t, srv, "/users", "", `{"userId":"u1"}`)
		if status != w.status || h.Get("Retry-After") != w.retryAfter {
			t.Errorf("request %d: got %d Retry-After %q, want %d %q", i, status, h.Get("Retry-After"), w.status, w.retryAfter)
		}
	}
	if n := srv.Stats().Requests; n != 4 {
		t.Errorf("requests = %d, want 4 (faults count too)", n)
	}
}

// TestFakeMergesProfiles: an upsert changes the fields it sends and keeps
// the others, field by field; an anonymous profile is kept by its device id
// and an identified one by its user id.
func TestFakeMergesProfiles(t *testing.T) {
	t.Parallel()
	srv := usermosttest.NewServer(t)
	first := `{"userId":"u1","deviceId":"d1","firstName":"Ada","lastName":"King","birthDate":"1815-12-10T00:00:00+0000","gender":"female",` +
		`"email":"ada@example.com","phone":"+441234","company":"Analytical","emailOptIn":true,"smsOptIn":true,"whatsappOptIn":true,"attributes":{"plan":"free","seats":1}}`
	if status, _, _ := post(t, srv, "/users", "", first); status != http.StatusOK {
		t.Fatalf("first upsert: %d", status)
	}
	second := `{"userId":"u1","lastName":"Lovelace","smsOptIn":false,"attributes":{"plan":"pro"}}`
	if status, _, _ := post(t, srv, "/users", "", second); status != http.StatusOK {
		t.Fatalf("second upsert: %d", status)
	}
	got, ok := srv.User("u1")
	if !ok {
		t.Fatal("profile u1 not stored")
	}
	checks := map[string]bool{
		"kept userId":        got.UserID == "u1",
		"kept deviceId":      got.DeviceID == "d1",
		"kept firstName":     got.FirstName == "Ada",
		"changed lastName":   got.LastName == "Lovelace",
		"kept birthDate":     got.BirthDate == "1815-12-10T00:00:00+0000",
		"kept gender":        got.Gender == "female",
		"kept email":         got.Email == "ada@example.com",
		"kept phone":         got.Phone == "+441234",
		"kept company":       got.Company == "Analytical",
		"kept emailOptIn":    got.EmailOptIn != nil && *got.EmailOptIn,
		"changed smsOptIn":   got.SmsOptIn != nil && !*got.SmsOptIn,
		"kept whatsappOptIn": got.WhatsappOptIn != nil && *got.WhatsappOptIn,
		"changed attribute":  got.Attributes["plan"] == "pro",
		"kept attribute":     got.Attributes["seats"] == float64(1),
	}
	for what, ok := range checks {
		if !ok {
			t.Errorf("%s: profile = %+v", what, got)
		}
	}
	// A device-only profile is its own profile, found under no user id.
	if status, _, _ := post(t, srv, "/users", "", `{"deviceId":"d2","firstName":"Anon"}`); status != http.StatusOK {
		t.Fatalf("device upsert: %d", status)
	}
	if _, ok := srv.User("d2"); ok {
		t.Error("a device id was stored as a user id")
	}
	users := srv.Users()
	if len(users) != 2 || users[1].DeviceID != "d2" || users[1].FirstName != "Anon" || srv.Stats().Users != 2 {
		t.Errorf("profiles = %+v, want u1 and the anonymous d2 in order", users)
	}
}
