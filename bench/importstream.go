package bench

import (
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"time"

	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/userpilot"

	"github.com/cdpkit/cdpkit/bench/internal/countserver"
	"github.com/cdpkit/cdpkit/bench/internal/harness"
)

// The import scenario: one generated NDJSON stream of unknown length,
// uploaded whole.
const (
	sideImport        = "cdpkit userpilot.Import"
	sideRawPost       = "http.Post of the raw stream"
	sideHandMultipart = "net/http + mime/multipart, hand-written"
)

type uploader struct {
	name   string
	upload func(ctx context.Context, stream io.Reader) error
}

func newUploaders(baseURL string) ([]uploader, error) {
	// The stream takes a while on a loaded machine; the per-attempt bound
	// (60s by default) is raised so that it never cuts a run short.
	client, err := userpilot.NewClient(option.WithBaseURL(baseURL), option.WithAPIKey(countserver.APIKey), option.WithRequestTimeout(30*time.Minute))
	if err != nil {
		return nil, err
	}
	plain := pooledClient()
	return []uploader{
		{sideImport, func(ctx context.Context, stream io.Reader) error {
			_, err := client.Import(ctx, stream)
			return err
		}},
		{sideRawPost, func(_ context.Context, stream io.Reader) error {
			resp, err := plain.Post(baseURL+"/import/raw", "application/x-ndjson", stream)
			if err != nil {
				return err
			}
			return drainOK(resp)
		}},
		{sideHandMultipart, func(ctx context.Context, stream io.Reader) error {
			return handMultipart(ctx, plain, baseURL+"/v1/imports", stream)
		}},
	}, nil
}

// handMultipart streams the file field through a pipe, as a program
// without the SDK would.
func handMultipart(ctx context.Context, client *http.Client, url string, stream io.Reader) error {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		part, err := mw.CreateFormFile("file", "events.ndjson")
		if err == nil {
			_, err = io.Copy(part, stream)
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, pr)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Token "+countserver.APIKey)
	resp, err := client.Do(req)
	_ = pr.Close()
	if err != nil {
		return err
	}
	return drainOK(resp)
}

func drainOK(resp *http.Response) error {
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d: %s", resp.StatusCode, body)
	}
	return nil
}

func runImport(ctx context.Context, e *env) (Section, error) {
	ups, err := newUploaders(e.srv.URL)
	if err != nil {
		return Section{}, err
	}
	lines := countserver.ImportLines(e.cfg.ImportBytes)
	size := lines * int64(countserver.ImportLineLen)
	if e.cfg.ProfileDir != "" {
		return Section{}, profileImport(ctx, e, ups, lines)
	}
	s := harness.Samples{}
	for run := range e.cfg.Runs {
		for _, i := range harness.Order(len(ups), run) {
			up := ups[i]
			u, err := e.verified(up.name, lines, true, func() error { return up.upload(ctx, countserver.NewImportStream(lines)) })
			if err != nil {
				return Section{}, err
			}
			c, err := e.srv.Counts(lines)
			if err != nil {
				return Section{}, err
			}
			s.Add(up.name, "server_cpu", c.ServerCPU*1e3/(float64(size)/(1<<20)))
			mibs := float64(size) / (1 << 20) / u.Elapsed.Seconds()
			s.Add(up.name, "mib_s", mibs)
			s.Add(up.name, "peak_heap", float64(u.PeakHeap))
			s.Add(up.name, "alloc_bytes", float64(u.Bytes))
			s.Add(up.name, "allocs", float64(u.Mallocs))
			e.logf("   run %d/%d %s: %.0f MiB/s, peak heap +%.2f MiB", run+1, e.cfg.Runs, up.name, mibs, float64(u.PeakHeap)/(1<<20))
		}
	}
	table := harness.Table{
		Subjects: []string{sideImport},
		Peers:    []string{sideRawPost, sideHandMultipart},
		Metrics: []harness.Metric{
			{Key: "mib_s", Label: "throughput (MiB/s)"},
			{Key: "peak_heap", Label: "peak heap growth (MiB)", Format: harness.MiB, NoRatio: true},
			{Key: "alloc_bytes", Label: "bytes allocated in all (MiB)", Format: harness.MiB},
			{Key: "allocs", Label: "allocations in all", Format: harness.Int},
			{Key: "server_cpu", Label: "server CPU per MiB (ms)"},
		},
	}
	return Section{
		Title: "Streaming import: Userpilot Import against plain uploads",
		Intro: fmt.Sprintf("A generated NDJSON stream of %s MiB (%s rows, produced as it is read, length unknown to every side, so all three send it chunked) "+
			"uploaded by `userpilot.Import`, by `http.Post` of the bare stream (the floor: no multipart framing), and by hand-written multipart "+
			"(`io.Pipe` + `mime/multipart`, the same bytes on the wire as Import). The server checks every line. Peak heap growth is sampled every "+
			"millisecond from the runtime's heap-object bytes over the level after a collection at the start. Ratio = cdpkit ÷ peer: above 1 is better for throughput.",
			harness.MiB(float64(size)), harness.Int(float64(lines))),
		Table: table.Markdown(s),
		Notes: []string{
			"The server, which reads the multipart envelope and checks each line, shares the machine's cores with the client: absolute MiB/s are bounded by it. Its CPU per MiB is in the table, so a side that costs the server more can be seen; it reads multipart in 256 KiB windows so that the envelope costs it little more than a bare body.",
			"About one allocation per 32 KiB on every side is net/http's chunked encoding writing each chunk's size line.",
		},
	}, nil
}
