package fakes

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/cdpkit/cdpkit/internal/specvalidate"
)

// MustValidator builds the spec validator a fake wraps its handlers with.
// The document is embedded in the build, so failing to load it is a
// programming error and panics rather than returning an error.
func MustValidator(ctx context.Context, api string, opts specvalidate.Options) *specvalidate.Validator {
	v, err := specvalidate.New(ctx, api, opts)
	if err != nil {
		panic(err)
	}
	return v
}

// ReportProblems returns an OnResponseProblem hook that records each bad
// response with record and, when the fake belongs to a test (t != nil),
// fails that test too. pkg names the fake in the test failure.
func ReportProblems(pkg string, t testing.TB, record func(error)) func(*http.Request, error) {
	return func(r *http.Request, err error) {
		record(fmt.Errorf("%s %s: %w", r.Method, r.URL.Path, err))
		if t != nil {
			t.Errorf("%s: invalid response to %s %s: %v", pkg, r.Method, r.URL.Path, err)
		}
	}
}
