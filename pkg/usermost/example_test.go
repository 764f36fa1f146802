package usermost_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/cdpkit/cdpkit"

	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/usermost"
	"github.com/cdpkit/cdpkit/pkg/usermost/usermosttest"
)

// The in-memory fake stands in for api.usermost.com; with real credentials in
// USERMOST_API_KEY and USERMOST_LICENSE_CODE, usermost.NewClient() alone
// talks to the real service.
func Example() {
	srv := usermosttest.New()
	defer srv.Close()

	client, err := usermost.NewClient(
		option.WithBaseURL(srv.URL),
		option.WithAPIKey(srv.APIKey),
		option.WithLicenseCode(srv.LicenseCode),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	res, err := client.UpsertUser(ctx, usermost.User{UserID: "ada", FirstName: "Ada", LastName: "Lovelace"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("upsert:", res.Status)

	_, err = client.TrackEvent(ctx, usermost.Event{
		UserID:    "ada",
		EventName: "Added to Cart",
		EventData: usermost.EventData{"Product": "Difference Engine", "Price": 39.8},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("events stored:", len(srv.EventsFor("ada")))
	// Output:
	// upsert: success
	// events stored: 1
}

func ExampleClient_TrackEvents() {
	srv := usermosttest.New()
	defer srv.Close()
	client, _ := usermost.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey(srv.APIKey), option.WithLicenseCode(srv.LicenseCode))

	events := make([]usermost.Event, 60)
	for i := range events {
		events[i] = usermost.Event{UserID: "ada", EventName: "Page Viewed", EventData: usermost.EventData{"page": i}}
	}
	res, err := client.TrackEvents(context.Background(), events)
	if err != nil {
		var batchErr *usermost.BatchError
		if errors.As(err, &batchErr) {
			fmt.Println("retry later:", len(batchErr.Remaining), "events")
		}
		return
	}
	fmt.Printf("%d events in %d requests\n", res.Events, len(res.RequestIDs))
	// Output: 60 events in 3 requests
}

func ExampleError() {
	srv := usermosttest.New()
	defer srv.Close()
	client, _ := usermost.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey(srv.APIKey), option.WithLicenseCode("no-such-account"))

	_, err := client.UpsertUser(context.Background(), usermost.User{UserID: "ada"})
	var apiErr *usermost.Error
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Message)
	}
	fmt.Println("not found:", cdpkit.IsNotFound(err))
	// Output:
	// 404 invalid url: unknown license code
	// not found: true
}

// A 2xx whose envelope says status "error" is an error, not a success.
func ExampleCodeFailureReported() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"response":{"status":"error","message":"licence suspended"}}`))
	}))
	defer srv.Close()
	client, _ := usermost.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey("k"), option.WithLicenseCode("lc"))

	_, err := client.UpsertUser(context.Background(), usermost.User{UserID: "ada"})
	var apiErr *usermost.Error
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Code == usermost.CodeFailureReported, apiErr.Message)
	}
	// Output: 200 true licence suspended
}
