package faultproxy

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Config sets up a Proxy.
type Config struct {
	// Upstream is the base URL of the server behind the proxy, e.g. a
	// fake's srv.URL. Required.
	Upstream string
	// Seed makes the random draws repeatable: the same seed and the same
	// order of requests give the same decisions.
	Seed uint64
	// Rates are the faults drawn at random, each for its share of the
	// requests; the shares should add up to at most 1, the rest pass.
	Rates []Weighted
	// Script is answered first, one fault per request in order, before any
	// random draw. Proxy.Push adds to it later.
	Script []Fault
	// Match, when set, limits faults (scripted and drawn) to the requests
	// it accepts; the others pass without using up the script.
	Match func(*http.Request) bool
	// DripInterval is the pause between the bytes of a SlowDrip answer;
	// zero means 2ms.
	DripInterval time.Duration
	// OnDecision, when set, is called with each decision before the proxy
	// carries it out, so a test can act at a known point (e.g. cancel its
	// context once a black hole has the request). It must not block.
	OnDecision func(Decision)
}

// Decision records how one request was answered.
type Decision struct {
	// Seq numbers the proxy's requests from 1, in order of arrival.
	Seq int
	// Method and Path identify the request (the path as the client sent it).
	Method, Path string
	// Fault is what the proxy did.
	Fault Fault
	// Hop is true for a request that followed one of the proxy's own
	// redirects: it is passed (or, for a loop, redirected again), not drawn.
	Hop bool
	// Forwarded is true once the upstream answered the request, which means
	// it may have stored a write.
	Forwarded bool
	// UpstreamStatus is the status the upstream answered, when Forwarded.
	UpstreamStatus int
}

// Captured is a request that reached the proxy's other host.
type Captured struct {
	Method, Path string
	Header       http.Header
	Body         []byte
}

// Proxy is a running fault-injecting proxy. Its methods are safe for
// concurrent use.
type Proxy struct {
	cfg      Config
	upstream string
	primary  *httptest.Server
	foreign  *httptest.Server
	client   *http.Client

	// ctx ends when the proxy closes; forwards and stalls stop with it.
	ctx    context.Context
	cancel context.CancelFunc

	mu        sync.Mutex
	rng       *rand.Rand
	script    []Fault
	decisions []Decision
	captured  []Captured
	requests  int
}

const (
	// hopPrefix marks the target of a same-host or cross-host redirect.
	hopPrefix = "/_faultproxy/hop"
	// loopPrefix marks a URL that redirects to itself.
	loopPrefix = "/_faultproxy/loop"
	// maxBody bounds what the proxy buffers of a request or an upstream
	// answer.
	maxBody = 64 << 20
)

// New starts a proxy in front of cfg.Upstream. Close it when done.
func New(cfg Config) (*Proxy, error) {
	if cfg.Upstream == "" {
		return nil, errors.New("faultproxy: Config.Upstream is empty: pass the base URL of the server to put behind the proxy")
	}
	total := 0.0
	for _, w := range cfg.Rates {
		if w.Rate < 0 {
			return nil, fmt.Errorf("faultproxy: rate %v for %s is negative", w.Rate, w.Fault)
		}
		total += w.Rate
	}
	if total > 1+1e-9 {
		return nil, fmt.Errorf("faultproxy: rates add up to %v: they must add up to at most 1", total)
	}
	if cfg.DripInterval <= 0 {
		cfg.DripInterval = 2 * time.Millisecond
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := &Proxy{
		cfg:      cfg,
		upstream: strings.TrimSuffix(cfg.Upstream, "/"),
		ctx:      ctx,
		cancel:   cancel,
		rng:      rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x5851f42d4c957f2d)),
		script:   append([]Fault(nil), cfg.Script...),
		client: &http.Client{
			Transport: &http.Transport{MaxIdleConnsPerHost: 16},
			// The client behind the proxy sees the upstream's redirects.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
	p.primary = httptest.NewServer(http.HandlerFunc(p.servePrimary))
	foreign, err := foreignServer(http.HandlerFunc(p.serveForeign))
	if err != nil {
		p.primary.Close()
		cancel()
		return nil, err
	}
	p.foreign = foreign
	return p, nil
}

// Start is New for tests: it fails t on error and closes the proxy when the
// test ends.
func Start(t testing.TB, cfg Config) *Proxy {
	t.Helper()
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return p
}

// foreignServer listens on a loopback address other than the primary's, so
// that a redirect to it changes the host name and not only the port:
// net/http strips credentials by host name.
func foreignServer(h http.Handler) (*httptest.Server, error) {
	srv := httptest.NewUnstartedServer(h)
	if l, err := net.Listen("tcp", "127.0.0.2:0"); err == nil {
		_ = srv.Listener.Close()
		srv.Listener = l
		srv.Start()
		return srv, nil
	}
	srv.Start()
	// 127.0.0.2 is not bindable here (e.g. macOS): use the other name of
	// this machine instead.
	srv.URL = strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
	return srv, nil
}

// URL is the proxy's base URL, to give a client instead of the upstream's.
func (p *Proxy) URL() string { return p.primary.URL }

// ForeignURL is the base URL of the other host that cross-host redirects
// point to.
func (p *Proxy) ForeignURL() string { return p.foreign.URL }

// Push appends faults to the script.
func (p *Proxy) Push(faults ...Fault) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.script = append(p.script, faults...)
}

// DropScript discards the faults still waiting in the script and returns
// how many there were: a test that scripted a fault for a call the client
// gave up on before sending clears it, so it cannot hit the next call.
func (p *Proxy) DropScript() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := len(p.script)
	p.script = nil
	return n
}

// Decisions returns a copy of every decision so far, in order.
func (p *Proxy) Decisions() []Decision {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Decision(nil), p.decisions...)
}

// Count returns how many requests were answered with kind (hops excluded).
func (p *Proxy) Count(kind Kind) int {
	n := 0
	for _, d := range p.Decisions() {
		if d.Fault.Kind == kind && !d.Hop {
			n++
		}
	}
	return n
}

// Injected returns how many requests got a fault (anything but Pass; hops
// excluded).
func (p *Proxy) Injected() int {
	n := 0
	for _, d := range p.Decisions() {
		if d.Fault.Kind != Pass && !d.Hop {
			n++
		}
	}
	return n
}

// Requests is the number of requests the proxy received on both hosts.
func (p *Proxy) Requests() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.requests
}

// Foreign returns copies of the requests that reached the other host.
func (p *Proxy) Foreign() []Captured {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]Captured, len(p.captured))
	for i, c := range p.captured {
		out[i] = Captured{Method: c.Method, Path: c.Path, Header: c.Header.Clone(), Body: append([]byte(nil), c.Body...)}
	}
	return out
}

// Close stops the proxy: stalled and black-holed requests end, and Close
// returns once every handler has.
func (p *Proxy) Close() {
	p.cancel()
	p.primary.Close()
	p.foreign.Close()
	p.client.CloseIdleConnections()
}

// decide takes the next scripted fault, or draws one.
func (p *Proxy) decide(r *http.Request) Fault {
	if p.cfg.Match != nil && !p.cfg.Match(r) {
		return Fault{Kind: Pass}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.script) > 0 {
		f := p.script[0]
		p.script = p.script[1:]
		return f
	}
	if len(p.cfg.Rates) == 0 {
		return Fault{Kind: Pass}
	}
	u := p.rng.Float64()
	for _, w := range p.cfg.Rates {
		if u < w.Rate {
			return w.Fault
		}
		u -= w.Rate
	}
	return Fault{Kind: Pass}
}

// record stores a decision and returns its index.
func (p *Proxy) record(d Decision) int {
	p.mu.Lock()
	p.requests++
	d.Seq = p.requests
	p.decisions = append(p.decisions, d)
	i := len(p.decisions) - 1
	p.mu.Unlock()
	if p.cfg.OnDecision != nil {
		p.cfg.OnDecision(d)
	}
	return i
}

func (p *Proxy) forwarded(i, status int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.decisions[i].Forwarded = true
	p.decisions[i].UpstreamStatus = status
}
