package track_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if any test leaves a goroutine behind: a
// Tracker must stop everything it started by the time Close returns.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
