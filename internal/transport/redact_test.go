package transport

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

const sentinel = "sk_SENTINEL_123"

func TestSecretNeverPrints(t *testing.T) {
	t.Parallel()
	s := Secret(sentinel)
	var logBuf bytes.Buffer
	slog.New(slog.NewJSONHandler(&logBuf, nil)).Info("x", "key", s)
	js, _ := json.Marshal(struct{ K Secret }{s})
	txt, _ := s.MarshalText()
	outputs := []string{
		s.String(), fmt.Sprint(s), fmt.Sprintf("%v %+v %#v %s %q %x %d", s, s, s, s, s, s, s),
		logBuf.String(), string(js), string(txt),
	}
	for _, out := range outputs {
		if strings.Contains(out, sentinel) {
			t.Errorf("secret leaked in %q", out)
		}
	}
	if s.Reveal() != sentinel {
		t.Error("Reveal does not return the value")
	}
	if Secret("").String() != "" {
		t.Error("an empty secret should print as empty, so a missing key is visible")
	}
}

// TestSentinelKeyNeverLeaks drives every path that logs or builds an error
// — success, retries, a 401 whose body echoes the credentials, connection
// failures — and looks for the key in everything a user could print.
func TestSentinelKeyNeverLeaks(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		switch r.URL.Path {
		case "/flaky":
			if n%2 == 1 {
				w.WriteHeader(http.StatusServiceUnavailable)
				io.WriteString(w, `{"message":"busy for `+r.Header.Get("Authorization")+`"}`)
				return
			}
			io.WriteString(w, `{}`)
		case "/echo401":
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"error":"bad key `+r.Header.Get("Authorization")+`","code":"`+sentinel+`"}`)
		}
	}))
	defer srv.Close()
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, _ := newTestClient(t, srv, testAPI, func(cfg *Config) {
		cfg.APIKey = sentinel
		cfg.Logger = logger
		cfg.Headers.Set("X-Trace", "t-1")
	})
	var errs []error
	if resp, err := get(t, c, context.Background(), "/flaky"); err != nil {
		errs = append(errs, err)
	} else {
		resp.Body.Close()
	}
	_, err := get(t, c, context.Background(), "/echo401?api_key="+sentinel)
	if !IsUnauthorized(err) {
		t.Fatalf("want a 401, got %v", err)
	}
	errs = append(errs, err)

	// A connection failure, logged and returned.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	dead := "http://" + ln.Addr().String()
	ln.Close()
	cfg := DefaultConfig()
	cfg.APIKey = sentinel
	cfg.BaseURL = dead
	cfg.Logger = logger
	cfg.MaxRetries = 1
	dc, err := New(cfg, testAPI)
	if err != nil {
		t.Fatal(err)
	}
	dc.sleep = (&sleepRecorder{}).sleep
	_, err = get(t, dc, context.Background(), "/x?token="+sentinel)
	if err == nil {
		t.Fatal("want a connection error")
	}
	errs = append(errs, err)

	var printed []string
	for _, e := range errs {
		printed = append(printed, e.Error(), fmt.Sprintf("%v|%+v|%#v|%s", e, e, e, e))
		var apiErr *Error
		if errors.As(e, &apiErr) {
			printed = append(printed, string(apiErr.Body), apiErr.URL, apiErr.Code, apiErr.Message, fmt.Sprintf("%+v %#v", *apiErr, *apiErr))
		}
	}
	printed = append(printed, logs.String(),
		fmt.Sprintf("%v|%+v|%#v|%s", c, c, c, c), fmt.Sprintf("%v|%+v|%#v", c.Config(), c.Config(), c.Config()),
		fmt.Sprintf("%v|%+v|%#v", *cfg, *cfg, *cfg))
	for _, p := range printed {
		if strings.Contains(p, sentinel) {
			t.Errorf("the API key leaked into: %s", p)
		}
	}
	if !strings.Contains(logs.String(), `"retrying request"`) || !strings.Contains(logs.String(), `"status":401`) {
		t.Errorf("expected retry and 401 records in the log:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), `"Authorization":["[REDACTED]"]`) {
		t.Errorf("expected the Authorization header logged as [REDACTED]:\n%s", logs.String())
	}
}
