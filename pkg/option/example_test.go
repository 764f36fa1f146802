package option_test

import (
	"fmt"
	"time"

	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/usermost"
)

// Options are checked when the client is built: a bad value is reported
// with the option's name and the fix, before any request is made.
func Example() {
	_, err := usermost.NewClient(
		option.WithAPIKey("key-from-dashboard"),
		option.WithLicenseCode("lc-1234"),
		option.WithMaxRetries(4),
		option.WithBackoff(time.Second, 30*time.Second),
		option.WithBaseURL("http://api.usermost.com"),
	)
	fmt.Println(err)
	// Output: usermost: option.WithBaseURL: base URL "http://api.usermost.com" uses plain http: use https (http is allowed only for loopback hosts such as 127.0.0.1)
}
