package usermost_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/usermost"
)

// cannedServer answers every request with status and body, and counts them.
func cannedServer(t *testing.T, status int, body string) (*usermost.Client, *atomic.Int64) {
	t.Helper()
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "srv-req-1")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	client, err := usermost.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey("k-test"), usermost.WithLicenseCode("lc"))
	if err != nil {
		t.Fatal(err)
	}
	return client, &requests
}

// calls are every client method that returns Usermost's envelope, with the
// operation it reports in errors.
func envelopeCalls(client *usermost.Client) map[string]func(context.Context) error {
	ev := usermost.Event{UserID: "u1", EventName: "Signed Up"}
	return map[string]func(context.Context) error{
		"upsertUser": func(ctx context.Context) error {
			_, err := client.UpsertUser(ctx, usermost.User{UserID: "u1"})
			return err
		},
		"trackEvent": func(ctx context.Context) error { _, err := client.TrackEvent(ctx, ev); return err },
		"trackEvents": func(ctx context.Context) error {
			_, err := client.TrackEvents(ctx, []usermost.Event{ev})
			return err
		},
		"trackEvents (SendBatch)": func(ctx context.Context) error {
			_, err := client.SendBatch(ctx, "0123456789abcdef", []usermost.Event{ev})
			return err
		},
	}
}

func TestErrorEnvelopeOnA2xxIsAnError(t *testing.T) {
	t.Parallel()
	for _, status := range []int{http.StatusOK, http.StatusCreated} {
		client, _ := cannedServer(t, status, `{"response":{"status":"error","message":"licence suspended","data":{}}}`)
		for name, call := range envelopeCalls(client) {
			err := call(context.Background())
			var apiErr *usermost.Error
			if !errors.As(err, &apiErr) {
				t.Fatalf("%s on %d: error = %v, want a *usermost.Error", name, status, err)
			}
			wantOp := name
			if name == "trackEvents (SendBatch)" {
				wantOp = "trackEvents"
			}
			if apiErr.StatusCode != status || apiErr.Code != usermost.CodeFailureReported ||
				apiErr.Message != "licence suspended" || apiErr.Operation != wantOp ||
				apiErr.API != "usermost" || apiErr.RequestID != "srv-req-1" || apiErr.Method != http.MethodPost {
				t.Errorf("%s on %d: error fields = %+v", name, status, apiErr)
			}
		}
	}
}

func TestSuccessWithoutAnEnvelopeIsAnError(t *testing.T) {
	t.Parallel()
	bodies := map[string]string{
		"empty body":                 ``,
		"null":                       `null`,
		"empty object":               `{}`,
		"null envelope":              `{"response":null}`,
		"envelope, no status":        `{"response":{"message":"ok"}}`,
		"blank status":               `{"response":{"status":"  "}}`,
		"status in upper case error": `{"response":{"status":"ERROR","message":"no"}}`,
		"not JSON":                   `<html>ok</html>`,
		"an array":                   `[{"status":"success"}]`,
		"envelope of a string":       `{"response":"success"}`,
	}
	for label, body := range bodies {
		client, _ := cannedServer(t, http.StatusOK, body)
		for name, call := range envelopeCalls(client) {
			err := call(context.Background())
			var apiErr *usermost.Error
			if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusOK || apiErr.Operation == "" {
				t.Errorf("%s, body %s: error = %v, want a *usermost.Error naming the operation and status 200", name, label, err)
			}
		}
	}
}

func TestOpenEnvelopeStatusesAreSuccesses(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"response":{"data":{},"message":"success","status":"success"}}`, // the vendor's example
		`{"response":{"status":"queued"}}`,
	} {
		client, _ := cannedServer(t, http.StatusCreated, body)
		for name, call := range envelopeCalls(client) {
			if err := call(context.Background()); err != nil {
				t.Errorf("%s with %s: %v", name, body, err)
			}
		}
	}
}

func TestTrackEventsHandsBackABatchTheEnvelopeRefused(t *testing.T) {
	t.Parallel()
	client, requests := cannedServer(t, http.StatusOK, `{"response":{"status":"error","message":"quota exceeded"}}`)
	events := makeEvents(usermost.MaxBatchSize + 3)
	res, err := client.TrackEvents(context.Background(), events)
	var batchErr *usermost.BatchError
	if !errors.As(err, &batchErr) {
		t.Fatalf("error = %v, want a *BatchError", err)
	}
	if res.Events != 0 || batchErr.Accepted != 0 || len(batchErr.Remaining) != len(events) {
		t.Errorf("accepted %d (result %d), remaining %d: want 0, 0 and all %d", batchErr.Accepted, res.Events, len(batchErr.Remaining), len(events))
	}
	if n := requests.Load(); n != 1 {
		t.Errorf("server saw %d requests, want 1: the first refused batch stops the call", n)
	}
}
