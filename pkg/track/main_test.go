package track_test

import (
	"os"
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if any test leaves a goroutine behind: a
// Tracker must stop everything it started by the time Close returns. When
// started as the crash test's child process it runs that instead.
func TestMain(m *testing.M) {
	if cfg := os.Getenv(crashChildEnv); cfg != "" {
		os.Exit(runCrashChild(cfg))
	}
	goleak.VerifyTestMain(m)
}
