package bench

import (
	"github.com/cdpkit/cdpkit/pkg/option"
	"github.com/cdpkit/cdpkit/pkg/track"
	"github.com/cdpkit/cdpkit/pkg/usermost"

	"github.com/cdpkit/cdpkit/bench/internal/countserver"
)

// newUsermostTracker is the one place that binds a Tracker to Usermost.
// The sink lives in pkg/track today (track.UsermostSink); issue 17 moves it
// to a package of its own, and this function is all that changes then.
func newUsermostTracker(baseURL string, opts ...track.Option) (*track.Tracker, error) {
	client, err := usermost.NewClient(option.WithBaseURL(baseURL), option.WithAPIKey(countserver.APIKey), option.WithLicenseCode(licenseCode))
	if err != nil {
		return nil, err
	}
	return track.New(track.UsermostSink(client), opts...)
}
