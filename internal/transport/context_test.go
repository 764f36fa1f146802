package transport

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestCheckContext(t *testing.T) {
	t.Parallel()
	if err := CheckContext(context.Background(), "x", "Client.Y"); err != nil {
		t.Errorf("a real context refused: %v", err)
	}
	//lint:ignore SA1012 the nil context is the point
	err := CheckContext(nil, "usermost", "Client.TrackEvent") //nolint:staticcheck
	if err == nil || !strings.Contains(err.Error(), "usermost: Client.TrackEvent: the context is nil") {
		t.Errorf("err = %v", err)
	}
	// The context helpers pass a nil context through instead of panicking.
	//lint:ignore SA1012 the nil context is the point
	if WithoutRetries(nil) != nil || WithSecrets(nil, "s") != nil || Streaming(nil) != nil { //nolint:staticcheck
		t.Error("a helper turned a nil context into a real one")
	}
}

func TestFailedYieldsTheErrorOnce(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	n := 0
	for v, err := range Failed[int](boom) {
		n++
		if v != 0 || !errors.Is(err, boom) {
			t.Errorf("got %d, %v", v, err)
		}
	}
	if n != 1 {
		t.Errorf("yielded %d times", n)
	}
	for range Failed[string](boom) {
		break // stopping early must not panic
	}
}
