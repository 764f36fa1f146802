package usermost_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/usermost"
)

// BenchmarkTrackEvent measures one wrapper call on a loopback server that
// answers with a canned envelope, so the figure is the client's own cost:
// validation, the generated request builder, the transport and the decode.
func BenchmarkTrackEvent(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"response":{"status":"success","message":"ok"}}`)
	}))
	defer srv.Close()
	client, err := usermost.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey("k"), option.WithLicenseCode("lc-1"))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	event := usermost.Event{UserID: "u-1", EventName: "Added to Cart"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := client.TrackEvent(ctx, event); err != nil {
			b.Fatal(err)
		}
	}
}
