package transport

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestReportedFailureLooksLikeAnAPIError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "req-9")
		_, _ = w.Write([]byte(`{"response":{"status":"error","message":"bad key sk_test"}}`))
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, testAPI, nil)
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, srv.URL+"/things", nil)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.DecodeSuccess("createThing", resp, nil); err != nil {
		t.Fatal(err)
	}
	err = c.ReportedFailure("createThing", resp, "bad key sk_test")
	var apiErr *Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %T is not an *Error", err)
	}
	if apiErr.API != "testapi" || apiErr.Operation != "createThing" || apiErr.StatusCode != http.StatusOK ||
		apiErr.Code != CodeFailureReported || apiErr.RequestID != "req-9" || apiErr.Method != http.MethodPost ||
		!strings.HasSuffix(apiErr.URL, "/things") || len(apiErr.Body) != 0 {
		t.Errorf("error fields = %+v", apiErr)
	}
	if strings.Contains(err.Error(), "sk_test") || !strings.Contains(apiErr.Message, "bad key") {
		t.Errorf("message %q: want the body's explanation with the key masked", apiErr.Message)
	}
}
