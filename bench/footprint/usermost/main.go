// Command usermost sends one event with pkg/usermost.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/usermost"
)

func main() {
	client, err := usermost.NewClient(option.WithBaseURL(os.Args[1]))
	if err != nil {
		panic(err)
	}
	res, err := client.TrackEvent(context.Background(), usermost.Event{UserID: "u-42", EventName: "Signed Up"})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Status)
}
