// Command posthog sends one event with posthog-go.
package main

import (
	"os"

	"github.com/posthog/posthog-go"
)

func main() {
	client, err := posthog.NewWithConfig(os.Getenv("POSTHOG_API_KEY"), posthog.Config{Endpoint: os.Args[1]})
	if err != nil {
		panic(err)
	}
	if err := client.Enqueue(posthog.Capture{DistinctId: "u-42", Event: "Signed Up"}); err != nil {
		panic(err)
	}
	if err := client.Close(); err != nil {
		panic(err)
	}
}
