package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cdpkit/cdpkit"
)

func TestErrorDecodingAndHelpers(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-ID", "req-123")
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, `{"code":"not_found","message":"no such user"}`)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, testAPI, nil)
	_, err := get(t, c, context.Background(), "/users/42?token=abc&page=2")
	var apiErr *Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("error = %v, want *Error", err)
	}
	want := Error{
		API: "testapi", StatusCode: 404, Code: "not_found", Message: "no such user", RequestID: "req-123",
		Method: "GET", URL: srv.URL + "/users/42?token=[REDACTED]&page=2",
	}
	got := *apiErr
	got.Body = nil
	if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
		t.Errorf("decoded = %+v\nwant      %+v", got, want)
	}
	if string(apiErr.Body) != `{"code":"not_found","message":"no such user"}` {
		t.Errorf("Body = %q", apiErr.Body)
	}
	wantText := "testapi: GET " + srv.URL + "/users/42?token=[REDACTED]&page=2: 404 Not Found: no such user (code not_found) (request id req-123)"
	if err.Error() != wantText {
		t.Errorf("Error() = %q\nwant      %q", err.Error(), wantText)
	}
	if !cdpkit.IsNotFound(err) || cdpkit.IsServerError(err) || cdpkit.StatusCode(fmt.Errorf("wrapped: %w", err)) != 404 {
		t.Error("helpers do not classify the 404")
	}
}

func TestDecodeCommonError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		body, code, message string
	}{
		{`{"code":"not_found","message":"no such user"}`, "not_found", "no such user"},
		{`{"error":"authentication failed"}`, "", "authentication failed"},
		{`{"error":{"code":42,"message":"nested"}}`, "42", "nested"},
		{`{"errors":["first","second"]}`, "", "first; second"},
		{`{"errors":[{"code":"E1","detail":"bad field"}]}`, "E1", "bad field"},
		{`{"response":{"status":"error","message":"Invalid license code"}}`, "", "Invalid license code"},
		{`{"error_code":"x","error_description":"y"}`, "x", "y"},
		{`{"type":"invalid_request","title":"Bad"}`, "invalid_request", "Bad"},
		{`{"message":"","error":"fallback"}`, "", "fallback"},
		{`upstream timed out`, "", "upstream timed out"},
		{`<html><body>502</body></html>`, "", ""},
		{``, "", ""},
		{`[1,2]`, "", ""},
		{`{"deep":{"deeper":{"message":"ignored"}}}`, "", ""},
	}
	for _, tt := range tests {
		code, msg := decodeCommonError(400, []byte(tt.body))
		if code != tt.code || msg != tt.message {
			t.Errorf("decode(%s) = (%q, %q), want (%q, %q)", tt.body, code, msg, tt.code, tt.message)
		}
	}
}

func TestCustomDecoderAndRequestIDHeaders(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "generic")
		w.Header().Set("Vendor-Trace", "vendor-7")
		w.WriteHeader(http.StatusUnprocessableEntity)
		_, _ = io.WriteString(w, `E42|bad thing`)
	}))
	defer srv.Close()
	api := testAPI
	api.RequestIDHeaders = []string{"Vendor-Trace"}
	api.DecodeError = func(status int, body []byte) (string, string) {
		if status != 422 {
			return "", ""
		}
		code, msg, _ := strings.Cut(string(body), "|")
		return code, msg
	}
	c, _ := newTestClient(t, srv, api, nil)
	_, err := get(t, c, context.Background(), "/x")
	var apiErr *Error
	if !errors.As(err, &apiErr) || apiErr.Code != "E42" || apiErr.Message != "bad thing" || apiErr.RequestID != "vendor-7" {
		t.Errorf("error = %#v, want the custom decoding and request id", apiErr)
	}
}
