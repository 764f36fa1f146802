package userpilot

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"golang.org/x/time/rate"

	gen "github.com/cdpkit/cdpkit/gen/userpilot"
	"github.com/cdpkit/cdpkit/internal/transport"
	"github.com/cdpkit/cdpkit/pkg/option"
)

// Environment variables NewClient reads when the matching option is absent.
const (
	EnvAPIKey = "USERPILOT_API_KEY"
	EnvRegion = "USERPILOT_REGION"
)

// Hosts of the Userpilot API. The analytics host serves real-time, bulk,
// job, import, delete and validate calls; the export host serves exports and
// lookups, and has no documented EU or IN variant.
//
// BaseURLUS and BaseURLEU are the hosts Userpilot's API pages name. BaseURLIN
// is inferred: Userpilot's content-security-policy page lists analytex-in
// beside the US and EU hosts, but no API page names it as an API host.
// Check your Environment page before relying on it.
const (
	BaseURLUS     = "https://analytex.userpilot.io"
	BaseURLEU     = "https://analytex-eu.userpilot.io"
	BaseURLIN     = "https://analytex-in.userpilot.io"
	ExportBaseURL = "https://appex.userpilot.io"
)

// APIVersion is sent as X-API-Version on every call to the analytics host.
// It is the only version Userpilot has published.
const APIVersion = "2020-09-22"

// apiName names Userpilot in errors, logs and the config's API settings.
const apiName = "userpilot"

// regions maps option.WithRegion / USERPILOT_REGION values to hosts.
var regions = map[string]string{"us": BaseURLUS, "eu": BaseURLEU, "in": BaseURLIN}

// api is what the shared transport needs to know about Userpilot. A 409
// means "a job of this kind is already running", which waiting for a few
// seconds will not fix, so it is not retried; it becomes a *JobRunningError.
var api = transport.API{
	Name:             apiName,
	DefaultBaseURL:   BaseURLUS,
	Authenticate:     transport.TokenAuth,
	DecodeError:      decodeError,
	RequestIDHeaders: []string{"x-request-id"},
}

// Client talks to both Userpilot hosts. It is safe for concurrent use.
type Client struct {
	// Jobs follows bulk and import jobs.
	Jobs *JobsService
	// Exports starts export jobs and reads their files.
	Exports *ExportsService
	// Lookups lists the entities exports can filter on.
	Lookups *LookupsService

	analytex    *gen.ClientWithResponses
	appex       *gen.ClientWithResponses
	analytexT   *transport.Client
	appexT      *transport.Client
	downloads   transport.Doer
	realtime    *rate.Limiter
	deletes     *rate.Limiter
	pollInitial time.Duration
	pollMax     time.Duration
	companyKeys CompanyKeys
	maxRowBytes int
}

// NewClient builds a client from options, falling back to the
// USERPILOT_API_KEY and USERPILOT_REGION environment variables.
//
// The analytics host is option.WithBaseURL if given (an Enterprise host, a
// proxy or a fake), else the host of option.WithRegion / USERPILOT_REGION
// ("us", the default, "eu" or "in"; "in" is an inferred host, see
// BaseURLIN). Exports and lookups go to
// WithExportBaseURL if given, else to option.WithBaseURL if given, else to
// https://appex.userpilot.io. NewClient fails when the key is missing, when
// a region is unknown, when both a region option and a base URL are given,
// or when an option meant for another API (tenant, license code) is given.
func NewClient(opts ...option.RequestOption) (*Client, error) {
	cfg := transport.DefaultConfig()
	defaultBase := cfg.BaseURL
	err := option.Apply(cfg, opts...)
	extra := takeSettings(cfg)
	if err != nil {
		return nil, fmt.Errorf("userpilot: %w", err)
	}
	if err := option.FromEnv(cfg, option.EnvAPIKey(EnvAPIKey)); err != nil {
		return nil, fmt.Errorf("userpilot: %w", err)
	}
	if cfg.APIKey.IsZero() {
		return nil, fmt.Errorf("userpilot: missing API key: set %s or pass option.WithAPIKey (use the API key from the Environment page, not the App Token)", EnvAPIKey)
	}
	if err := transport.UnusedSettings(cfg, apiName, transport.SettingRegion); err != nil {
		return nil, err
	}
	customBase := cfg.BaseURL != "" && cfg.BaseURL != defaultBase
	if err := resolveHost(cfg, customBase); err != nil {
		return nil, err
	}

	analytex, err := transport.New(cfg, api)
	if err != nil {
		return nil, fmt.Errorf("userpilot: %w", err)
	}
	exportCfg := *cfg
	switch {
	case extra.exportBaseURL != "":
		exportCfg.BaseURL = extra.exportBaseURL
	case !customBase:
		exportCfg.BaseURL = ExportBaseURL
	}
	appex, err := transport.New(&exportCfg, api)
	if err != nil {
		return nil, fmt.Errorf("userpilot: export host: %w", err)
	}
	c := &Client{
		analytexT:   analytex,
		appexT:      appex,
		downloads:   downloadClient(cfg),
		pollInitial: time.Second,
		pollMax:     30 * time.Second,
		companyKeys: extra.companyKeys,
		maxRowBytes: exportRowLimit(extra.maxRowBytes, cfg.MaxResponseBytes),
	}
	if extra.pollInitial > 0 {
		c.pollInitial, c.pollMax = extra.pollInitial, extra.pollMax
	}
	c.realtime, c.deletes = newLimiters(extra.limits)
	if c.analytex, err = gen.NewClientWithResponses(analytex.BaseURL(), gen.WithHTTPClient(analytex), gen.WithRequestEditorFn(sendAPIVersion)); err != nil {
		return nil, fmt.Errorf("userpilot: %w", err)
	}
	if c.appex, err = gen.NewClientWithResponses(appex.BaseURL(), gen.WithHTTPClient(appex)); err != nil {
		return nil, fmt.Errorf("userpilot: %w", err)
	}
	c.Jobs = &JobsService{c: c}
	c.Exports = &ExportsService{c: c}
	c.Lookups = &LookupsService{c: c}
	return c, nil
}

// resolveHost turns the region into the analytics base URL. An explicit
// base URL wins over USERPILOT_REGION but not over option.WithRegion:
// asking for both is a mistake worth reporting.
func resolveHost(cfg *transport.Config, customBase bool) error {
	region, fromEnv := cfg.Region, false
	if region == "" {
		region, fromEnv = os.Getenv(EnvRegion), true
	}
	if region == "" {
		if !customBase {
			cfg.BaseURL = BaseURLUS
		}
		return nil
	}
	if customBase {
		if fromEnv {
			return nil
		}
		return fmt.Errorf("userpilot: option.WithRegion(%q) and option.WithBaseURL(%q) both choose the host; pass only one", region, cfg.BaseURL)
	}
	host, ok := regions[strings.ToLower(strings.TrimSpace(region))]
	if !ok {
		src := "option.WithRegion"
		if fromEnv {
			src = EnvRegion
		}
		return fmt.Errorf("userpilot: %s = %q: want us, eu or in (for a dedicated Enterprise host use option.WithBaseURL)", src, region)
	}
	cfg.BaseURL = host
	return nil
}

// sendAPIVersion adds X-API-Version to analytics calls. The vendor requires
// it on identify, track and delete and its integrations send it everywhere,
// so it is a client-wide header rather than a per-call parameter.
func sendAPIVersion(_ context.Context, req *http.Request) error {
	req.Header.Set("X-API-Version", APIVersion)
	return nil
}

// downloadClient is what export files are fetched with: the caller's HTTP
// client, but never the authenticating transport, because presigned URLs
// carry their own signature and storage services reject a second credential.
func downloadClient(cfg *transport.Config) transport.Doer {
	if cfg.HTTPClient != nil {
		return cfg.HTTPClient
	}
	return http.DefaultClient
}
