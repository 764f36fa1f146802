package conformance

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// Request is one HTTP request as a client sent it: the method, the full
// URL, the headers and every byte of the body.
type Request struct {
	Method string
	URL    *url.URL
	Header http.Header
	Body   []byte
}

// HTTP returns a fresh *http.Request carrying r, for validators that read
// and consume the body.
func (r *Request) HTTP(ctx context.Context) *http.Request {
	req, _ := http.NewRequestWithContext(ctx, r.Method, r.URL.String(), bytes.NewReader(r.Body))
	req.Header = r.Header.Clone()
	req.ContentLength = int64(len(r.Body))
	return req
}

// Recorder is an http.RoundTripper that keeps a copy of every request it
// forwards to Next (http.DefaultTransport when nil). The body is copied as
// the real transport reads it, so streamed uploads stay streamed; a request
// counts once its body has been read to the end or the round trip is over.
type Recorder struct {
	Next http.RoundTripper

	mu      sync.Mutex
	reqs    []*Request
	pending []*teeBody
}

// RoundTrip implements http.RoundTripper.
func (rec *Recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	next := rec.Next
	if next == nil {
		next = http.DefaultTransport
	}
	r := &Request{Method: req.Method, URL: cloneURL(req.URL), Header: req.Header.Clone()}
	out := req
	if req.Body != nil && req.Body != http.NoBody {
		// The transport may go on reading (and close) the body after
		// RoundTrip returns; the copy is complete once it is closed.
		tee := &teeBody{rc: req.Body, req: r, closed: make(chan struct{})}
		out = req.Clone(req.Context())
		out.Body = tee
		rec.mu.Lock()
		rec.pending = append(rec.pending, tee)
		rec.mu.Unlock()
	}
	rec.mu.Lock()
	rec.reqs = append(rec.reqs, r)
	rec.mu.Unlock()
	return next.RoundTrip(out)
}

// Take returns the requests recorded so far, oldest first, and forgets them.
// It first waits (up to a few seconds, should a transport never close a
// body) until the transport has closed every request body it was given.
func (rec *Recorder) Take() []*Request {
	rec.mu.Lock()
	pending := rec.pending
	rec.pending = nil
	rec.mu.Unlock()
	give := time.NewTimer(5 * time.Second)
	defer give.Stop()
	for _, t := range pending {
		select {
		case <-t.closed:
		case <-give.C:
		}
		t.mu.Lock()
		t.req.Body = bytes.Clone(t.buf.Bytes())
		t.mu.Unlock()
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	out := rec.reqs
	rec.reqs = nil
	return out
}

// Client returns an *http.Client that sends through rec and does not
// follow redirects, so every request a client makes is seen as it was made.
func (rec *Recorder) Client() *http.Client {
	return &http.Client{Transport: rec, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// teeBody copies what the transport reads of a request body.
type teeBody struct {
	rc     io.ReadCloser
	req    *Request
	closed chan struct{}
	once   sync.Once

	mu  sync.Mutex
	buf bytes.Buffer
}

func (t *teeBody) Read(p []byte) (int, error) {
	n, err := t.rc.Read(p)
	t.mu.Lock()
	t.buf.Write(p[:n])
	t.mu.Unlock()
	return n, err
}

func (t *teeBody) Close() error {
	err := t.rc.Close()
	t.once.Do(func() { close(t.closed) })
	return err
}

func cloneURL(u *url.URL) *url.URL {
	c := *u
	if u.User != nil {
		user := *u.User
		c.User = &user
	}
	return &c
}
