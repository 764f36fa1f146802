package userpilot

import (
	"errors"
	"fmt"
	"time"

	"github.com/cdpkit/cdpkit/internal/transport"
	"github.com/cdpkit/cdpkit/pkg/option"
)

// settings holds the options only Userpilot has. They live in the shared
// config under this API's name, where NewClient reads them; any other
// client refuses them.
type settings struct {
	exportBaseURL string
	limits        *RateLimits
	pollInitial   time.Duration
	pollMax       time.Duration
	companyKeys   CompanyKeys
	maxRowBytes   int
}

func setting(apply func(*settings) error) option.RequestOption {
	return func(cfg *transport.Config) error {
		s := cfg.APISetting(apiName, func() any { return &settings{} }).(*settings)
		return apply(s)
	}
}

// takeSettings returns the Userpilot options applied to cfg.
func takeSettings(cfg *transport.Config) settings {
	if s, ok := cfg.APISettings[apiName].(*settings); ok {
		return *s
	}
	return settings{}
}

// WithExportBaseURL sets the host of the export and lookup operations.
// By default they go to https://appex.userpilot.io, or, when
// option.WithBaseURL is given, to that same base URL (a proxy, an
// Enterprise host serving both APIs, or a fake). Use it when your exports
// live on a different host than the rest of the API.
func WithExportBaseURL(baseURL string) option.RequestOption {
	return setting(func(s *settings) error {
		if _, err := transport.CheckBaseURL(baseURL); err != nil {
			return fmt.Errorf("userpilot.WithExportBaseURL: %w (the default is %s)", err, ExportBaseURL)
		}
		s.exportBaseURL = baseURL
		return nil
	})
}

// RateLimits are the client-side limits the client keeps to, so that it
// slows down instead of collecting 429s. Zero fields take the vendor's
// documented limit; a negative field disables that limit.
type RateLimits struct {
	// RealTimePerMinute caps Identify, IdentifyCompany and Track calls
	// together. Default 600, Userpilot's limit per app token.
	RealTimePerMinute int
	// DeleteEvery is the least time between two delete calls. Default 2 s,
	// Userpilot's limit.
	DeleteEvery time.Duration
}

// WithRateLimits replaces the client-side rate limits. Share one limit
// across several processes by giving each a fraction of it.
func WithRateLimits(l RateLimits) option.RequestOption {
	return setting(func(s *settings) error {
		s.limits = &l
		return nil
	})
}

// WithPolling sets how Jobs.Wait, Exports.Wait and multi-request bulk
// updates poll a job: first after initial, then twice as long each time up
// to max, with jitter. The defaults are 1 s and 30 s.
func WithPolling(initial, max time.Duration) option.RequestOption {
	return setting(func(s *settings) error {
		if initial <= 0 || max < initial {
			return errors.New("WithPolling: want 0 < initial <= max")
		}
		s.pollInitial, s.pollMax = initial, max
		return nil
	})
}

// CompanyKeys says under which key Identify sends the user's company id.
type CompanyKeys int

// The ways of keying the company on Identify.
const (
	// CompanyIDAndID sends the id as both company.id and company.company_id
	// (the default): Userpilot's OpenAPI file requires company_id, while
	// its prose, its JavaScript SDK and its integrations send id, so with
	// both the company is found whichever key the server reads. The prose
	// also says that other keys of the company object become company
	// properties, so an account may see the redundant key as a property.
	CompanyIDAndID CompanyKeys = iota
	// CompanyIDOnly sends only company.id, as the prose and the SDKs do.
	CompanyIDOnly
	// CompanyCompanyIDOnly sends only company.company_id, as the OpenAPI
	// file requires.
	CompanyCompanyIDOnly
)

// WithCompanyKeys chooses how Identify keys the user's company (see
// CompanyKeys). The default sends both keys.
func WithCompanyKeys(k CompanyKeys) option.RequestOption {
	return setting(func(s *settings) error {
		if k < CompanyIDAndID || k > CompanyCompanyIDOnly {
			return fmt.Errorf("userpilot.WithCompanyKeys(%d): want CompanyIDAndID, CompanyIDOnly or CompanyCompanyIDOnly", k)
		}
		s.companyKeys = k
		return nil
	})
}

// DefaultMaxExportRowBytes is how large one row of an export file may be
// before ExportsService.Rows gives up on it, unless WithMaxExportRowBytes
// (or a smaller option.WithMaxResponseBytes) says otherwise. Exported
// events carry a few hundred bytes plus their metadata.
const DefaultMaxExportRowBytes = 1 << 20

// WithMaxExportRowBytes sets how large one row (an NDJSON line or a CSV
// record) of an export file may be. ExportsService.Rows reads files as
// streams, so memory stays bounded by about this much per file whatever a
// file holds; a longer row is reported as an error naming the file and the
// row, and the rest of the file is still read (NDJSON) or given up (CSV,
// whose records cannot be found again after a broken one).
func WithMaxExportRowBytes(n int) option.RequestOption {
	return setting(func(s *settings) error {
		if n <= 0 {
			return fmt.Errorf("userpilot.WithMaxExportRowBytes(%d): want a positive size", n)
		}
		s.maxRowBytes = n
		return nil
	})
}

// exportRowLimit is WithMaxExportRowBytes if given, else the default, but
// never more than option.WithMaxResponseBytes allows one answer to carry.
func exportRowLimit(set int, maxResponse int64) int {
	if set > 0 {
		return set
	}
	if maxResponse > 0 && maxResponse < DefaultMaxExportRowBytes {
		return int(maxResponse)
	}
	return DefaultMaxExportRowBytes
}
