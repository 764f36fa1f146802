package userpilottest

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	gen "github.com/cdpkit/cdpkit/gen/userpilot"
)

// downloadPrefix is where the fake serves export files. It is not part of
// the API: real exports are downloaded from presigned storage URLs.
const downloadPrefix = "/_downloads/"

// exportJob is an export job; like background jobs its status follows from
// its age.
type exportJob struct {
	id      string
	created time.Time
	ended   time.Time
	status  string
	done    bool
	failure string
	files   []exportFile
}

type exportFile struct {
	name  string
	data  []byte
	token string
}

var (
	exportSuccessPath = []string{"pending", "processing", "completed"}
	exportFailurePath = []string{"pending", "failed"}
)

func (st *state) advanceExportLocked(e *exportJob, now time.Time) {
	if e.done {
		return
	}
	path := exportSuccessPath
	if e.failure != "" {
		path = exportFailurePath
	}
	i := min(st.stepsSince(e.created, now), len(path)-1)
	e.status = path[i]
	if i == len(path)-1 {
		e.done = true
		e.ended = e.created.Add(time.Duration(i) * st.cfg.stepDelay)
	}
}

func (h *handlers) StartExport(_ context.Context, req gen.StartExportRequestObject) (gen.StartExportResponseObject, error) {
	b := req.Body
	format := b.Format
	if format == "" {
		format = gen.ExportNDJSON
	}
	if format != gen.ExportNDJSON && format != gen.ExportCSV {
		return gen.StartExport400JSONResponse{BadRequestInferredJSONResponse: gen.BadRequestInferredJSONResponse(errorBody(http.StatusBadRequest,
			fmt.Sprintf("userpilottest simulates ndjson and csv exports only, not %s", format)))}, nil
	}
	from, err := parseBound(b.From)
	if err != nil {
		return gen.StartExport400JSONResponse{BadRequestInferredJSONResponse: gen.BadRequestInferredJSONResponse(errorBody(http.StatusBadRequest, "from: "+err.Error()))}, nil
	}
	to, err := parseBound(b.To)
	if err != nil {
		return gen.StartExport400JSONResponse{BadRequestInferredJSONResponse: gen.BadRequestInferredJSONResponse(errorBody(http.StatusBadRequest, "to: "+err.Error()))}, nil
	}
	st := h.s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	now := st.now()
	st.advanceLocked(now)
	for _, e := range st.exports {
		if !e.done {
			return gen.StartExport409JSONResponse{JobConflictJSONResponse: gen.JobConflictJSONResponse(errorBody(http.StatusConflict, "an export job is already running; wait for it to finish"))}, nil
		}
	}
	var rows []gen.ExportRow
	for _, r := range st.log {
		if matches(r, *b, from, to) {
			rows = append(rows, r)
		}
	}
	e := &exportJob{id: newUUID(), created: now, status: "pending", failure: st.takeFailureLocked()}
	e.files = h.s.exportFiles(e.id, rows, format)
	st.exports = append(st.exports, e)
	return gen.StartExport201JSONResponse{
		JobID:               e.id,
		Status:              e.status,
		EnvironmentAppToken: appToken,
		EnvironmentName:     "production",
		StartTime:           now.UTC().Format(time.RFC3339),
	}, nil
}

// parseBound reads an export's from/to: ISO 8601 date or date-time.
func parseBound(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	t, err := parseInsertedAt(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not an ISO 8601 date or time", s)
	}
	return t, nil
}

func matches(r gen.ExportRow, req gen.ExportRequest, from, to time.Time) bool {
	at, err := parseInsertedAt(r.InsertedAt)
	if err != nil {
		return false
	}
	switch {
	case !from.IsZero() && at.Before(from),
		!to.IsZero() && at.After(to),
		len(req.EventTypes) > 0 && !slices.Contains(req.EventTypes, r.EventType),
		len(req.UserIDs) > 0 && !slices.Contains(req.UserIDs, r.UserID),
		len(req.CompanyIDs) > 0 && !slices.Contains(req.CompanyIDs, r.CompanyID):
		return false
	}
	return true
}

// exportFiles renders rows into files of at most exportFileRows rows.
func (s *Server) exportFiles(jobID string, rows []gen.ExportRow, format gen.ExportFormat) []exportFile {
	var files []exportFile
	for part := 0; part == 0 || part*s.cfg.exportFileRows < len(rows); part++ {
		chunk := rows[part*s.cfg.exportFileRows : min((part+1)*s.cfg.exportFileRows, len(rows))]
		var buf bytes.Buffer
		if format == gen.ExportCSV {
			writeCSV(&buf, chunk)
		} else {
			enc := json.NewEncoder(&buf)
			for _, r := range chunk {
				_ = enc.Encode(r)
			}
		}
		var tok [16]byte
		_, _ = rand.Read(tok[:])
		files = append(files, exportFile{
			name:  fmt.Sprintf("export-%s-part%d.%s", jobID[:8], part+1, format),
			data:  buf.Bytes(),
			token: hex.EncodeToString(tok[:]),
		})
	}
	return files
}

// exportColumns is the CSV header of exported files.
var exportColumns = []string{"app_token", "event_type", "event_name", "user_id", "company_id", "source", "inserted_at", "metadata"}

func writeCSV(buf *bytes.Buffer, rows []gen.ExportRow) {
	w := csv.NewWriter(buf)
	_ = w.Write(exportColumns)
	for _, r := range rows {
		md, _ := json.Marshal(r.Metadata)
		_ = w.Write([]string{r.AppToken, r.EventType, r.EventName, r.UserID, r.CompanyID, r.Source, r.InsertedAt, string(md)})
	}
	w.Flush()
}

func (h *handlers) ListExportJobs(context.Context, gen.ListExportJobsRequestObject) (gen.ListExportJobsResponseObject, error) {
	st := h.s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	now := st.now()
	st.advanceLocked(now)
	out := gen.ListExportJobs200JSONResponse{}
	for i := len(st.exports) - 1; i >= 0; i-- {
		e := st.exports[i]
		end, elapsed := exportTimes(e, now)
		out = append(out, gen.ExportJobSummary{
			JobID: e.id, Status: e.status, Progress: exportProgress(e),
			ElapsedTime: elapsed.String(), ElapsedTimeSeconds: strconv.Itoa(int(elapsed / time.Second)),
			StartTime: e.created.UTC().Format(time.RFC3339), EndTime: end,
		})
	}
	return out, nil
}

func (h *handlers) GetExportJob(_ context.Context, req gen.GetExportJobRequestObject) (gen.GetExportJobResponseObject, error) {
	st := h.s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	now := st.now()
	st.advanceLocked(now)
	var e *exportJob
	for _, x := range st.exports {
		if x.id == req.JobID {
			e = x
		}
	}
	if e == nil {
		return gen.GetExportJob404JSONResponse{NotFoundJSONResponse: gen.NotFoundJSONResponse(errorBody(http.StatusNotFound, fmt.Sprintf("Export job %q not found", req.JobID)))}, nil
	}
	end, _ := exportTimes(e, now)
	v := gen.ExportJob{
		JobID: e.id, AppToken: appToken, Status: e.status, Type: "export", Progress: exportProgress(e),
		StartTime: e.created.UTC().Format(time.RFC3339), EndTime: end,
	}
	for i, f := range e.files {
		v.AllChunks = append(v.AllChunks, strconv.Itoa(i+1))
		if e.status == "completed" {
			v.CompletedChunks = append(v.CompletedChunks, strconv.Itoa(i+1))
			v.PresignedURLs = append(v.PresignedURLs, gen.PresignedURL{
				Filename: f.name,
				URL:      h.s.URL + downloadPrefix + url.PathEscape(e.id) + "/" + url.PathEscape(f.name) + "?X-Amz-Signature=" + f.token,
			})
		}
	}
	v.CurrentChunk = strconv.Itoa(len(v.CompletedChunks))
	return gen.GetExportJob200JSONResponse(v), nil
}

func exportProgress(e *exportJob) string {
	switch e.status {
	case "completed":
		return "100"
	case "processing":
		return "50"
	}
	return "0"
}

func exportTimes(e *exportJob, now time.Time) (*string, time.Duration) {
	if !e.done {
		return nil, now.Sub(e.created).Round(time.Second)
	}
	s := e.ended.UTC().Format(time.RFC3339)
	return &s, e.ended.Sub(e.created).Round(time.Second)
}

// serveDownload serves an export file like a presigned storage URL: the
// signature in the query is the only credential, and a request that also
// sends an Authorization header is refused, as storage services do.
func (s *Server) serveDownload(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if r.Header.Get("Authorization") != "" {
		http.Error(w, "InvalidArgument: Only one auth mechanism allowed; only the X-Amz-Signature query parameter should be specified", http.StatusBadRequest)
		return
	}
	jobID, name, ok := strings.Cut(strings.TrimPrefix(r.URL.Path, downloadPrefix), "/")
	if !ok {
		http.NotFound(w, r)
		return
	}
	data, found := s.exportFile(jobID, name, r.URL.Query().Get("X-Amz-Signature"))
	if !found {
		http.Error(w, "AccessDenied: the signature does not match or the file does not exist", http.StatusForbidden)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	_, _ = w.Write(data)
}

// exportFile returns a completed export's file if the signature matches.
func (s *Server) exportFile(jobID, name, signature string) ([]byte, bool) {
	st := s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	st.advanceLocked(st.now())
	for _, e := range st.exports {
		if e.id != jobID || e.status != "completed" {
			continue
		}
		for _, f := range e.files {
			if f.name == name && subtle.ConstantTimeCompare([]byte(f.token), []byte(signature)) == 1 {
				return f.data, true
			}
		}
	}
	return nil, false
}
