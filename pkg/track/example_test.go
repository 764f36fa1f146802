package track_test

import (
	"context"
	"fmt"
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
