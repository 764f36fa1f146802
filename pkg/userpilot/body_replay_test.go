package userpilot_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/userpilot"
	"github.com/cdpkit/cdpkit/pkg/userpilot/userpilottest"
)

// copyingTransport takes a copy of every request body through GetBody and
// reads it to the end before sending the request, as a request-signing
// transport does. net/http's contract says GetBody returns a new copy of
// the body; calling it must not disturb the body being sent.
type copyingTransport struct {
	copies  atomic.Int32
	mu      sync.Mutex
	digests [][32]byte
}

func (c *copyingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.GetBody != nil {
		copyBody, err := req.GetBody()
		if err != nil {
			return nil, err
		}
		h := sha256.New()
		_, err = io.Copy(h, copyBody)
		copyBody.Close()
		if err != nil {
			return nil, err
		}
		c.copies.Add(1)
		c.mu.Lock()
		c.digests = append(c.digests, [32]byte(h.Sum(nil)))
		c.mu.Unlock()
	}
	return http.DefaultTransport.RoundTrip(req)
}

// redirectOnce sits in front of the fake: the first bulk request gets a
// 307 to the same path on the same host (so credentials stay), as a load
// balancer moving traffic would; every forwarded body's digest is kept.
type redirectOnce struct {
	proxy      *httputil.ReverseProxy
	redirected atomic.Bool
	mu         sync.Mutex
	digests    [][32]byte
}

func (p *redirectOnce) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost && r.URL.Query().Get("moved") == "" && p.redirected.CompareAndSwap(false, true) {
		http.Redirect(w, r, r.URL.Path+"?moved=1", http.StatusTemporaryRedirect)
		return
	}
	if r.Method == http.MethodPost {
		data, _ := io.ReadAll(r.Body)
		p.mu.Lock()
		p.digests = append(p.digests, sha256.Sum256(data))
		p.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(data))
		r.ContentLength = int64(len(data))
	}
	p.proxy.ServeHTTP(w, r)
}

func TestBulkBodiesHonourGetBody(t *testing.T) {
	t.Parallel()
	for _, upload := range []bool{false, true} {
		t.Run(map[bool]string{false: "json", true: "ndjson upload"}[upload], func(t *testing.T) {
			t.Parallel()
			srv := userpilottest.NewServer(t, userpilottest.WithJobStepDelay(0))
			target, _ := url.Parse(srv.URL)
			front := &redirectOnce{proxy: httputil.NewSingleHostReverseProxy(target)}
			proxy := httptest.NewServer(front)
			defer proxy.Close()
			copying := &copyingTransport{}
			client, err := userpilot.NewClient(append([]option.RequestOption{
				option.WithBaseURL(proxy.URL), option.WithAPIKey(srv.APIKey),
				option.WithHTTPClient(&http.Client{Transport: copying}),
			}, fast()...)...)
			if err != nil {
				t.Fatal(err)
			}
			opts := []userpilot.BulkOption{userpilot.ChunkLimits(1500, 0)}
			if upload {
				opts = append(opts, userpilot.AsNDJSONUpload())
			}
			res, err := client.BulkIdentifyUsers(context.Background(), makeUsers(3000), opts...)
			if err != nil {
				t.Fatalf("bulk through a client that copies bodies and a 307: %v", err)
			}
			if _, err := client.Jobs.Wait(context.Background(), res.LastJob().JobID); err != nil {
				t.Fatal(err)
			}
			if n := len(srv.Users()); n != 3000 {
				t.Errorf("fake stored %d users, want 3000", n)
			}
			// Two requests, one of them redirected once: three bodies sent,
			// each copied first; the two that reached the fake are the same
			// bytes as their copies.
			if n := copying.copies.Load(); n != 3 {
				t.Errorf("%d body copies taken, want 3", n)
			}
			front.mu.Lock()
			defer front.mu.Unlock()
			copying.mu.Lock()
			defer copying.mu.Unlock()
			if len(front.digests) != 2 || front.digests[0] != copying.digests[1] || front.digests[1] != copying.digests[2] {
				t.Errorf("bodies received differ from the copies GetBody gave")
			}
		})
	}
}
