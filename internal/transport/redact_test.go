package transport

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit"
)

const sentinel = "sk_SENTINEL_123"

func TestSecretNeverPrints(t *testing.T) {
	t.Parallel()
	s := NewSecret(sentinel)
	var logBuf lockedBuffer
	slog.New(slog.NewJSONHandler(&logBuf, nil)).Info("x", "key", s, slog.Any("any", s))
	slog.New(slog.NewTextHandler(&logBuf, nil)).Info("x", "key", s)
	js, _ := json.Marshal(struct {
		K Secret
		M map[string]Secret
	}{s, map[string]Secret{"k": s}})
	txt, _ := s.MarshalText()
	outputs := map[string]string{
		"String":  s.String(),
		"Sprint":  fmt.Sprint(s),
		"verbs":   fmt.Sprintf("%v %+v %#v %s %q %x %X %d %10s %-5v", s, s, s, s, s, s, s, s, s, s),
		"in json": string(js),
		"text":    string(txt),
		"slog":    logBuf.String(),
		"nested":  fmt.Sprintf("%v %+v %#v", struct{ K Secret }{s}, []Secret{s}, map[string]Secret{"k": s}),
		"error":   fmt.Errorf("key %v", s).Error(),
	}
	for name, out := range outputs {
		if strings.Contains(out, sentinel) {
			t.Errorf("%s: secret leaked in %q", name, out)
		}
		if !strings.Contains(out, "[REDACTED]") {
			t.Errorf("%s: %q does not show the mask", name, out)
		}
	}
	if s.Reveal() != sentinel {
		t.Error("Reveal does not return the value")
	}
	empty := NewSecret("")
	if empty.String() != "" || fmt.Sprintf("%v|%s", empty, empty) != "|" || fmt.Sprintf("%q", empty) != `""` {
		t.Error("an empty secret should print as empty, so a missing key is visible")
	}
	if b, _ := json.Marshal(empty); string(b) != `""` {
		t.Errorf("empty secret JSON = %s", b)
	}
}

// TestSentinelKeyNeverLeaks drives every path that logs or builds an error
// — success, retries, a 401 whose body echoes the credentials, connection
// failures, a Doer whose error repeats the request — and looks for the key
// in everything a user could print.
func TestSentinelKeyNeverLeaks(t *testing.T) {
	t.Parallel()
	var flaky atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "rid-"+r.Header.Get("Authorization"))
		switch {
		case strings.HasPrefix(r.URL.Path, "/busy"):
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = io.WriteString(w, `{"message":"busy for `+r.Header.Get("Authorization")+`"}`)
		case strings.HasPrefix(r.URL.Path, "/flaky"):
			if flaky.Add(1) == 1 {
				w.WriteHeader(http.StatusServiceUnavailable)
				_, _ = io.WriteString(w, `{"message":"busy for `+r.Header.Get("Authorization")+`"}`)
				return
			}
			_, _ = io.WriteString(w, `{}`)
		case strings.HasPrefix(r.URL.Path, "/echo401"):
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, `{"error":"bad key `+r.Header.Get("Authorization")+`","code":"`+sentinel+`"}`)
		default:
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = io.WriteString(w, "plain text "+sentinel)
		}
	}))
	defer srv.Close()
	var logs lockedBuffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	withKey := func(cfg *Config) {
		cfg.APIKey = NewSecret(sentinel)
		cfg.Logger = logger
		cfg.MaxRetries = 1
		cfg.Headers.Set("X-Trace", "t-1")
	}
	c, _ := newTestClient(t, srv, testAPI, withKey)
	var errs []error
	collect := func(resp *http.Response, err error) {
		if err != nil {
			errs = append(errs, err)
		}
		closeBody(resp)
	}
	collect(get(t, c, context.Background(), "/flaky"))
	collect(get(t, c, context.Background(), "/echo401?api_key="+sentinel))
	collect(get(t, c, context.Background(), "/path/"+sentinel+"/x?license="+sentinel))
	if len(errs) != 2 || !cdpkit.IsUnauthorized(errs[0]) || !cdpkit.IsRateLimited(errs[1]) {
		t.Fatalf("want a 401 and a 429, got %v", errs)
	}

	// A refused connection, logged and returned.
	dc, _ := newTestClient(t, nil, testAPI, func(cfg *Config) { withKey(cfg); cfg.BaseURL = "http://" + deadAddr(t) })
	_, err := get(t, dc, context.Background(), "/x?token="+sentinel)
	if err == nil {
		t.Fatal("want a connection error")
	}
	errs = append(errs, err)

	// A Doer whose error repeats the whole request, headers included.
	echo := doerFunc(func(r *http.Request) (*http.Response, error) {
		return nil, fmt.Errorf("proxy refused %s with %v", r.URL, r.Header)
	})
	ec, _ := newTestClient(t, nil, testAPI, func(cfg *Config) { withKey(cfg); cfg.HTTPClient = echo })
	_, err = get(t, ec, context.Background(), "/x")
	errs = append(errs, err)

	// Cancelled mid-backoff, and a non-replayable body.
	cc, _ := newTestClient(t, srv, testAPI, withKey)
	ctx, cancel := context.WithCancel(context.Background())
	cc.sleep = func(ctx context.Context, _ time.Duration) error { cancel(); return ctx.Err() }
	_, err = get(t, cc, ctx, "/busy")
	errs = append(errs, err)
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/busy", nopCloser{strings.NewReader(sentinel)})
	_, err = c.Do(req)
	errs = append(errs, err)

	var printed []string
	for _, e := range errs {
		if e == nil {
			t.Fatal("a scenario did not fail")
		}
		printed = append(printed, e.Error(), fmt.Sprintf("%v|%+v|%#v|%s|%q", e, e, e, e, e))
		var apiErr *Error
		if errors.As(e, &apiErr) {
			printed = append(printed, string(apiErr.Body), apiErr.URL, apiErr.Code, apiErr.Message, apiErr.RequestID,
				fmt.Sprintf("%+v %#v %s", *apiErr, *apiErr, apiErr.Body))
		}
		var connErr *ConnError
		if errors.As(e, &connErr) {
			printed = append(printed, fmt.Sprintf("%v %+v %#v", connErr, connErr, connErr), connErr.URL)
		}
	}
	cfg := c.Config()
	printed = append(printed, logs.String(),
		fmt.Sprintf("%v|%+v|%#v|%s", c, c, c, c), fmt.Sprintf("%v|%+v|%#v", cfg, cfg, cfg), fmt.Sprintf("%+v", *c))
	for _, p := range printed {
		if strings.Contains(p, sentinel) {
			t.Errorf("the API key leaked into: %s", p)
		}
	}
	for _, want := range []string{`"retrying request"`, `"status":401`, `"Authorization":["[REDACTED]"]`, `"request failed"`} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("expected %s in the log:\n%s", want, logs.String())
		}
	}
	var unauthorized *Error
	if !errors.As(errs[0], &unauthorized) || !strings.Contains(string(unauthorized.Body), "Bearer [REDACTED]") {
		t.Errorf("401 body = %s, want the echoed key masked", unauthorized.Body)
	}
}

func TestRedactURL(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"https://h/p", "https://h/p"},
		{"https://h/p?page=2&limit=10", "https://h/p?page=2&limit=10"},
		{"https://h/p?api_key=abc&page=2", "https://h/p?api_key=[REDACTED]&page=2"},
		{"https://h/p?key=a&Token=b&password=c&client_secret=d&sig=e&signature=f&access_token=g&auth=h", "https://h/p?key=[REDACTED]&Token=[REDACTED]&password=[REDACTED]&client_secret=[REDACTED]&sig=e&signature=[REDACTED]&access_token=[REDACTED]&auth=[REDACTED]"},
		{"https://h/p?apiKey=a&apikey=b&x-api-key=c", "https://h/p?apiKey=[REDACTED]&apikey=[REDACTED]&x-api-key=[REDACTED]"},
		{"https://h/p?api%5Fkey=abc", "https://h/p?api%5Fkey=[REDACTED]"},
		{"https://h/p?token", "https://h/p?token=[REDACTED]"},
		{"https://user:pw@h/p", "https://h/p"},
		{"https://h/p#access_token=abc", "https://h/p"},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := redactURL(u); got != tt.want {
			t.Errorf("redactURL(%s) = %s\nwant                %s", tt.in, got, tt.want)
		}
		if u.String() != tt.in {
			t.Errorf("redactURL changed its argument: %s", u)
		}
	}
	if redactURL(nil) != "" {
		t.Error("redactURL(nil) should be empty")
	}
}

func TestRedactHeaders(t *testing.T) {
	t.Parallel()
	api := testAPI
	api.SecretHeaders = []string{"X-Vendor-Sig"}
	c, _ := newTestClient(t, nil, api, func(cfg *Config) { cfg.APIKey = NewSecret(sentinel) })
	in := http.Header{
		"Authorization": {"Bearer " + sentinel}, "Proxy-Authorization": {"x"}, "Cookie": {"a=b"}, "Set-Cookie": {"c=d"},
		"Apikey": {"x"}, "X-Api-Key": {"x"}, "Token": {"x"}, "X-Vendor-Sig": {"x"}, "X-Auth-Token": {"x"},
		"X-Session-Id": {"x"}, "Accept": {"application/json"}, "X-Echo": {"has " + sentinel + " inside"},
	}
	out := c.redactHeaders(c.keyMask, in)
	for k := range in {
		switch k {
		case "Accept":
			if out.Get(k) != "application/json" {
				t.Errorf("%s = %q, want it shown", k, out.Get(k))
			}
		case "X-Echo":
			if out.Get(k) != "has [REDACTED] inside" {
				t.Errorf("%s = %q, want the key masked inside", k, out.Get(k))
			}
		default:
			if out.Get(k) != "[REDACTED]" {
				t.Errorf("%s = %q, want [REDACTED]", k, out.Get(k))
			}
		}
	}
	if in.Get("Authorization") != "Bearer "+sentinel {
		t.Error("redactHeaders changed its argument")
	}
}
