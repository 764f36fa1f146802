package option_test

import (
	"fmt"

	"github.com/cdpkit/cdpkit/internal/transport"
	"github.com/cdpkit/cdpkit/pkg/option"
)

// An invalid option is reported when the client is built, with the option's
// name and the fix.
func ExampleWithRegion() {
	err := option.Apply(transport.DefaultConfig(), option.WithRegion("mars"))
	fmt.Println(err)
	// Output: option.WithRegion: "mars" is not a region: use one of us, eu, in, or option.WithBaseURL for an enterprise host
}
