package userpilot

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"net"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/cdpkit/cdpkit/internal/transport"
)

// ExportsService starts export jobs on the export host and reads the files
// they produce. Get it from Client.Exports.
type ExportsService struct{ c *Client }

// Start starts an export job. A Format left empty is sent as ndjson, which
// Rows can decode (Userpilot does not document its default). Userpilot runs
// one export at a time; while one runs, Start returns a *JobRunningError
// naming it, which Wait resolves. Job status is kept for 3 days.
//
// Start is sent once and never retried automatically: a retry after a lost
// answer would start a second export. List the jobs to see whether it
// started.
func (s *ExportsService) Start(ctx context.Context, req ExportRequest) (*ExportStarted, error) {
	if err := transport.CheckContext(ctx, "userpilot", "ExportsService.Start"); err != nil {
		return nil, err
	}
	if req.Format == "" {
		req.Format = ExportNDJSON
	}
	// Sent once: a retry after a lost answer would start a second export.
	resp, err := s.c.appex.StartExportWithResponse(transport.WithoutRetries(ctx), req)
	if err != nil {
		return nil, s.c.conflict(ctx, KindExport, err)
	}
	if resp.JSON201 == nil {
		return nil, unexpected(resp.HTTPResponse, resp.Body)
	}
	return resp.JSON201, nil
}

// Get returns an export job; once it has completed it lists its files.
func (s *ExportsService) Get(ctx context.Context, jobID string) (*ExportJob, error) {
	if err := transport.CheckContext(ctx, "userpilot", "ExportsService.Get"); err != nil {
		return nil, err
	}
	if strings.TrimSpace(jobID) == "" {
		return nil, &ValidationError{Field: "jobID", Problem: "is empty", Fix: "pass the JobID returned by Exports.Start"}
	}
	if err := checkID("jobID", jobID); err != nil {
		return nil, err
	}
	resp, err := s.c.appex.GetExportJobWithResponse(ctx, jobID)
	if err != nil {
		return nil, err
	}
	if resp.JSON200 == nil {
		return nil, unexpected(resp.HTTPResponse, resp.Body)
	}
	return resp.JSON200, nil
}

// List returns the export jobs of the last 3 days.
func (s *ExportsService) List(ctx context.Context) ([]ExportJobSummary, error) {
	if err := transport.CheckContext(ctx, "userpilot", "ExportsService.List"); err != nil {
		return nil, err
	}
	resp, err := s.c.appex.ListExportJobsWithResponse(ctx)
	if err != nil {
		return nil, err
	}
	if resp.JSON200 == nil {
		return nil, unexpected(resp.HTTPResponse, resp.Body)
	}
	return *resp.JSON200, nil
}

// exportDone reports whether an export status is terminal. Userpilot shows
// "pending" and "completed" and enumerates no others; failure words are
// matched so that a failed export ends the wait instead of polling forever.
func exportDone(status string) bool {
	return status == "completed" || exportFailed(status)
}

func exportFailed(status string) bool {
	switch strings.ToLower(status) {
	case "failed", "error", "errored", "cancelled", "canceled", "expired":
		return true
	}
	return false
}

// Wait polls an export job until it completes, with the client's polling
// schedule (see WithPolling). A failed export returns a *JobFailedError.
func (s *ExportsService) Wait(ctx context.Context, jobID string, opts ...WaitOption) (*ExportJob, error) {
	if err := transport.CheckContext(ctx, "userpilot", "ExportsService.Wait"); err != nil {
		return nil, err
	}
	var job *ExportJob
	err := s.c.poll(ctx, opts, func(ctx context.Context) (string, bool, error) {
		j, err := s.Get(ctx, jobID)
		if err != nil {
			return "", false, err
		}
		job = j
		switch {
		case job.Status == "completed":
			return job.Status, true, nil
		case exportFailed(job.Status):
			return job.Status, true, &JobFailedError{JobID: job.JobID, Export: job}
		}
		return job.Status, false, nil
	})
	return job, err
}

// Open downloads one file of a completed export. Presigned URLs carry their
// own signature, so no API key is sent with them; they expire 2 days after
// the export.
func (s *ExportsService) Open(ctx context.Context, file PresignedURL) (io.ReadCloser, error) {
	if err := transport.CheckContext(ctx, "userpilot", "ExportsService.Open"); err != nil {
		return nil, err
	}
	u, err := url.Parse(file.URL)
	if err != nil || u.Host == "" {
		return nil, &ValidationError{Field: "file.url", Problem: fmt.Sprintf("%q is not an absolute URL", file.URL), Fix: "pass an entry of ExportJob.PresignedURLs"}
	}
	if u.Scheme != "https" && !isLoopback(u.Hostname()) {
		return nil, &ValidationError{Field: "file.url", Problem: "is not https", Fix: "export files are only fetched over HTTPS"}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, file.URL, nil)
	if err != nil {
		return nil, err
	}
	resp, err := s.c.downloads.Do(req)
	if err != nil {
		return nil, fmt.Errorf("userpilot: downloading %s: %w", file.Filename, err)
	}
	if resp.StatusCode/100 != 2 {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
		resp.Body.Close()
		return nil, &Error{API: api.Name, StatusCode: resp.StatusCode, Message: "download of " + file.Filename + " failed (the link may have expired): " + strings.TrimSpace(string(body)), Method: http.MethodGet, URL: u.Scheme + "://" + u.Host + u.Path}
	}
	return resp.Body, nil
}

// Rows downloads every file of a completed export, in order, and yields
// its rows. NDJSON and CSV files (optionally gzipped) are decoded; for avro
// or parquet, download the files with Open and decode them yourself. Rows
// are streamed: a file is never held in memory. Stop early by breaking out
// of the loop.
func (s *ExportsService) Rows(ctx context.Context, job *ExportJob) iter.Seq2[ExportRow, error] {
	if err := transport.CheckContext(ctx, "userpilot", "ExportsService.Rows"); err != nil {
		return transport.Failed[ExportRow](err)
	}
	return func(yield func(ExportRow, error) bool) {
		if job == nil || job.Status != "completed" {
			status := "nil"
			if job != nil {
				status = job.Status
			}
			yield(ExportRow{}, &ValidationError{Field: "job", Problem: "has status " + status, Fix: "pass the job returned by Exports.Wait"})
			return
		}
		for _, f := range job.PresignedURLs {
			if !s.fileRows(ctx, f, yield) {
				return
			}
		}
	}
}

// fileRows yields the rows of one file and reports whether to go on.
func (s *ExportsService) fileRows(ctx context.Context, f PresignedURL, yield func(ExportRow, error) bool) bool {
	body, err := s.Open(ctx, f)
	if err != nil {
		return yield(ExportRow{}, err)
	}
	defer body.Close()
	name := f.Filename
	if name == "" {
		if u, err := url.Parse(f.URL); err == nil {
			name = path.Base(u.Path)
		}
	}
	var r io.Reader = body
	if ext := path.Ext(name); strings.EqualFold(ext, ".gz") {
		zr, err := gzip.NewReader(body)
		if err != nil {
			return yield(ExportRow{}, fmt.Errorf("userpilot: %s: %w", f.Filename, err))
		}
		defer zr.Close()
		r, name = zr, strings.TrimSuffix(name, ext)
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".csv":
		return csvRows(f.Filename, r, yield)
	case ".ndjson", ".json", ".jsonl", "":
		return ndjsonRows(f.Filename, r, yield)
	}
	return yield(ExportRow{}, fmt.Errorf("userpilot: %s: Rows decodes NDJSON and CSV exports; download this file with Exports.Open", f.Filename))
}

func ndjsonRows(file string, r io.Reader, yield func(ExportRow, error) bool) bool {
	dec := json.NewDecoder(bufio.NewReaderSize(r, 64<<10))
	for n := 1; ; n++ {
		var row ExportRow
		err := dec.Decode(&row)
		if errors.Is(err, io.EOF) {
			return true
		}
		if err != nil {
			return yield(ExportRow{}, fmt.Errorf("userpilot: %s row %d: %w", file, n, err))
		}
		if !yield(row, nil) {
			return false
		}
	}
}

// csvRows maps columns by their header names onto ExportRow's JSON names;
// metadata is a JSON object in its column.
func csvRows(file string, r io.Reader, yield func(ExportRow, error) bool) bool {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return true
	}
	if err != nil {
		return yield(ExportRow{}, fmt.Errorf("userpilot: %s header: %w", file, err))
	}
	header = append([]string(nil), header...)
	for n := 1; ; n++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return true
		}
		if err != nil {
			return yield(ExportRow{}, fmt.Errorf("userpilot: %s row %d: %w", file, n, err))
		}
		obj := make(map[string]any, len(header))
		for i, col := range header {
			if i >= len(rec) || rec[i] == "" {
				continue
			}
			switch col {
			case "metadata":
				obj[col] = json.RawMessage(rec[i])
			case "screen_width", "screen_height":
				if v, err := strconv.Atoi(rec[i]); err == nil {
					obj[col] = v
				}
			default:
				obj[col] = rec[i]
			}
		}
		var row ExportRow
		b, _ := json.Marshal(obj)
		if err := json.Unmarshal(b, &row); err != nil {
			return yield(ExportRow{}, fmt.Errorf("userpilot: %s row %d: %w", file, n, err))
		}
		if !yield(row, nil) {
			return false
		}
	}
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
