package transport

import (
	"context"
	"fmt"
	"iter"
)

// CheckContext reports a nil ctx as an error naming the API and method, so
// that an exported method can refuse it before anything else: net/http and
// every context helper panic on a nil context instead.
//
//	if err := transport.CheckContext(ctx, "usermost", "Client.TrackEvent"); err != nil {
//		return nil, err
//	}
func CheckContext(ctx context.Context, api, method string) error {
	if ctx != nil {
		return nil
	}
	return fmt.Errorf("%s: %s: the context is nil: pass context.Background() or the context of the work this call belongs to", api, method)
}

// Failed is a sequence that yields err once, for methods that return an
// iter.Seq2 and meet an error before the first page.
func Failed[T any](err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		yield(zero, err)
	}
}
