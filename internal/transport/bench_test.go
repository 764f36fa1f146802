package transport

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkDo measures the transport's overhead on a loopback round trip
// with a small JSON body, the common case for tracking calls.
func BenchmarkDo(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		_, _ = io.WriteString(w, `{"ok":true}`)
	}))
	defer srv.Close()
	cfg := DefaultConfig()
	cfg.APIKey = NewSecret("k")
	cfg.BaseURL = srv.URL
	c, err := New(cfg, testAPI)
	if err != nil {
		b.Fatal(err)
	}
	body := []byte(`{"userId":"u1","eventName":"Added to Cart","eventData":{"price":39.8}}`)
	b.ReportAllocs()
	for b.Loop() {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, srv.URL+"/events", bytes.NewReader(body))
		resp, err := c.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}
