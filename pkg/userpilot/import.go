package userpilot

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"path"
	"strconv"
	"strings"
	"time"

	gen "github.com/cdpkit/cdpkit/gen/userpilot"
	"github.com/cdpkit/cdpkit/internal/transport"
)

// Progress reports how much of an upload has been handed to the network.
type Progress struct {
	// Sent is the number of bytes of the file read and sent so far.
	Sent int64
	// Total is the file's size, or -1 when it is not known in advance.
	Total int64
	// Done is set on the final report, after the last byte.
	Done bool
}

// Percent returns Sent as a percentage of Total, or -1 if Total is unknown.
func (p Progress) Percent() float64 {
	if p.Total <= 0 {
		return -1
	}
	return 100 * float64(p.Sent) / float64(p.Total)
}

// ImportOption adjusts one Import call.
type ImportOption func(*importConfig)

type importConfig struct {
	filename string
	size     int64
	progress func(Progress)
}

// ImportFilename names the uploaded file (default "events.ndjson"). A name
// ending in ".csv" is sent as text/csv, anything else as NDJSON.
func ImportFilename(name string) ImportOption { return func(c *importConfig) { c.filename = name } }

// ImportSize tells Import the file's exact size, when r cannot say (Import
// asks *os.File, *bytes.Reader, *strings.Reader and anything with a Len or
// Size method on its own). A known size is used for progress reports and
// sent as the request's Content-Length instead of a chunked body; a reader
// that then yields a different number of bytes fails the upload.
func ImportSize(n int64) ImportOption { return func(c *importConfig) { c.size = n } }

// ImportProgress registers fn to be called as the upload proceeds: about
// every MiB, and once more with Done set at the end. fn runs on the
// uploading goroutine; keep it quick.
func ImportProgress(fn func(Progress)) ImportOption {
	return func(c *importConfig) { c.progress = fn }
}

// progressEvery is how many bytes pass between two progress reports.
const progressEvery = 1 << 20

// Import uploads a file of historical events (see ImportEvent, and
// EncodeImportEvents to produce one) and starts an import job; follow it
// with Jobs.Wait. The file is streamed from r as multipart/form-data and
// never held in memory, so it may be of any size.
//
// If r is an io.Closer, Import closes it when done, as net/http does with
// request bodies. Because r is read once, an upload that fails is not retried by the
// client, even for statuses that are retried elsewhere (429, 5xx): send it
// again from the start. Userpilot runs one import at a time; while one runs,
// Import returns a *JobRunningError naming it (when it can be found), which
// Jobs.Wait resolves.
func (c *Client) Import(ctx context.Context, r io.Reader, opts ...ImportOption) (*Job, error) {
	if err := transport.CheckContext(ctx, "userpilot", "Client.Import"); err != nil {
		return nil, err
	}
	if p := transport.CheckReader(r); p != nil {
		return nil, inputError("r", p)
	}
	defer closeReader(r)
	cfg := importConfig{filename: "events.ndjson", size: -1}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.size < 0 {
		cfg.size = sizeOf(r)
	}
	contentType := "application/x-ndjson"
	if strings.EqualFold(path.Ext(cfg.filename), ".csv") {
		contentType = "text/csv"
	}
	file := streamedBody{
		size:  cfg.size,
		abort: func() { closeReader(r) },
		write: func(w io.Writer) error {
			pr := &progressReader{r: r, total: cfg.size, report: cfg.progress}
			n, err := io.CopyBuffer(w, pr, make([]byte, 64<<10))
			if err == nil && cfg.size >= 0 && n != cfg.size {
				return fmt.Errorf("userpilot: the file gave %d bytes where %d were announced (ImportSize or the reader's size)", n, cfg.size)
			}
			if err == nil {
				pr.finish()
			}
			return err
		},
	}
	var job Job
	err := file.asFile(cfg.filename, contentType).send(ctx, func(ctx context.Context, ct string, body io.Reader, ed ...gen.RequestEditorFn) error {
		resp, err := c.analytex.ImportEventsWithBody(ctx, ct, body, ed...)
		return decodeJob(c.analytexT, "importEvents", resp, err, &job)
	})
	if err != nil {
		return nil, c.conflict(ctx, KindImport, err)
	}
	return &job, nil
}

// sizeOf finds how many bytes r has left, or -1.
func sizeOf(r io.Reader) int64 {
	switch x := r.(type) {
	case interface{ Len() int }:
		return int64(x.Len())
	case interface{ Size() int64 }:
		if s, ok := r.(io.Seeker); ok {
			if off, err := s.Seek(0, io.SeekCurrent); err == nil {
				return x.Size() - off
			}
		}
		return x.Size()
	case interface{ Stat() (fs.FileInfo, error) }:
		fi, err := x.Stat()
		if err != nil || !fi.Mode().IsRegular() {
			return -1
		}
		if s, ok := r.(io.Seeker); ok {
			if off, err := s.Seek(0, io.SeekCurrent); err == nil {
				return fi.Size() - off
			}
		}
		return fi.Size()
	}
	return -1
}

// progressReader counts bytes read and reports them.
type progressReader struct {
	r        io.Reader
	total    int64
	sent     int64
	reported int64
	report   func(Progress)
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.sent += int64(n)
	if p.report != nil && p.sent-p.reported >= progressEvery {
		p.reported = p.sent
		p.report(Progress{Sent: p.sent, Total: p.total})
	}
	return n, err
}

func (p *progressReader) finish() {
	if p.report != nil {
		total := p.total
		if total < 0 {
			total = p.sent
		}
		p.report(Progress{Sent: p.sent, Total: total, Done: true})
	}
}

// EncodeImportEvents renders rows as an NDJSON stream for Import without
// holding them in memory: the returned reader produces each line as it is
// read. Rows are checked as they are encoded (required fields for their
// event_type, primitive metadata); a bad row ends the stream with a
// *ValidationError. Source defaults to backend-http-import and an empty
// InsertedAt to the time of encoding; use FormatTime for your own
// timestamps. Close the reader if you stop reading early (Import does).
func EncodeImportEvents(rows iter.Seq[ImportEvent]) io.ReadCloser {
	pr, pw := io.Pipe()
	go func() {
		i := 0
		var err error
		for row := range rows {
			if err = checkImportEvent(i, &row); err != nil {
				break
			}
			var line []byte
			if line, err = json.Marshal(row); err != nil {
				break
			}
			if _, err = pw.Write(append(line, '\n')); err != nil {
				break
			}
			i++
		}
		pw.CloseWithError(err)
	}()
	return pr
}

// closeReader closes r if it can be closed; the caller handed it over.
func closeReader(r io.Reader) {
	if c, ok := r.(io.Closer); ok {
		_ = c.Close()
	}
}

// FormatTime renders t the way import rows should carry it: RFC 3339 in
// UTC with microseconds.
func FormatTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z07:00") }

// checkImportEvent applies the vendor's row rules before a row is written.
func checkImportEvent(i int, r *ImportEvent) error {
	path := "rows[" + strconv.Itoa(i) + "]"
	need := func(field, value string) error {
		if strings.TrimSpace(value) == "" {
			return &ValidationError{API: apiName, Field: path + "." + field, Problem: "is empty", Fix: "a " + string(r.EventType) + " row needs " + field}
		}
		return nil
	}
	switch r.EventType {
	case ImportIdentifyUser, ImportPageView, ImportTrack:
		if err := need("user_id", r.UserID); err != nil {
			return err
		}
	case ImportIdentifyCompany:
		if err := need("company_id", r.CompanyID); err != nil {
			return err
		}
	default:
		return &ValidationError{API: apiName, Field: path + ".event_type", Problem: "is " + strconv.Quote(string(r.EventType)), Fix: "use identify_user, identify_company, page_view or track"}
	}
	if r.EventType == ImportTrack {
		if err := need("event_name", r.EventName); err != nil {
			return err
		}
	}
	if r.EventType == ImportPageView && r.URL == "" && (r.Hostname == "" || r.Pathname == "") {
		return &ValidationError{API: apiName, Field: path, Problem: "has neither url nor hostname and pathname", Fix: "set URL, or Hostname and Pathname"}
	}
	if r.Source == "" {
		r.Source = SourceBackendHTTPImport
	}
	if r.InsertedAt == "" {
		r.InsertedAt = FormatTime(time.Now())
	}
	md, err := checkMetadata(path+".metadata", r.Metadata)
	r.Metadata = md
	return err
}
