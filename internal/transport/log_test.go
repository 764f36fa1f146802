package transport

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// lockedBuffer lets parallel requests share one log.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func records(t *testing.T, out string) []map[string]any {
	t.Helper()
	var recs []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		recs = append(recs, m)
	}
	return recs
}

func TestLogRecords(t *testing.T) {
	t.Parallel()
	h := &scripted{statuses: []int{503, 200}, headers: []http.Header{{"X-Request-Id": {"r-1"}}, {"X-Request-Id": {"r-2"}}}}
	srv := httptest.NewServer(h)
	defer srv.Close()
	var buf lockedBuffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, _ := newTestClient(t, srv, testAPI, func(cfg *Config) { cfg.Logger = logger })
	c.randFloat = func() float64 { return 0.5 }
	resp, err := get(t, c, context.Background(), "/users?api_key=abc&page=2")
	if err != nil {
		t.Fatal(err)
	}
	closeBody(resp)
	recs := records(t, buf.String())
	if len(recs) != 3 {
		t.Fatalf("got %d records, want attempt, retry, attempt:\n%s", len(recs), buf.String())
	}
	wantURL := srv.URL + "/users?api_key=[REDACTED]&page=2"
	type want struct {
		level, msg string
		fields     map[string]any
	}
	wants := []want{
		{"DEBUG", "request", map[string]any{"api": "testapi", "method": "GET", "url": wantURL, "attempt": 1.0, "status": 503.0, "request_id": "r-1"}},
		{"INFO", "retrying request", map[string]any{"api": "testapi", "method": "GET", "url": wantURL, "retry": 1.0, "delay": 250e6}},
		{"DEBUG", "request", map[string]any{"attempt": 2.0, "status": 200.0, "request_id": "r-2"}},
	}
	for i, w := range wants {
		r := recs[i]
		if r["level"] != w.level || r["msg"] != w.msg {
			t.Errorf("record %d = %s %q, want %s %q", i, r["level"], r["msg"], w.level, w.msg)
		}
		for k, v := range w.fields {
			if r[k] != v {
				t.Errorf("record %d: %s = %v, want %v", i, k, r[k], v)
			}
		}
	}
	if _, ok := recs[0]["duration"]; !ok {
		t.Error("attempt record lacks duration")
	}
	if reason, _ := recs[1]["reason"].(string); !strings.Contains(reason, "503") {
		t.Errorf("retry reason = %q, want the 503", reason)
	}
	hdrs, _ := recs[0]["request_headers"].(map[string]any)
	if auth, _ := hdrs["Authorization"].([]any); len(auth) != 1 || auth[0] != "[REDACTED]" {
		t.Errorf("Authorization logged as %v, want [REDACTED]", hdrs["Authorization"])
	}
}

func TestLogLevelsAndSilence(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		level   slog.Level
		nilLog  bool
		wantMsg []string
	}{
		{"info shows only retries", slog.LevelInfo, false, []string{"retrying request", "retrying request"}},
		{"warn shows nothing", slog.LevelWarn, false, nil},
		{"nil logger", 0, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, _ := serve(t, 500)
			var buf lockedBuffer
			c, _ := newTestClient(t, srv, testAPI, func(cfg *Config) {
				if !tt.nilLog {
					cfg.Logger = slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: tt.level}))
				}
			})
			_, _ = get(t, c, context.Background(), "/x")
			recs := records(t, buf.String())
			if len(recs) != len(tt.wantMsg) {
				t.Fatalf("got %d records, want %d:\n%s", len(recs), len(tt.wantMsg), buf.String())
			}
			for i, m := range tt.wantMsg {
				if recs[i]["msg"] != m {
					t.Errorf("record %d = %q, want %q", i, recs[i]["msg"], m)
				}
			}
		})
	}
}

func TestGiveUpReasonsAreLogged(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		header http.Header
		body   bool
		want   string
	}{
		{"Retry-After too long", http.Header{"Retry-After": {"3600"}}, false, "not retrying: Retry-After is longer than the limit"},
		{"body not replayable", nil, true, "not retrying: the request body cannot be replayed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := &scripted{statuses: []int{503}, headers: []http.Header{tt.header}}
			srv := httptest.NewServer(h)
			defer srv.Close()
			var buf lockedBuffer
			c, _ := newTestClient(t, srv, testAPI, func(cfg *Config) { cfg.Logger = slog.New(slog.NewJSONHandler(&buf, nil)) })
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/x", nil)
			if tt.body {
				req.Body = nopCloser{strings.NewReader("x")}
			}
			_, _ = c.Do(req)
			if !strings.Contains(buf.String(), tt.want) {
				t.Errorf("log lacks %q:\n%s", tt.want, buf.String())
			}
		})
	}
}

type nopCloser struct{ *strings.Reader }

func (nopCloser) Close() error { return nil }
