package speccheck_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/cdpkit/cdpkit/pkg/speccheck"
)

// The cost of checking one exchange of an Accepted Usermost upsert (a
// typical write: a user body and the envelope back), with the request
// checked and without, and of one with drifts.
func BenchmarkCheckExchange(b *testing.B) {
	c, err := speccheck.New(context.Background(), "usermost")
	if err != nil {
		b.Fatal(err)
	}
	reqBody := []byte(`{"userId":"u-1","firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","emailOptIn":true,"attributes":{"plan":"pro","seats":12}}`)
	good := []byte(`{"response":{"status":"queued","message":"ok"}}`)
	bad := []byte(`{"response":{"status":7,"traceId":"t-1"}}`)
	resp := &http.Response{StatusCode: 201, Header: http.Header{"Content-Type": {"application/json"}}}
	requestOnly, err := speccheck.New(context.Background(), "usermost", speccheck.WithRequests(false))
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		c    *speccheck.Checker
		body []byte
		n    int
	}{
		{"request+response", c, good, 0},
		{"response only", requestOnly, good, 0},
		{"with drifts", c, bad, 2},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest("POST", "https://api.usermost.com/v1/accounts/lc-1/users", nil)
				req.Header.Set("Content-Type", "application/json")
				if ds := bc.c.CheckExchange(req, reqBody, resp, bc.body); len(ds) != bc.n {
					b.Fatalf("%d drifts, want %d: %v", len(ds), bc.n, ds)
				}
			}
		})
	}
}
