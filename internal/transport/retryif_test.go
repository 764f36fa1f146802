package transport

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"
)

func TestNotProcessedTellsRefusalsFromLostAnswers(t *testing.T) {
	t.Parallel()
	dial := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	read := &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset by peer")}
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"refused dial", &ConnError{Err: dial}, true},
		{"dns", &ConnError{Err: &net.DNSError{Err: "no such host", Name: "x"}}, true},
		{"429", &Error{StatusCode: 429}, true},
		{"503", &Error{StatusCode: 503}, true},
		{"500", &Error{StatusCode: 500}, false},
		{"502", &Error{StatusCode: 502}, false},
		{"reset after sending", &ConnError{Err: read}, false},
		{"timeout", &ConnError{Err: context.DeadlineExceeded}, false},
		{"wrapped 429", fmt.Errorf("x: %w", &Error{StatusCode: 429}), true},
	}
	for _, tt := range tests {
		if got := NotProcessed(tt.err); got != tt.want {
			t.Errorf("%s: NotProcessed = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestRetryOnlyIfKeepsOtherFailuresToOneAttempt(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		status, wantAttempts int
	}{{500, 1}, {502, 1}, {429, 3}, {503, 3}} {
		srv, h := serve(t, tt.status)
		c, _ := newTestClient(t, srv, testAPI, nil)
		resp, err := get(t, c, RetryOnlyIf(context.Background(), NotProcessed), "/x")
		closeBody(resp)
		if err == nil || int(h.calls.Load()) != tt.wantAttempts {
			t.Errorf("%d: %d attempts (err %v), want %d", tt.status, h.calls.Load(), err, tt.wantAttempts)
		}
	}
}
