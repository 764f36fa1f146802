package userpilot

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/cdpkit/cdpkit/internal/transport"
)

// The fuzz targets' seed corpora live in testdata/fuzz/<target>; go test
// runs them as ordinary tests, and go test -fuzz explores from them.

// FuzzExportRowsNDJSON feeds arbitrary bytes to the NDJSON row decoder with
// a small row limit: it must not panic, must yield at most one result per
// line, and every row it yields must be a well-formed ExportRow.
func FuzzExportRowsNDJSON(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		const limit = 256
		results := 0
		ndjsonRows("f.ndjson", bytes.NewReader(data), limit, func(row ExportRow, err error) bool {
			results++
			if err == nil {
				if _, merr := json.Marshal(row); merr != nil {
					t.Errorf("a yielded row does not encode: %v", merr)
				}
			} else if !strings.Contains(err.Error(), "f.ndjson row ") {
				t.Errorf("error %q does not name the file and row", err)
			}
			return true
		})
		if lines := bytes.Count(data, []byte("\n")) + 1; results > lines {
			t.Errorf("%d results from %d lines", results, lines)
		}
	})
}

// FuzzExportRowsCSV feeds arbitrary bytes to the CSV row decoder with a
// small record limit: it must not panic, and must yield at most one result
// per line after the header.
func FuzzExportRowsCSV(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		const limit = 256
		results := 0
		csvRows("f.csv", bytes.NewReader(data), limit, func(row ExportRow, err error) bool {
			results++
			if err != nil && !strings.Contains(err.Error(), "f.csv") {
				t.Errorf("error %q does not name the file", err)
			}
			return true
		})
		if lines := bytes.Count(data, []byte("\n")) + 1; results > lines {
			t.Errorf("%d results from %d lines", results, lines)
		}
	})
}

// FuzzBulkEncoding builds two users from fuzzed fields and encodes them as
// a bulk request in both layouts. A user the checks refuse must be refused
// with a *ValidationError; otherwise the body must be exactly as long as
// the size the request announces (its Content-Length), must decode back to
// the same records, and, read back through the NDJSON reader, must give the
// same records again.
func FuzzBulkEncoding(f *testing.F) {
	f.Fuzz(func(t *testing.T, userID, companyID, key, value string, number float64, upload bool) {
		users := []User{
			{UserID: userID, CompanyID: companyID, Metadata: Metadata{key: value, "n": number}},
			{UserID: "second", Metadata: Metadata{"plan": "pro"}},
		}
		for i := range users {
			u := users[i]
			if err := checkBulkUser("users", &u); err != nil {
				var verr *ValidationError
				if !errors.As(err, &verr) {
					t.Fatalf("check failed with %T %v, want a *ValidationError", err, err)
				}
				valid := transport.CheckID(userID, 0) == nil && (companyID == "" || transport.CheckID(companyID, 0) == nil) &&
					key != "" && transport.CheckText(key) == nil && transport.CheckText(value) == nil &&
					!math.IsNaN(number) && !math.IsInf(number, 0)
				if valid {
					t.Fatalf("a valid user was refused: %v", err)
				}
				return
			}
		}
		w := wire{what: "users", upload: upload}
		body, count, err := sliceRecords(users, "users", checkBulkUser).chunk(w, MaxBulkRecords, MaxBulkBytes)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := body.write(&buf); err != nil {
			t.Fatal(err)
		}
		if int64(buf.Len()) != body.size || count() != 2 {
			t.Fatalf("body of %d bytes announced as %d, with %d records", buf.Len(), body.size, count())
		}
		var got []map[string]any
		if upload {
			for _, line := range bytes.Split(bytes.TrimSuffix(buf.Bytes(), []byte("\n")), []byte("\n")) {
				var rec map[string]any
				if err := json.Unmarshal(line, &rec); err != nil {
					t.Fatalf("line %q: %v", line, err)
				}
				got = append(got, rec)
			}
		} else {
			var env struct{ Users []map[string]any }
			if err := json.Unmarshal(buf.Bytes(), &env); err != nil {
				t.Fatalf("body %q: %v", buf.Bytes(), err)
			}
			got = env.Users
		}
		if len(got) != 2 || got[0]["user_id"] != userID || got[1]["user_id"] != "second" {
			t.Fatalf("decoded %v, want the two users", got)
		}
		md, _ := got[0]["metadata"].(map[string]any)
		if key != "n" && md[key] != value {
			t.Errorf("metadata[%q] = %#v, want %q", key, md[key], value)
		}
		if companyID != "" && got[0]["company_id"] != companyID {
			t.Errorf("company_id = %#v, want %q", got[0]["company_id"], companyID)
		}
		if upload {
			src := ndjsonSource(bytes.NewReader(buf.Bytes()), checkBulkUser)
			for i := range 2 {
				line, err := src.peek()
				if err != nil {
					t.Fatalf("reading back record %d: %v", i, err)
				}
				var rec map[string]any
				if err := json.Unmarshal(line, &rec); err != nil || rec["user_id"] != got[i]["user_id"] {
					t.Fatalf("record %d read back as %s (%v)", i, line, err)
				}
				src.advance()
			}
		}
	})
}
