package transport

import (
	"fmt"
	"runtime"

	"github.com/cdpkit/cdpkit"
)

// Version is the SDK version reported in the User-Agent: cdpkit.Version,
// the one public constant.
const Version = cdpkit.Version

// userAgent identifies the SDK, the API and the platform, which is what a
// vendor's support team asks for first.
func userAgent(api, suffix string) string {
	ua := fmt.Sprintf("cdpkit-go/%s (%s; %s; %s/%s)", Version, api, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if suffix != "" {
		ua += " " + suffix
	}
	return ua
}
