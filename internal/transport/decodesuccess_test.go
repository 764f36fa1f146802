package transport

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestDecodeSuccess(t *testing.T) {
	const secret = "pw-SENTINEL-123"
	cases := []struct {
		name     string
		body     string
		wantErr  bool
		wantName string
	}{
		{name: "valid", body: `{"name":"a"}`, wantName: "a"},
		{name: "empty body leaves v alone", body: ``},
		{name: "not JSON", body: `<html>` + secret, wantErr: true},
		{name: "wrong type", body: `{"name":42,"password":"` + secret + `"}`, wantErr: true},
		{name: "truncated", body: `{"name":"a"`, wantErr: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("X-Request-Id", "req-7")
				w.WriteHeader(http.StatusCreated)
				_, _ = w.Write([]byte(tc.body))
			}))
			defer srv.Close()
			c, _ := newTestClient(t, srv, testAPI, nil)
			req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, srv.URL+"/thing", nil)
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var got struct {
				Name string `json:"name"`
			}
			err = c.DecodeSuccess("getThing", resp, &got)
			if !tc.wantErr {
				if err != nil || got.Name != tc.wantName {
					t.Fatalf("got %+v, %v; want name %q and no error", got, err, tc.wantName)
				}
				return
			}
			var apiErr *Error
			if !errors.As(err, &apiErr) {
				t.Fatalf("error %T %v is not an *Error", err, err)
			}
			if apiErr.API != "testapi" || apiErr.Operation != "getThing" || apiErr.StatusCode != 201 ||
				apiErr.Code != CodeUndecodable || apiErr.RequestID != "req-7" || apiErr.Method != "GET" {
				t.Errorf("error fields = %+v", apiErr)
			}
			if len(apiErr.Body) != 0 || strings.Contains(err.Error(), secret) || strings.Contains(apiErr.Message, secret) {
				t.Errorf("the undecodable body leaked into the error: %q / %q", err.Error(), apiErr.Body)
			}
			var syn *json.SyntaxError
			var typ *json.UnmarshalTypeError
			if !errors.As(err, &syn) && !errors.As(err, &typ) {
				t.Errorf("the JSON cause is not reachable with errors.As: %v", err)
			}
			if !strings.Contains(err.Error(), "getThing") {
				t.Errorf("error text %q does not name the operation", err)
			}
		})
	}
}
