package track_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/track"
	"github.com/cdpkit/cdpkit/pkg/usermost"
)

// The crash test: a child process (this test binary, started again with
// crashChildEnv set) enqueues numbered events with a spill directory and is
// killed with SIGKILL once it has confirmed a random number of them; the
// next child starts on the same directory, replays, enqueues more and is
// killed in turn; a last Tracker in this process replays what is left.
// Every event a child confirmed must then be stored by the fake exactly
// once. The fake de-duplicates batches by their x-request-id, and counts
// the resends it absorbed that way.

const crashChildEnv = "CDPKIT_TRACK_CRASH_CHILD"

// crashChildConfig is what the parent hands the child, as JSON in the env.
type crashChildConfig struct {
	URL, APIKey, License, Dir string
	First, Count              int
	Durability                track.Durability
}

// runCrashChild enqueues cfg.Count events and reports each one Enqueue
// accepted on stdout, one number a line, written before the next Enqueue.
func runCrashChild(raw string) int {
	var cfg crashChildConfig
	if err := json.Unmarshal([]byte(raw), &cfg); err != nil {
		fmt.Fprintln(os.Stderr, "crash child:", err)
		return 2
	}
	client, err := usermost.NewClient(option.WithBaseURL(cfg.URL), option.WithAPIKey(cfg.APIKey), option.WithLicenseCode(cfg.License),
		option.WithMaxRetries(1), option.WithBackoff(time.Millisecond, 5*time.Millisecond))
	if err != nil {
		fmt.Fprintln(os.Stderr, "crash child:", err)
		return 2
	}
	tr, err := track.New(track.UsermostSink(client), track.WithSpillDir(cfg.Dir), track.WithDurability(cfg.Durability),
		track.WithFlushInterval(20*time.Millisecond), track.WithMaxRetries(50), track.WithBackoff(time.Millisecond, 20*time.Millisecond))
	if err != nil {
		fmt.Fprintln(os.Stderr, "crash child:", err)
		return 2
	}
	for n := cfg.First; n < cfg.First+cfg.Count; n++ {
		if err := tr.Enqueue(context.Background(), crashEvent(n)); err != nil {
			fmt.Fprintln(os.Stderr, "crash child: enqueue:", err)
			return 2
		}
		if _, err := os.Stdout.WriteString(strconv.Itoa(n) + "\n"); err != nil {
			return 2
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_ = tr.Close(ctx) // undelivered messages stay in the spill dir for the next start
	return 0
}

func crashEvent(n int) track.Message {
	return track.Message{Type: track.TypeTrack, UserID: "crash", Event: "Tick", Properties: map[string]any{"n": n}}
}
