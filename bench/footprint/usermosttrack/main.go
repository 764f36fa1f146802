// Command usermosttrack sends one event through a Tracker with the
// Usermost sink.
package main

import (
	"context"
	"os"

	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/track"
	"github.com/cdpkit/cdpkit/pkg/usermost"
)

func main() {
	client, err := usermost.NewClient(option.WithBaseURL(os.Args[1]))
	if err != nil {
		panic(err)
	}
	tr, err := track.New(track.UsermostSink(client))
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	if err := tr.Enqueue(ctx, track.Message{Type: track.TypeTrack, UserID: "u-42", Event: "Signed Up"}); err != nil {
		panic(err)
	}
	if err := tr.Close(ctx); err != nil {
		panic(err)
	}
}
