package countserver

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/iotest"
)

func newTestServer(t *testing.T) (*Server, string) {
	t.Helper()
	s := New()
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return s, srv.URL
}

func post(t *testing.T, url, contentType, auth string, body io.Reader) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("x-request-id", "0123456789abcdef")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	return resp.StatusCode
}

func usermostBatch(seqs ...int) string {
	var events []string
	for _, s := range seqs {
		events = append(events, fmt.Sprintf(`{"userId":"u1","eventName":"E","eventData":{"seq":%d,"plan":"pro"}}`, s))
	}
	return `{"events":[` + strings.Join(events, ",") + `]}`
}

func TestCountsProveExactlyOnce(t *testing.T) {
	cases := []struct {
		name    string
		seqs    []int
		expect  int64
		wantErr string
	}{
		{"all once", []int{0, 1, 2, 3}, 4, ""},
		{"one lost", []int{0, 1, 3}, 4, "1 of 4 events lost"},
		{"one twice", []int{0, 1, 1, 2, 3}, 4, "1 events stored twice"},
		{"one never sent", []int{0, 1, 2, 3, 4}, 4, "1 events numbered at or above 4"},
		{"word boundary", []int{63, 64, 65, 127, 128}, 200, "195 of 200 events lost"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, url := newTestServer(t)
			if code := post(t, url+"/v1/accounts/lc/eventsBatch", "application/json", "Bearer "+APIKey, strings.NewReader(usermostBatch(tc.seqs...))); code != 200 {
				t.Fatalf("status %d", code)
			}
			c := s.Counts(tc.expect)
			if c.Events != int64(len(tc.seqs)) || c.Requests != 1 {
				t.Errorf("events %d requests %d, want %d and 1", c.Events, c.Requests, len(tc.seqs))
			}
			err := c.Check()
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("Check: %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Errorf("Check: %v, want %q", err, tc.wantErr)
			}
		})
	}
}

func TestResetForgetsEverything(t *testing.T) {
	s, url := newTestServer(t)
	post(t, url+"/v1/accounts/lc/eventsBatch", "application/json", "Bearer "+APIKey, strings.NewReader(usermostBatch(0, 1, 1, 9)))
	post(t, url+"/batch/", "application/json", "", strings.NewReader(`garbage`))
	s.Reset()
	c := s.Counts(0)
	c.ServerCPU = 0 // the clock runs on
	if c != (Counts{}) {
		t.Errorf("after Reset: %+v", c)
	}
}

func TestBadBodiesAreCountedAndRefused(t *testing.T) {
	cases := []struct {
		name, path, auth, body, want string
	}{
		{"usermost without key", "/v1/accounts/lc/events", "", `{"userId":"u","eventName":"E","eventData":{"seq":0}}`, "Bearer"},
		{"usermost without seq", "/v1/accounts/lc/events", "Bearer " + APIKey, `{"userId":"u","eventName":"E"}`, "eventData.seq"},
		{"usermost without id", "/v1/accounts/lc/events", "Bearer " + APIKey, `{"eventName":"E","eventData":{"seq":0}}`, "userId"},
		{"usermost not JSON", "/v1/accounts/lc/eventsBatch", "Bearer " + APIKey, `{"events":[`, "not JSON"},
		{"posthog wrong key", "/batch/", "", `{"api_key":"x","batch":[{"type":"capture","event":"E","distinct_id":"d","properties":{"seq":0}}]}`, "api_key"},
		{"posthog without seq", "/batch/", "", `{"api_key":"` + APIKey + `","batch":[{"type":"capture","event":"E","distinct_id":"d"}]}`, "properties.seq"},
		{"negative seq", "/batch/", "", `{"api_key":"` + APIKey + `","batch":[{"type":"capture","event":"E","distinct_id":"d","properties":{"seq":-1}}]}`, "out of bounds"},
		{"raw import line changed", "/import/raw", "", strings.Replace(string(readAll(t, NewImportStream(3))), "Bench", "Bunch", 1), "line 1"},
		{"raw import cut short", "/import/raw", "", string(readAll(t, NewImportStream(3)))[:2*ImportLineLen+5], "line 3"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, url := newTestServer(t)
			if code := post(t, url+tc.path, "application/json", tc.auth, strings.NewReader(tc.body)); code != http.StatusBadRequest {
				t.Errorf("status %d, want 400", code)
			}
			c := s.Counts(1)
			if c.Bad == 0 || !strings.Contains(c.FirstBad, tc.want) {
				t.Errorf("bad %d first %q, want a count and %q", c.Bad, c.FirstBad, tc.want)
			}
			if c.Check() == nil {
				t.Error("Check passed a run with a bad body")
			}
		})
	}
}

func TestPosthogBatchIsCounted(t *testing.T) {
	s, url := newTestServer(t)
	body := `{"api_key":"` + APIKey + `","batch":[` +
		`{"type":"capture","event":"E","distinct_id":"d","properties":{"seq":1,"$lib":"posthog-go"}},` +
		`{"type":"capture","event":"E","distinct_id":"d","properties":{"seq":0}}]}`
	if code := post(t, url+"/batch/", "application/json", "", strings.NewReader(body)); code != 200 {
		t.Fatalf("status %d", code)
	}
	if err := s.Counts(2).Check(); err != nil {
		t.Error(err)
	}
}

func readAll(t *testing.T, r io.Reader) []byte {
	t.Helper()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestImportStreamIsWhatTheServerAccepts(t *testing.T) {
	const lines = 1000
	// A reader that returns one byte at a time crosses every line boundary.
	got := readAll(t, iotest.OneByteReader(NewImportStream(lines)))
	if len(got) != lines*ImportLineLen {
		t.Fatalf("%d bytes, want %d", len(got), lines*ImportLineLen)
	}
	if want := readAll(t, NewImportStream(lines)); !bytes.Equal(got, want) {
		t.Fatal("the stream differs with the read size")
	}
	for i, line := range bytes.SplitAfter(got, []byte("\n"))[:lines] {
		if seq, ok := parseImportLine(line); !ok || seq != int64(i) {
			t.Fatalf("line %d: seq %d ok %v", i, seq, ok)
		}
	}
	if got := ImportLines(10 * int64(ImportLineLen)); got != 10 {
		t.Errorf("ImportLines = %d, want 10", got)
	}
}

func TestImportsAreCountedLineByLine(t *testing.T) {
	const lines = 5000
	t.Run("raw", func(t *testing.T) {
		s, url := newTestServer(t)
		if code := post(t, url+"/import/raw", "application/x-ndjson", "", NewImportStream(lines)); code != 200 {
			t.Fatalf("status %d", code)
		}
		c := s.Counts(lines)
		if err := c.Check(); err != nil {
			t.Error(err)
		}
		if c.Bytes != lines*int64(ImportLineLen) {
			t.Errorf("bytes %d", c.Bytes)
		}
	})
	t.Run("multipart", func(t *testing.T) {
		s, url := newTestServer(t)
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		part, _ := mw.CreateFormFile("file", "events.ndjson")
		_, _ = io.Copy(part, NewImportStream(lines))
		_ = mw.Close()
		if code := post(t, url+"/v1/imports", mw.FormDataContentType(), "Token "+APIKey, &body); code != 200 {
			t.Fatalf("status %d", code)
		}
		if err := s.Counts(lines).Check(); err != nil {
			t.Error(err)
		}
	})
	t.Run("multipart with a wrong field", func(t *testing.T) {
		s, url := newTestServer(t)
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		part, _ := mw.CreateFormFile("upload", "events.ndjson")
		_, _ = io.Copy(part, NewImportStream(1))
		_ = mw.Close()
		post(t, url+"/v1/imports", mw.FormDataContentType(), "Token "+APIKey, &body)
		if c := s.Counts(1); c.Bad != 1 || c.Missing != 1 {
			t.Errorf("%+v", c)
		}
	})
}

func TestFilePartMatchesMimeMultipart(t *testing.T) {
	content := "line one\r\n--almost-a-boundary\r\n" + strings.Repeat("x", 300<<10) + "\r\n-"
	build := func(parts ...string) (string, []byte) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		for _, name := range parts {
			part, _ := mw.CreateFormFile(name, "events.ndjson")
			_, _ = io.WriteString(part, content)
		}
		_ = mw.Close()
		return mw.FormDataContentType(), body.Bytes()
	}
	ct, body := build("file")
	for name, r := range map[string]io.Reader{"whole": bytes.NewReader(body), "byte by byte": iotest.OneByteReader(bytes.NewReader(body)), "half": iotest.HalfReader(bytes.NewReader(body))} {
		part, err := filePart(ct, r)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := string(readAll(t, part)); got != content {
			t.Errorf("%s: content of %d bytes differs from the %d sent", name, len(got), len(content))
		}
	}
	bad := map[string]func() (string, io.Reader){
		"two parts":        func() (string, io.Reader) { ct, b := build("file", "file"); return ct, bytes.NewReader(b) },
		"cut short":        func() (string, io.Reader) { return ct, bytes.NewReader(body[:len(body)-20]) },
		"another field":    func() (string, io.Reader) { ct, b := build("upload"); return ct, bytes.NewReader(b) },
		"not multipart":    func() (string, io.Reader) { return "application/json", bytes.NewReader(body) },
		"missing preamble": func() (string, io.Reader) { return ct, bytes.NewReader(body[2:]) },
	}
	for name, mk := range bad {
		ct, r := mk()
		part, err := filePart(ct, r)
		if err == nil {
			_, err = io.ReadAll(part)
		}
		if err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
