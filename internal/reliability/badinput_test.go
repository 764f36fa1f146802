package reliability

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"
	"testing"
)

// guarded runs f and turns a panic into an error that says so.
func guarded(f func() error) (err error, panicked bool) {
	defer func() {
		if r := recover(); r != nil {
			err, panicked = fmt.Errorf("panic: %v\n%s", r, debug.Stack()), true
		}
	}()
	return f(), false
}

// TestNilContextIsAnErrorBeforeAnyRequest: every method given a nil
// context returns an error that says so, sends nothing and does not panic.
func TestNilContextIsAnErrorBeforeAnyRequest(t *testing.T) {
	e := newEnv(t, setup{})
	for _, c := range catalogue() {
		m := marker()
		if c.prep != nil {
			c.prep(e, m)
		}
		before := e.requests(c.api)
		//lint:ignore SA1012 a nil context is the point of the test
		err, panicked := guarded(func() error { return c.do(nil, e, m) }) //nolint:staticcheck
		switch {
		case panicked:
			t.Errorf("%s %s panicked on a nil context: %v", c.api, c.name, err)
		case err == nil:
			t.Errorf("%s %s accepted a nil context", c.api, c.name)
		case !strings.Contains(err.Error(), "context"):
			t.Errorf("%s %s: error %q does not say the context is the problem", c.api, c.name, err)
		}
		if got := e.requests(c.api); got != before {
			t.Errorf("%s %s sent %d requests with a nil context", c.api, c.name, got-before)
		}
	}
}

var _ = context.Background
