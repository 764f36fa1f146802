package track_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/track"
	"github.com/cdpkit/cdpkit/pkg/usermost"
	"github.com/cdpkit/cdpkit/pkg/usermost/usermosttest"
)

// Events are enqueued without waiting for the network; Close delivers what
// is left and reports anything that could not be.
func Example() {
	srv := usermosttest.New()
	defer srv.Close()
	client, _ := usermost.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey(srv.APIKey), option.WithLicenseCode(srv.LicenseCode))

	tr, err := track.New(track.UsermostSink(client), track.WithFlushInterval(time.Second))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	_ = tr.Enqueue(ctx, track.Message{Type: track.TypeIdentify, UserID: "ada", Properties: map[string]any{"firstName": "Ada"}})
	for page := range 30 {
		_ = tr.Enqueue(ctx, track.Message{Type: track.TypeTrack, UserID: "ada", Event: "Page Viewed", Properties: map[string]any{"page": page}})
	}

	closeCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := tr.Close(closeCtx); err != nil {
		fmt.Println("not delivered:", err)
	}
	st := tr.Stats()
	fmt.Printf("sent %d messages in %d batches, dropped %d\n", st.Sent, st.Batches, st.Dropped)
	fmt.Println("events stored:", len(srv.EventsFor("ada")))
	// Output:
	// sent 31 messages in 2 batches, dropped 0
	// events stored: 30
}

// With a spill directory, every accepted message is in a write-ahead log
// before Enqueue returns; DurableSync also syncs it to disk. A Tracker
// started again on the same directory after a crash delivers what the
// crashed one still owed.
func ExampleWithDurability() {
	srv := usermosttest.New()
	defer srv.Close()
	client, _ := usermost.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey(srv.APIKey), option.WithLicenseCode(srv.LicenseCode))
	dir, _ := os.MkdirTemp("", "events")
	defer os.RemoveAll(dir)

	tr, err := track.New(track.UsermostSink(client), track.WithSpillDir(dir), track.WithDurability(track.DurableSync))
	if err != nil {
		fmt.Println(err)
		return
	}
	for n := range 3 {
		_ = tr.Enqueue(context.Background(), track.Message{Type: track.TypeTrack, UserID: "ada", Event: "Saved", Properties: map[string]any{"n": n}})
	}
	if err := tr.Close(context.Background()); err != nil {
		fmt.Println("not delivered:", err)
	}
	fmt.Println("events stored:", len(srv.EventsFor("ada")))
	// Output:
	// events stored: 3
}
