package transport

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestDecode(t *testing.T) {
	type thing struct {
		Name string `json:"name"`
	}
	cases := []struct {
		body      string
		wantName  string
		wantCause error
	}{
		{body: `{"name":"a"}`, wantName: "a"},
		{body: ``, wantCause: ErrNoBody},
		{body: `null`, wantCause: ErrNoBody},
		{body: ` null `, wantCause: ErrNoBody},
		{body: `[1]`},
	}
	for _, tc := range cases {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write([]byte(tc.body))
		}))
		c, _ := newTestClient(t, srv, testAPI, nil)
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, srv.URL, nil)
		resp, err := c.Do(req)
		got, err := Decode[thing](c, "getThing", resp, err)
		srv.Close()
		if tc.wantName != "" {
			if err != nil || got == nil || got.Name != tc.wantName {
				t.Errorf("body %q: got %+v, %v", tc.body, got, err)
			}
			continue
		}
		var apiErr *Error
		if got != nil || !errors.As(err, &apiErr) || apiErr.Code != CodeUndecodable || apiErr.Operation != "getThing" {
			t.Errorf("body %q: got %+v, %v; want an undecodable *Error", tc.body, got, err)
			continue
		}
		if tc.wantCause != nil && !errors.Is(err, tc.wantCause) {
			t.Errorf("body %q: error %v does not wrap %v", tc.body, err, tc.wantCause)
		}
	}
	sentinel := errors.New("connection refused")
	if got, err := Decode[thing](nil, "getThing", nil, sentinel); got != nil || err != sentinel {
		t.Errorf("a request error must pass through unchanged: %v, %v", got, err)
	}
}
