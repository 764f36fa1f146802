package option_test

import (
	"fmt"
	"time"

	"github.com/cdpkit/cdpkit/pkg/userpilot"

	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/usermost"
)

// Options are checked when the client is built: a bad value is reported
// with the option's name and the fix, before any request is made.
func Example() {
	_, err := usermost.NewClient(
		option.WithAPIKey("key-from-dashboard"),
		usermost.WithLicenseCode("lc-1234"),
		option.WithMaxRetries(4),
		option.WithBackoff(time.Second, 30*time.Second),
		option.WithBaseURL("http://api.usermost.com"),
	)
	fmt.Println(err)
	// Output: usermost: option.WithBaseURL: base URL "http://api.usermost.com" uses plain http: use https (http is allowed only for loopback hosts such as 127.0.0.1)
}

// Validate checks options read from flags or a file at start-up, and
// reports every bad one at once.
func ExampleValidate() {
	err := option.Validate(
		option.WithMaxRetries(-1),
		userpilot.WithRegion("mars"),
		option.WithHeader("Authorization", "Bearer abc"),
		option.WithRequestTimeout(10*time.Second), // fine
	)
	fmt.Println(err)
	// Output:
	// option.WithMaxRetries: -1 is negative: use 0 to disable retries; userpilot.WithRegion: "mars" is not a region: use one of us, eu, in, or option.WithBaseURL for an enterprise host; option.WithHeader: "Authorization" carries credentials: use option.WithAPIKey instead
}

// WithHeader adds a header to every request, such as a tracing id your
// proxy expects.
func ExampleWithHeader() {
	err := option.Validate(option.WithHeader("X-Correlation-Id", "batch-42"))
	fmt.Println(err)
	// Output: <nil>
}
