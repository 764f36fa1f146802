package userpilot_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/userpilot"
)

// scriptedAPI stores every body it is sent and answers the n-th request
// with answers[n] (the last repeats): a status, or 0 to drop the
// connection without an answer after storing.
type scriptedAPI struct {
	answers  []int
	requests atomic.Int32
	stored   atomic.Int32
}

func (s *scriptedAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := int(s.requests.Add(1)) - 1
	_, _ = io.Copy(io.Discard, r.Body)
	status := s.answers[min(n, len(s.answers)-1)]
	if status == 0 || status < 300 || status == http.StatusInternalServerError {
		s.stored.Add(1) // processed, whatever the client hears
	}
	if status == 0 {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			_ = conn.Close()
		}
		return
	}
	w.WriteHeader(status)
}

// refuseFirst fails its first request the way a refused dial does, before
// any byte leaves, and sends the rest.
type refuseFirst struct{ calls atomic.Int32 }

func (d *refuseFirst) Do(req *http.Request) (*http.Response, error) {
	if d.calls.Add(1) == 1 {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	}
	return http.DefaultClient.Do(req)
}

func TestTrackIsRetriedOnlyWhenTheEventCannotHaveBeenStored(t *testing.T) {
	t.Parallel()
	event := userpilot.Event{UserID: "u1", EventName: "clicked"}
	tests := []struct {
		name         string
		answers      []int
		refuse       bool
		wantRequests int32
		wantStored   int32
		wantErr      bool
	}{
		{"answer lost after storing", []int{0, 202}, false, 1, 1, true},
		{"500 after storing", []int{500, 202}, false, 1, 1, true},
		{"502", []int{502, 202}, false, 1, 0, true},
		{"429 refuses before storing", []int{429, 202}, false, 2, 1, false},
		{"503 refuses before storing", []int{503, 202}, false, 2, 1, false},
		{"connection refused", []int{202}, true, 1, 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			api := &scriptedAPI{answers: tt.answers}
			srv := httptest.NewServer(api)
			defer srv.Close()
			opts := append([]option.RequestOption{option.WithBaseURL(srv.URL), option.WithAPIKey("track-test-key")}, fast()...)
			refuser := &refuseFirst{}
			if tt.refuse {
				opts = append(opts, option.WithHTTPClient(refuser))
			}
			client, err := userpilot.NewClient(opts...)
			if err != nil {
				t.Fatal(err)
			}
			err = client.Track(context.Background(), event)
			if (err != nil) != tt.wantErr {
				t.Errorf("Track = %v, want error %v", err, tt.wantErr)
			}
			if n := api.requests.Load(); n != tt.wantRequests {
				t.Errorf("server saw %d requests, want %d", n, tt.wantRequests)
			}
			if n := api.stored.Load(); n != tt.wantStored {
				t.Errorf("event stored %d times, want %d", n, tt.wantStored)
			}
			if tt.refuse && refuser.calls.Load() != 2 {
				t.Errorf("%d attempts, want the refused one and a retry", refuser.calls.Load())
			}
		})
	}
}

// Identify is an upsert: storing it twice changes nothing, so it is
// retried where Track is not.
func TestIdentifyIsRetriedAfterA500(t *testing.T) {
	t.Parallel()
	api := &scriptedAPI{answers: []int{500, 202}}
	srv := httptest.NewServer(api)
	defer srv.Close()
	client, err := userpilot.NewClient(append([]option.RequestOption{option.WithBaseURL(srv.URL), option.WithAPIKey("track-test-key")}, fast()...)...)
	if err != nil {
		t.Fatal(err)
	}
	if err := client.Identify(context.Background(), userpilot.User{UserID: "u1"}); err != nil {
		t.Fatal(err)
	}
	if n := api.requests.Load(); n != 2 {
		t.Errorf("server saw %d requests, want 2", n)
	}
}
