package faultproxy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// store is an upstream that keeps every request body it receives.
type store struct {
	mu     sync.Mutex
	bodies []string
	srv    *httptest.Server
}

func newStore(t *testing.T) *store {
	s := &store{}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.bodies = append(s.bodies, r.Method+" "+r.URL.RequestURI()+" "+string(b))
		n := len(s.bodies)
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Upstream", "yes")
		fmt.Fprintf(w, `{"stored":%d,"echo":%q}`, n, string(b))
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *store) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.bodies)
}

// plainClient follows redirects the way net/http does, with no retries, and
// lets go of its connections when the test ends.
func plainClient(t *testing.T) *http.Client {
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

func post(t *testing.T, c *http.Client, ctx context.Context, url, body string) (*http.Response, []byte, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer sentinel-key")
	req.Header.Set("X-Partner-Key", "sentinel-partner")
	resp, err := c.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}

func TestEachFaultIsCarriedOutAsDocumented(t *testing.T) {
	cases := []struct {
		fault Fault
		// check inspects the outcome; stored is how many bodies the
		// upstream holds afterwards.
		check  func(t *testing.T, resp *http.Response, body []byte, err error)
		stored int
	}{
		{Fault{Kind: Pass}, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err != nil || resp.StatusCode != 200 || resp.Header.Get("X-Upstream") != "yes" || !bytes.Contains(body, []byte(`"stored":1`)) {
				t.Errorf("pass: %v %v %s", err, resp, body)
			}
		}, 1},
		{Fault{Kind: Status, Status: 429, RetryAfter: "1e12"}, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err != nil || resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "1e12" || !bytes.Contains(body, []byte("faultproxy_429")) {
				t.Errorf("429: %v %v %s", err, resp, body)
			}
		}, 0},
		{Fault{Kind: Status}, func(t *testing.T, resp *http.Response, _ []byte, err error) {
			if err != nil || resp.StatusCode != 503 {
				t.Errorf("default status: %v %v", err, resp)
			}
		}, 0},
		{Fault{Kind: StatusAfterUpstream, Status: 502}, func(t *testing.T, resp *http.Response, _ []byte, err error) {
			if err != nil || resp.StatusCode != 502 {
				t.Errorf("502 after upstream: %v %v", err, resp)
			}
		}, 1},
		{Fault{Kind: ResetBeforeUpstream}, wantResetError, 0},
		{Fault{Kind: ResetAfterUpstream}, wantResetError, 1},
		{Fault{Kind: TruncatedBody}, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if !errors.Is(err, io.ErrUnexpectedEOF) || resp.StatusCode != 200 {
				t.Errorf("truncated: err = %v, want unexpected EOF after a 200", err)
			}
		}, 1},
		{Fault{Kind: SlowDrip}, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err != nil || !bytes.Contains(body, []byte(`"stored":1`)) {
				t.Errorf("drip: %v %s", err, body)
			}
		}, 1},
		{Fault{Kind: WrongContentType}, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err != nil || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || !bytes.Contains(body, []byte(`"stored":1`)) {
				t.Errorf("wrong type: %v %v %s", err, resp.Header, body)
			}
		}, 1},
		{Fault{Kind: GarbageJSON}, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err != nil || resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" || bytes.Contains(body, []byte("stored")) {
				t.Errorf("garbage: %v %v %s", err, resp, body)
			}
		}, 1},
		{Fault{Kind: NullJSON}, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err != nil || resp.StatusCode != 200 || string(body) != "null" {
				t.Errorf("null: %v %v %q", err, resp, body)
			}
		}, 1},
		{Fault{Kind: RedirectSameHost}, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err != nil || resp.StatusCode != 200 || !bytes.Contains(body, []byte(`"echo":"payload"`)) {
				t.Errorf("same-host redirect: a 307 keeps the body: %v %s", err, body)
			}
		}, 1},
		{Fault{Kind: RedirectPlainHTTP}, func(t *testing.T, _ *http.Response, _ []byte, err error) {
			if err == nil || !strings.Contains(err.Error(), "faultproxy.invalid") {
				t.Errorf("plain-http redirect: err = %v, want a failure to reach faultproxy.invalid", err)
			}
		}, 0},
		{Fault{Kind: RedirectLoop}, func(t *testing.T, _ *http.Response, _ []byte, err error) {
			if err == nil || !strings.Contains(err.Error(), "stopped after 10 redirects") {
				t.Errorf("loop: err = %v", err)
			}
		}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.fault.String(), func(t *testing.T) {
			up := newStore(t)
			p := Start(t, Config{Upstream: up.srv.URL, Script: []Fault{tc.fault}})
			resp, body, err := post(t, plainClient(t), context.Background(), p.URL()+"/v1/things?x=1", "payload")
			tc.check(t, resp, body, err)
			if got := up.count(); got != tc.stored {
				t.Errorf("upstream stored %d, want %d", got, tc.stored)
			}
			d := p.Decisions()
			if len(d) == 0 || d[0].Fault != tc.fault || d[0].Forwarded != tc.fault.Kind.forwards() || d[0].Path != "/v1/things" {
				t.Errorf("first decision = %+v", d)
			}
		})
	}
}

func wantResetError(t *testing.T, _ *http.Response, _ []byte, err error) {
	t.Helper()
	if err == nil || !(errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.EOF) || strings.Contains(err.Error(), "EOF")) {
		t.Errorf("reset: err = %v, want a connection reset or EOF", err)
	}
}

func TestCrossHostRedirectIsRecordedOnTheOtherHost(t *testing.T) {
	up := newStore(t)
	p := Start(t, Config{Upstream: up.srv.URL, Script: []Fault{{Kind: RedirectCrossHost}}})
	if strings.Split(p.ForeignURL(), ":")[1] == strings.Split(p.URL(), ":")[1] {
		t.Fatalf("the other host %s has the same name as %s", p.ForeignURL(), p.URL())
	}
	_, body, err := post(t, plainClient(t), context.Background(), p.URL()+"/v1/things", "payload")
	if err != nil || !bytes.Contains(body, []byte(`"stored":1`)) {
		t.Fatalf("followed redirect: %v %s", err, body)
	}
	got := p.Foreign()
	if len(got) != 1 || got[0].Path != hopPrefix+"/v1/things" || string(got[0].Body) != "payload" {
		t.Fatalf("foreign = %+v", got)
	}
	// net/http itself drops Authorization across hosts but keeps custom
	// credential headers: exactly what the SDK's own guard must handle.
	if got[0].Header.Get("Authorization") != "" || got[0].Header.Get("X-Partner-Key") != "sentinel-partner" {
		t.Errorf("foreign headers = %v", got[0].Header)
	}
	if p.Requests() != 2 {
		t.Errorf("requests = %d, want 2 (one per host)", p.Requests())
	}
}

func TestBlackHoleAndStallEndWhenTheClientGivesUp(t *testing.T) {
	for _, kind := range []Kind{BlackHole, StallAfterHeaders} {
		t.Run(string(kind), func(t *testing.T) {
			up := newStore(t)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			cfg := Config{Upstream: up.srv.URL, Script: []Fault{{Kind: kind}}}
			if kind == BlackHole {
				// The decision is taken before the proxy goes quiet.
				cfg.OnDecision = func(Decision) { cancel() }
			}
			p := Start(t, cfg)
			c := plainClient(t)
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, p.URL()+"/x", nil)
			resp, err := c.Do(req)
			if kind == StallAfterHeaders {
				if err != nil || resp.StatusCode != 200 {
					t.Fatalf("stall: headers should arrive: %v", err)
				}
				cancel()
				_, err = io.ReadAll(resp.Body)
				resp.Body.Close()
			}
			if !errors.Is(err, context.Canceled) {
				t.Errorf("err = %v, want context.Canceled", err)
			}
		})
	}
}

func TestCloseReleasesHeldRequests(t *testing.T) {
	up := newStore(t)
	held := make(chan struct{})
	p, err := New(Config{Upstream: up.srv.URL, Script: []Fault{{Kind: BlackHole}}, OnDecision: func(Decision) { close(held) }})
	if err != nil {
		t.Fatal(err)
	}
	c := plainClient(t)
	done := make(chan error, 1)
	go func() {
		_, _, err := post(t, c, context.Background(), p.URL()+"/x", "")
		done <- err
	}()
	<-held
	p.Close() // must not wait for the client, which never gives up
	if err := <-done; err == nil {
		t.Error("a black-holed request ended without an error when the proxy closed")
	}
}

func TestEndlessBodyNeverEnds(t *testing.T) {
	up := newStore(t)
	p := Start(t, Config{Upstream: up.srv.URL, Script: []Fault{{Kind: EndlessBody}}})
	req, _ := http.NewRequest(http.MethodGet, p.URL()+"/x", nil)
	resp, err := plainClient(t).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	const enough = 8 << 20
	n, err := io.Copy(io.Discard, io.LimitReader(resp.Body, enough))
	resp.Body.Close()
	if err != nil || n != enough {
		t.Errorf("read %d bytes (%v), want the body to go on past %d", n, err, enough)
	}
}

func TestDrawsAreSeededAndFollowTheRates(t *testing.T) {
	run := func(seed uint64) []Kind {
		up := newStore(t)
		p := Start(t, Config{Upstream: up.srv.URL, Seed: seed, Rates: []Weighted{
			{Fault{Kind: Status, Status: 500}, 0.3},
			{Fault{Kind: NullJSON}, 0.2},
		}})
		c := plainClient(t)
		for range 200 {
			if _, _, err := post(t, c, context.Background(), p.URL()+"/x", "b"); err != nil {
				t.Fatal(err)
			}
		}
		var kinds []Kind
		for _, d := range p.Decisions() {
			kinds = append(kinds, d.Fault.Kind)
		}
		if p.Injected() != p.Count(Status)+p.Count(NullJSON) || p.Count(Pass)+p.Injected() != 200 {
			t.Errorf("counts disagree: injected %d, status %d, null %d, pass %d", p.Injected(), p.Count(Status), p.Count(NullJSON), p.Count(Pass))
		}
		// 200 draws: each share lands well within ±0.1 of its rate.
		if s := p.Count(Status); s < 40 || s > 80 {
			t.Errorf("seed %d: %d of 200 got 500 at rate 0.3", seed, s)
		}
		if s := p.Count(NullJSON); s < 20 || s > 60 {
			t.Errorf("seed %d: %d of 200 got null at rate 0.2", seed, s)
		}
		return kinds
	}
	a, b, c := run(7), run(7), run(8)
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Error("the same seed gave different decisions")
	}
	if fmt.Sprint(a) == fmt.Sprint(c) {
		t.Error("different seeds gave the same 200 decisions")
	}
}

func TestScriptComesFirstAndMatchLimitsFaults(t *testing.T) {
	up := newStore(t)
	p := Start(t, Config{
		Upstream: up.srv.URL,
		Script:   []Fault{{Kind: Status, Status: 500}},
		Rates:    []Weighted{{Fault{Kind: NullJSON}, 1}},
		Match:    func(r *http.Request) bool { return r.Method == http.MethodPost },
	})
	c := plainClient(t)
	req, _ := http.NewRequest(http.MethodGet, p.URL()+"/read", nil)
	resp, err := c.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET should pass untouched: %v %v", err, resp)
	}
	resp.Body.Close()
	r1, _, _ := post(t, c, context.Background(), p.URL()+"/w", "1")
	_, b2, _ := post(t, c, context.Background(), p.URL()+"/w", "2")
	p.Push(Fault{Kind: Status, Status: 502}, Fault{Kind: Status, Status: 504})
	if n := p.DropScript(); n != 2 {
		t.Errorf("DropScript = %d, want 2", n)
	}
	p.Push(Fault{Kind: Status, Status: 502})
	r3, _, _ := post(t, c, context.Background(), p.URL()+"/w", "3")
	if r1.StatusCode != 500 || string(b2) != "null" || r3.StatusCode != 502 {
		t.Errorf("got %d, %q, %d; want the script's 500, a drawn null, the pushed 502", r1.StatusCode, b2, r3.StatusCode)
	}
}

func TestConfigIsChecked(t *testing.T) {
	for _, cfg := range []Config{
		{},
		{Upstream: "http://127.0.0.1:1", Rates: []Weighted{{Fault{Kind: NullJSON}, 0.7}, {Fault{Kind: GarbageJSON}, 0.4}}},
		{Upstream: "http://127.0.0.1:1", Rates: []Weighted{{Fault{Kind: NullJSON}, -0.1}}},
	} {
		if p, err := New(cfg); err == nil {
			p.Close()
			t.Errorf("New(%+v) accepted a bad config", cfg)
		}
	}
}

func TestCatalogueCoversEveryKind(t *testing.T) {
	seen := map[Kind]bool{}
	for _, f := range Catalogue() {
		seen[f.Kind] = true
	}
	for _, k := range []Kind{Status, StatusAfterUpstream, ResetBeforeUpstream, ResetAfterUpstream, BlackHole, StallAfterHeaders, SlowDrip,
		TruncatedBody, EndlessBody, WrongContentType, GarbageJSON, NullJSON, RedirectSameHost, RedirectCrossHost, RedirectPlainHTTP, RedirectLoop, EchoRequest} {
		if !seen[k] {
			t.Errorf("Catalogue lacks %s", k)
		}
	}
	if w := Evenly(0.5, Catalogue()...); len(w) != len(Catalogue()) || w[0].Rate*float64(len(w)) < 0.4999 {
		t.Errorf("Evenly = %v", w)
	}
}

// TestStallOfAnEmptyAnswerStillStalls: with no body to hold back, a stall
// would look complete and the client would reuse the held connection for
// its next request, which then hangs unseen.
func TestStallOfAnEmptyAnswerStillStalls(t *testing.T) {
	empty := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusAccepted) }))
	defer empty.Close()
	for _, kind := range []Kind{StallAfterHeaders, SlowDrip} {
		p := Start(t, Config{Upstream: empty.URL, Script: []Fault{{Kind: kind}}, DripInterval: time.Millisecond})
		c := plainClient(t)
		ctx, cancel := context.WithCancel(context.Background())
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, p.URL()+"/x", nil)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if resp.ContentLength <= 0 {
			t.Errorf("%s of an empty answer promises %d bytes: the client would take it as complete", kind, resp.ContentLength)
		}
		cancel()
		resp.Body.Close()
	}
}

func TestEchoReflectsTheRequestEveryWay(t *testing.T) {
	up := newStore(t)
	p := Start(t, Config{Upstream: up.srv.URL, Script: []Fault{{Kind: EchoRequest}}})
	resp, body, err := post(t, plainClient(t), context.Background(), p.URL()+"/v1/x?api_key=q-1", `{"password":"pw-1"}`)
	if err != nil || resp.StatusCode != 500 {
		t.Fatalf("echo: %v %v", err, resp)
	}
	for _, want := range []string{"Authorization: Bearer sentinel-key", "QmVhcmVyIHNlbnRpbmVsLWtleQ==", `\"password\":\"pw-1\"`,
		`"payload":{"password":"pw-1"}`, "api_key=q-1", "sentinel-partner"} {
		if !bytes.Contains(body, []byte(want)) {
			t.Errorf("echo lacks %s: %s", want, body)
		}
	}
	if resp.Header.Get("X-Request-Id") != "Bearer sentinel-key" || up.count() != 0 {
		t.Errorf("X-Request-Id = %q, upstream stored %d", resp.Header.Get("X-Request-Id"), up.count())
	}
}
