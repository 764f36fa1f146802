package track_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/track"
	"github.com/cdpkit/cdpkit/pkg/usermost"
	"github.com/cdpkit/cdpkit/pkg/usermost/usermosttest"
)

// usermostClient points a client with fast retries at srv.
func usermostClient(t testing.TB, srv *usermosttest.Server, url string) *usermost.Client {
	t.Helper()
	c, err := usermost.NewClient(
		option.WithBaseURL(url),
		option.WithAPIKey(srv.APIKey),
		option.WithLicenseCode(srv.LicenseCode),
		option.WithBackoff(time.Millisecond, 10*time.Millisecond),
		option.WithMaxRetries(2),
	)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// recordingSink keeps what it is sent and can be told to fail or to hang.
type recordingSink struct {
	mu       sync.Mutex
	batches  []track.Batch
	failWith error
	gate     chan struct{} // when non-nil, Send waits for it (or ctx)
	limits   track.Limits
}

func (s *recordingSink) Name() string         { return "recording" }
func (s *recordingSink) Limits() track.Limits { return s.limits }

func (s *recordingSink) Send(ctx context.Context, b track.Batch) error {
	if s.gate != nil {
		select {
		case <-s.gate:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failWith != nil {
		return s.failWith
	}
	s.batches = append(s.batches, b)
	return nil
}

func (s *recordingSink) messages() []track.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []track.Message
	for _, b := range s.batches {
		out = append(out, b.Messages...)
	}
	return out
}

func (s *recordingSink) batchSizes() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []int
	for _, b := range s.batches {
		out = append(out, len(b.Messages))
	}
	return out
}

func event(user string, n int) track.Message {
	return track.Message{Type: track.TypeTrack, UserID: user, Event: "Page Viewed", Properties: map[string]any{"n": n}}
}

func closeOK(t *testing.T, tr *track.Tracker) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := tr.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}
}

func undelivered(t *testing.T, err error) *track.UndeliveredError {
	t.Helper()
	var u *track.UndeliveredError
	if !errors.As(err, &u) {
		t.Fatalf("error = %v, want *track.UndeliveredError", err)
	}
	return u
}

func listenLoopback(t testing.TB) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}

func (s *recordingSink) batchIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, b := range s.batches {
		out = append(out, b.ID)
	}
	return out
}

func newTextLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
