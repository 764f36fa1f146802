package userpilottest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	gen "github.com/cdpkit/cdpkit/gen/userpilot"
)

// Limits of one bulk request, as the vendor documents them.
const (
	maxBulkRecords = 10_000
	maxBulkBytes   = 50_000_000
)

// upload is what the fake learned from a multipart file.
type upload struct {
	filename string
	size     int64
	rows     int
}

// withFilePart finds the multipart field "file" and hands it to read. Any
// other field is rejected, as the document defines only "file".
func withFilePart(mr *multipart.Reader, read func(p *multipart.Part) error) error {
	found := false
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return badRequest("malformed multipart body: " + err.Error())
		}
		if p.FormName() != "file" {
			return badRequest(fmt.Sprintf("unexpected multipart field %q; the upload goes in the field \"file\"", p.FormName()))
		}
		if found {
			return badRequest("more than one \"file\" field")
		}
		found = true
		if err := read(p); err != nil {
			return err
		}
	}
	if !found {
		return badRequest("request body has an error: the multipart field \"file\" is required")
	}
	return nil
}

// countingReader counts bytes and stops with a 413 past limit.
type countingReader struct {
	r     io.Reader
	n     int64
	limit int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.limit > 0 && c.n > c.limit {
		return n, &httpError{status: http.StatusRequestEntityTooLarge, message: fmt.Sprintf("file exceeds %d bytes (50 MB)", c.limit)}
	}
	return n, err
}

// readBulkFile validates an NDJSON bulk file line by line against schema and
// decodes each line into a T.
func readBulkFile[T any](mr *multipart.Reader, schema *openapi3.Schema) (upload, []T, error) {
	var up upload
	var records []T
	err := withFilePart(mr, func(p *multipart.Part) error {
		up.filename = p.FileName()
		cr := &countingReader{r: p, limit: maxBulkBytes}
		br := bufio.NewReaderSize(cr, 64<<10)
		for line := 1; ; line++ {
			raw, err := br.ReadBytes('\n')
			if len(bytes.TrimSpace(raw)) > 0 {
				if len(records) == maxBulkRecords {
					return &httpError{status: http.StatusRequestEntityTooLarge, message: fmt.Sprintf("more than %d records in one request", maxBulkRecords)}
				}
				rec, verr := decodeLine[T](raw, schema)
				if verr != nil {
					return badRequest(fmt.Sprintf("line %d: %v", line, verr))
				}
				records = append(records, rec)
			}
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return err
			}
		}
		up.size = cr.n
		return nil
	})
	up.rows = len(records)
	return up, records, err
}

// decodeLine checks one NDJSON line against the document's schema, then
// decodes it. Bulk and company records are built from the parsed value
// directly, which halves the work for multi-megabyte lines.
func decodeLine[T any](raw []byte, schema *openapi3.Schema) (T, error) {
	var rec T
	var value any
	if err := json.Unmarshal(raw, &value); err != nil {
		return rec, fmt.Errorf("not valid JSON: %v", err)
	}
	if err := schema.VisitJSON(value, openapi3.MultiErrors()); err != nil {
		return rec, fmt.Errorf("doesn't match schema: %v", err)
	}
	obj, _ := value.(map[string]any)
	md, _ := obj["metadata"].(map[string]any)
	str := func(k string) string { s, _ := obj[k].(string); return s }
	switch r := any(&rec).(type) {
	case *User:
		*r = User{UserID: str("user_id"), CompanyID: str("company_id"), Metadata: md}
	case *Company:
		*r = Company{CompanyID: str("company_id"), Metadata: md}
	default:
		if err := json.Unmarshal(raw, &rec); err != nil {
			return rec, err
		}
	}
	return rec, nil
}

// readImportFile reads an import upload: the first keep rows of an NDJSON
// file are validated and returned, the rest are counted without decoding so
// that very large uploads use constant memory. CSV rows are only counted,
// because the vendor does not document the CSV layout.
func readImportFile(mr *multipart.Reader, schema *openapi3.Schema, keep int) (upload, []ImportEvent, error) {
	var up upload
	var rows []ImportEvent
	err := withFilePart(mr, func(p *multipart.Part) error {
		up.filename = p.FileName()
		cr := &countingReader{r: p}
		br := bufio.NewReaderSize(cr, 64<<10)
		csv := isCSV(p)
		if csv {
			keep = 0
		}
		line := 0
		for len(rows) < keep {
			raw, err := br.ReadBytes('\n')
			if len(bytes.TrimSpace(raw)) > 0 {
				line++
				row, verr := decodeLine[ImportEvent](raw, schema)
				if verr == nil {
					verr = checkImportRow(row)
				}
				if verr != nil {
					return badRequest(fmt.Sprintf("row %d: %v", line, verr))
				}
				rows = append(rows, row)
			}
			if errors.Is(err, io.EOF) {
				up.size, up.rows = cr.n, line
				return nil
			}
			if err != nil {
				return err
			}
		}
		rest, err := countLines(br)
		if err != nil {
			return err
		}
		up.size, up.rows = cr.n, line+rest
		if csv && up.rows > 0 {
			up.rows-- // the header line
		}
		return nil
	})
	return up, rows, err
}

// countLines counts the lines left in r without looking at their content.
func countLines(r io.Reader) (int, error) {
	buf := make([]byte, 64<<10)
	lines, last := 0, byte('\n')
	for {
		n, err := r.Read(buf)
		if n > 0 {
			lines += bytes.Count(buf[:n], []byte{'\n'})
			last = buf[n-1]
		}
		if errors.Is(err, io.EOF) {
			if last != '\n' {
				lines++
			}
			return lines, nil
		}
		if err != nil {
			return lines, err
		}
	}
}

func isCSV(p *multipart.Part) bool {
	if mt, _, err := mime.ParseMediaType(p.Header.Get("Content-Type")); err == nil && mt == "text/csv" {
		return true
	}
	return strings.EqualFold(path.Ext(p.FileName()), ".csv")
}

// checkImportRow applies the per-type rules of the vendor's row validation
// page, which a single schema cannot express.
func checkImportRow(r ImportEvent) error {
	switch r.EventType {
	case gen.ImportIdentifyUser, gen.ImportTrack, gen.ImportPageView:
		if r.UserID == "" {
			return fmt.Errorf("%s rows need user_id", r.EventType)
		}
	case gen.ImportIdentifyCompany:
		if r.CompanyID == "" {
			return errors.New("identify_company rows need company_id")
		}
	}
	if r.EventType == gen.ImportTrack && r.EventName == "" {
		return errors.New("track rows need event_name")
	}
	if r.EventType == gen.ImportPageView && r.URL == "" && (r.Hostname == "" || r.Pathname == "") {
		return errors.New("page_view rows need hostname and pathname, or url")
	}
	if r.Source == gen.SourceWebClient && r.URL == "" && (r.Hostname == "" || r.Pathname == "" || r.UserAgent == "") {
		return errors.New("web-client rows need hostname, pathname and user_agent, or url")
	}
	if _, err := parseInsertedAt(r.InsertedAt); err != nil {
		return err
	}
	return nil
}

// parseInsertedAt accepts ISO 8601 with a T or (as the vendor's example
// shows) a space, with or without a zone; a missing zone means UTC.
func parseInsertedAt(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999", "2006-01-02 15:04:05.999999999Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("inserted_at %q is not an ISO 8601 time", s)
}

func badRequest(msg string) error { return &httpError{status: http.StatusBadRequest, message: msg} }
