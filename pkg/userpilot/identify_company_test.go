package userpilot_test

import (
	"context"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/userpilot"
)

// bodyCatcher answers 202 and keeps the JSON body of every request.
type bodyCatcher struct {
	mu     sync.Mutex
	bodies []map[string]any
}

func (b *bodyCatcher) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	data, _ := io.ReadAll(r.Body)
	var v map[string]any
	_ = json.Unmarshal(data, &v)
	b.mu.Lock()
	b.bodies = append(b.bodies, v)
	b.mu.Unlock()
	w.WriteHeader(http.StatusAccepted)
}

func (b *bodyCatcher) last(t *testing.T) map[string]any {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.bodies) == 0 {
		t.Fatal("no request was sent")
	}
	return b.bodies[len(b.bodies)-1]
}

func TestIdentifySendsTheCompanyUnderBothKeysByDefault(t *testing.T) {
	t.Parallel()
	user := userpilot.User{UserID: "u1", CompanyID: "acme", Company: userpilot.Metadata{"name": "Acme", "seats": 12}}
	tests := []struct {
		name string
		opts []option.RequestOption
		want map[string]any
	}{
		{"default", nil, map[string]any{"id": "acme", "company_id": "acme", "name": "Acme", "seats": 12.0}},
		{"id only", []option.RequestOption{userpilot.WithCompanyKeys(userpilot.CompanyIDOnly)}, map[string]any{"id": "acme", "name": "Acme", "seats": 12.0}},
		{"company_id only", []option.RequestOption{userpilot.WithCompanyKeys(userpilot.CompanyCompanyIDOnly)}, map[string]any{"company_id": "acme", "name": "Acme", "seats": 12.0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			catcher := &bodyCatcher{}
			srv := httptest.NewServer(catcher)
			defer srv.Close()
			client, err := userpilot.NewClient(append([]option.RequestOption{option.WithBaseURL(srv.URL), option.WithAPIKey("k")}, append(fast(), tt.opts...)...)...)
			if err != nil {
				t.Fatal(err)
			}
			if err := client.Identify(context.Background(), user); err != nil {
				t.Fatal(err)
			}
			got, _ := catcher.last(t)["company"].(map[string]any)
			if !maps.Equal(got, tt.want) {
				t.Errorf("company = %v, want %v", got, tt.want)
			}
		})
	}
	if _, err := userpilot.NewClient(option.WithAPIKey("k"), userpilot.WithCompanyKeys(7)); err == nil {
		t.Error("WithCompanyKeys(7) was accepted")
	}
}

func TestIdentifyStoresInlineCompanyPropertiesInTheFake(t *testing.T) {
	t.Parallel()
	srv, client := newTestClient(t, nil)
	err := client.Identify(context.Background(), userpilot.User{UserID: "u1", CompanyID: "acme", Company: userpilot.Metadata{"name": "Acme"}})
	if err != nil {
		t.Fatal(err)
	}
	co, ok := srv.Company("acme")
	if !ok || co.Metadata["name"] != "Acme" || len(co.Metadata) != 1 {
		t.Errorf("company = %+v, %v; want acme with only its name (neither id key is a property)", co, ok)
	}
	if u, _ := srv.User("u1"); u.CompanyID != "acme" {
		t.Errorf("user's company = %q, want acme", u.CompanyID)
	}
}
