package reliability

import (
	"bytes"
	"log/slog"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit/pkg/activeprospect"
	"github.com/cdpkit/cdpkit/pkg/activeprospect/activeprospecttest"
	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/userlot"
	"github.com/cdpkit/cdpkit/pkg/userlot/userlottest"
	"github.com/cdpkit/cdpkit/pkg/usermost"
	"github.com/cdpkit/cdpkit/pkg/usermost/usermosttest"
	"github.com/cdpkit/cdpkit/pkg/userpilot"
	"github.com/cdpkit/cdpkit/pkg/userpilot/userpilottest"
)

// The four APIs, as named in the catalogue.
const (
	apiUsermost       = "usermost"
	apiUserpilot      = "userpilot"
	apiUserlot        = "userlot"
	apiActiveProspect = "activeprospect"
)

var apis = []string{apiUsermost, apiUserpilot, apiUserlot, apiActiveProspect}

// env is the four clients, each pointed at its fake (directly or through
// whatever front the test put there).
type env struct {
	usermost       *usermost.Client
	userpilot      *userpilot.Client
	userlot        *userlot.Client
	activeprospect *activeprospect.Client

	umFake *usermosttest.Server
	upFake *userpilottest.Server
	ulFake *userlottest.Server
	apFake *activeprospecttest.Server

	logs *syncBuffer
	// conns is the clients' connection pool, so a test can close it and
	// then look for leaked goroutines.
	conns *http.Transport
}

// setup says how to build the env.
type setup struct {
	// front turns a fake's URL into the URL the client uses (e.g. a
	// faultproxy in front of it); nil means the fake itself.
	front func(api, fakeURL string) string
	// opts are added to every client's options.
	opts []option.RequestOption
	// key, when set, is the key of every fake and client (a sentinel).
	key string
	// keys, when set, replace the key each client is given (a wrong key).
	keys map[string]string
}

// newEnv starts the four fakes and builds the four clients, logging at
// Debug into env.logs.
func newEnv(t testing.TB, s setup) *env {
	t.Helper()
	e := &env{logs: &syncBuffer{}, conns: &http.Transport{}}
	t.Cleanup(e.conns.CloseIdleConnections)
	front := s.front
	if front == nil {
		front = func(_, u string) string { return u }
	}
	if s.key != "" {
		e.umFake = usermosttest.NewServer(t, usermosttest.WithAPIKey(s.key))
		e.upFake = userpilottest.NewServer(t, userpilottest.WithAPIKey(s.key))
		e.ulFake = userlottest.NewServer(t, userlottest.WithAPIKey(s.key))
		e.apFake = activeprospecttest.NewServer(t, activeprospecttest.WithAPIKey(s.key))
	} else {
		e.umFake = usermosttest.NewServer(t)
		e.upFake = userpilottest.NewServer(t)
		e.ulFake = userlottest.NewServer(t)
		e.apFake = activeprospecttest.NewServer(t)
	}
	// Every level, both of slog's handlers.
	level := &slog.HandlerOptions{Level: slog.LevelDebug}
	logger := slog.New(slog.NewMultiHandler(slog.NewJSONHandler(e.logs, level), slog.NewTextHandler(e.logs, level)))
	common := func(api, url, key string) []option.RequestOption {
		if k, ok := s.keys[api]; ok {
			key = k
		}
		o := []option.RequestOption{
			option.WithBaseURL(front(api, url)), option.WithAPIKey(key), option.WithLogger(logger),
			option.WithHTTPClient(&http.Client{Transport: e.conns}),
			option.WithBackoff(time.Millisecond, 4*time.Millisecond), option.WithMaxRetryAfter(50 * time.Millisecond), option.WithMaxResponseBytes(1 << 20),
		}
		return append(o, s.opts...)
	}
	var err error
	if e.usermost, err = usermost.NewClient(append(common(apiUsermost, e.umFake.URL, e.umFake.APIKey), usermost.WithLicenseCode(e.umFake.LicenseCode))...); err != nil {
		t.Fatal(err)
	}
	upOpts := append(common(apiUserpilot, e.upFake.URL, e.upFake.APIKey),
		userpilot.WithPolling(time.Millisecond, 5*time.Millisecond),
		userpilot.WithRateLimits(userpilot.RateLimits{RealTimePerMinute: -1, DeleteEvery: -1}))
	if e.userpilot, err = userpilot.NewClient(upOpts...); err != nil {
		t.Fatal(err)
	}
	if e.userlot, err = userlot.NewClient(common(apiUserlot, e.ulFake.URL, e.ulFake.APIKey)...); err != nil {
		t.Fatal(err)
	}
	if e.activeprospect, err = activeprospect.NewClient(common(apiActiveProspect, e.apFake.URL, e.apFake.APIKey)...); err != nil {
		t.Fatal(err)
	}
	return e
}

// requests is how many requests the fake of api has received.
func (e *env) requests(api string) int {
	switch api {
	case apiUsermost:
		return e.umFake.Stats().Requests
	case apiUserpilot:
		return e.upFake.Stats().Requests
	case apiUserlot:
		return e.ulFake.Stats().Requests
	}
	return e.apFake.Stats().Requests
}

// syncBuffer is a bytes.Buffer safe for a logger used by many goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// closeIdle lets go of the clients' idle connections.
func closeIdle(e *env) { e.conns.CloseIdleConnections() }
