package userpilot_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/userpilot"
)

// hostileExport serves export files made of one enormous row (NDJSON: a
// 400 MiB metadata string; CSV: a 400 MiB quoted field), generated as they
// are written and cut off as soon as the client hangs up, so neither side
// ever holds the file.
func hostileExport(t *testing.T, size int) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		head, tail := `{"event_type":"track","user_id":"u","metadata":{"x":"`, `"}}`+"\n"
		if strings.HasSuffix(r.URL.Path, ".csv") {
			head, tail = "event_type,user_id,metadata\ntrack,u,\"", "\"\n"
		}
		chunk := []byte(strings.Repeat("x", 64<<10))
		if _, err := io.WriteString(w, head); err != nil {
			return
		}
		for sent := 0; sent < size; sent += len(chunk) {
			n, err := w.Write(chunk)
			served.Add(int64(n))
			if err != nil {
				return
			}
		}
		_, _ = io.WriteString(w, tail)
	}))
	t.Cleanup(srv.Close)
	return srv, &served
}

// TestExportRowsStayBoundedOnA400MiBRow reads export files whose single row
// is 400 MiB, with the default row limit and with one lowered by
// option.WithMaxResponseBytes. Rows must report the oversized row and give
// up on it after about the limit, and the heap must not grow by more than
// a few MiB. Not parallel: it samples the heap.
func TestExportRowsStayBoundedOnA400MiBRow(t *testing.T) {
	const rowSize = 400 << 20
	const maxGrowth = 16 << 20
	for _, tt := range []struct {
		file      string
		opts      []option.RequestOption
		wantLimit int
	}{
		{"big.ndjson", nil, userpilot.DefaultMaxExportRowBytes},
		{"big.csv", nil, userpilot.DefaultMaxExportRowBytes},
		{"big.ndjson", []option.RequestOption{option.WithMaxResponseBytes(64 << 10)}, 64 << 10},
		{"big.csv", []option.RequestOption{userpilot.WithMaxExportRowBytes(256 << 10)}, 256 << 10},
	} {
		t.Run(fmt.Sprintf("%s/limit %d", tt.file, tt.wantLimit), func(t *testing.T) {
			srv, served := hostileExport(t, rowSize)
			client, err := userpilot.NewClient(append([]option.RequestOption{option.WithBaseURL(srv.URL), option.WithAPIKey("k")}, append(fast(), tt.opts...)...)...)
			if err != nil {
				t.Fatal(err)
			}
			job := &userpilot.ExportJob{Status: "completed", PresignedURLs: []userpilot.PresignedURL{{Filename: tt.file, URL: srv.URL + "/" + tt.file}}}

			sampler := startHeapSampler()
			var rows int
			var rowErr error
			for _, err := range client.Exports.Rows(context.Background(), job) {
				if err != nil {
					rowErr = err
					break
				}
				rows++
			}
			growth, _ := sampler.finish()
			t.Logf("%s: a %d MiB row with a %d KiB limit: %q after %.1f MiB served; peak heap growth %.1f MiB",
				tt.file, rowSize>>20, tt.wantLimit>>10, rowErr, float64(served.Load())/(1<<20), float64(growth)/(1<<20))
			if rows != 0 || rowErr == nil || !strings.Contains(rowErr.Error(), fmt.Sprintf("larger than %d bytes", tt.wantLimit)) {
				t.Fatalf("%d rows, error %v; want an error naming the %d-byte limit", rows, rowErr, tt.wantLimit)
			}
			if !strings.Contains(rowErr.Error(), "WithMaxExportRowBytes") {
				t.Errorf("error %q does not say how to raise the limit", rowErr)
			}
			if growth > maxGrowth {
				t.Errorf("heap grew by %.1f MiB reading a %d MiB row, want at most %d MiB", float64(growth)/(1<<20), rowSize>>20, maxGrowth>>20)
			}
		})
	}
}

func TestExportRowsGoOnAfterAnOversizedNDJSONRow(t *testing.T) {
	t.Parallel()
	file := `{"event_type":"track","user_id":"u1"}` + "\n" +
		`{"event_type":"track","user_id":"u2","metadata":{"x":"` + strings.Repeat("x", 5000) + `"}}` + "\n" +
		"\n" +
		`{"event_type":"track","user_id":"u3"}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, file) }))
	defer srv.Close()
	client, err := userpilot.NewClient(append([]option.RequestOption{option.WithBaseURL(srv.URL), option.WithAPIKey("k"), userpilot.WithMaxExportRowBytes(1024)}, fast()...)...)
	if err != nil {
		t.Fatal(err)
	}
	job := &userpilot.ExportJob{Status: "completed", PresignedURLs: []userpilot.PresignedURL{{Filename: "f.ndjson", URL: srv.URL + "/f.ndjson"}}}
	var got []string
	for row, err := range client.Exports.Rows(context.Background(), job) {
		if err != nil {
			got = append(got, "error: "+err.Error())
			continue
		}
		got = append(got, row.UserID)
	}
	if len(got) != 3 || got[0] != "u1" || !strings.Contains(got[1], "row 2 is larger than 1024 bytes") || got[2] != "u3" {
		t.Errorf("rows = %q, want u1, an error for row 2, u3", got)
	}
}

// countingDoer counts the requests a client makes and sends none.
type countingDoer struct{ calls atomic.Int32 }

func (d *countingDoer) Do(*http.Request) (*http.Response, error) {
	d.calls.Add(1)
	return nil, errors.New("no network in this test")
}

func TestExportFilesAreOnlyFetchedOverHTTPS(t *testing.T) {
	t.Parallel()
	doer := &countingDoer{}
	client, err := userpilot.NewClient(option.WithAPIKey("k"), option.WithHTTPClient(doer))
	if err != nil {
		t.Fatal(err)
	}
	file := userpilot.PresignedURL{Filename: "f.ndjson", URL: "http://exports.example.com/f.ndjson?X-Amz-Signature=s"}
	_, err = client.Exports.Open(context.Background(), file)
	var verr *userpilot.ValidationError
	if !errors.As(err, &verr) || verr.Field != "file.url" || !strings.Contains(err.Error(), "https") {
		t.Errorf("Open(http URL) = %v, want a *ValidationError asking for https", err)
	}
	for _, err := range client.Exports.Rows(context.Background(), &userpilot.ExportJob{Status: "completed", PresignedURLs: []userpilot.PresignedURL{file}}) {
		if !errors.As(err, &verr) {
			t.Errorf("Rows over http = %v, want a *ValidationError", err)
		}
	}
	if n := doer.calls.Load(); n != 0 {
		t.Errorf("%d requests were made for a plain-http export file, want 0", n)
	}
}

func TestExportJobListFallsBackToTheVendorsTrailingSlash(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.Path)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path != "/api/v1/analytics/exports/jobs/" {
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"errors":[{"message":"no route"}]}`)
			return
		}
		_, _ = io.WriteString(w, `[{"job_id":"e1","status":"completed"}]`)
	}))
	defer srv.Close()
	client, err := userpilot.NewClient(append([]option.RequestOption{option.WithBaseURL(srv.URL), option.WithAPIKey("k")}, fast()...)...)
	if err != nil {
		t.Fatal(err)
	}
	jobs, err := client.Exports.List(context.Background())
	if err != nil || len(jobs) != 1 || jobs[0].JobID != "e1" {
		t.Fatalf("List = %+v, %v", jobs, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if strings.Join(paths, " ") != "/api/v1/analytics/exports/jobs /api/v1/analytics/exports/jobs/" {
		t.Errorf("paths asked = %q, want the spec's path, then the vendor's", paths)
	}
}
