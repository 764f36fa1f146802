package userlot

import (
	"fmt"
	"os"

	gen "github.com/cdpkit/cdpkit/gen/userlot"
	"github.com/cdpkit/cdpkit/internal/transport"
	"github.com/cdpkit/cdpkit/pkg/option"
)

// Environment variables NewClient reads when the matching option is absent.
const (
	EnvAPIKey = "USERLOT_API_KEY"
	EnvTenant = "USERLOT_TENANT"
)

// HostSuffix is what follows the tenant in a Userlot workspace's host:
// tenant "acme" is served at https://acme.userlot.app.
const HostSuffix = ".userlot.app"

// apiName names Userlot in errors, logs and the settings of its options.
const apiName = "userlot"

// api is what the shared transport needs to know about Userlot.
var api = transport.API{
	Name:          apiName,
	Authenticate:  transport.HeaderAuth("ApiKey"),
	DecodeError:   decodeError,
	SecretHeaders: []string{"ApiKey"},
}

// Client talks to one Userlot workspace. It is safe for concurrent use.
type Client struct {
	// Companies reads and upserts companies (Userlot's "Accounts").
	Companies *CompaniesService
	// EndUsers reads and upserts end users (Userlot's "Users").
	EndUsers *EndUsersService
	// Tickets reads and upserts help-desk tickets.
	Tickets *TicketsService

	http *transport.Client
	gen  gen.ClientInterface
}

// NewClient builds a client from options, falling back to the
// USERLOT_API_KEY and USERLOT_TENANT environment variables. The base URL is
// https://<tenant>.userlot.app unless option.WithBaseURL gives another, in
// which case no tenant is needed. NewClient fails when the key is missing,
// when neither a tenant nor a base URL is known, when an option is invalid,
// or when an option meant for another API (license code, region) is given.
func NewClient(opts ...option.RequestOption) (*Client, error) {
	cfg := transport.DefaultConfig()
	if err := option.Apply(cfg, opts...); err != nil {
		return nil, fmt.Errorf("userlot: %w", err)
	}
	if err := option.FromEnv(cfg, option.EnvAPIKey(EnvAPIKey)); err != nil {
		return nil, fmt.Errorf("userlot: %w", err)
	}
	if cfg.APIKey.IsZero() {
		return nil, fmt.Errorf("userlot: missing API key: set %s or pass option.WithAPIKey (Product Settings → Api Keys in Userlot)", EnvAPIKey)
	}
	if err := transport.UnusedSettings(cfg, "userlot", transport.SettingTenant); err != nil {
		return nil, err
	}
	if cfg.Tenant == "" {
		if env := os.Getenv(EnvTenant); env != "" {
			if err := option.WithTenant(env)(cfg); err != nil {
				return nil, fmt.Errorf("userlot: %s: %w", EnvTenant, err)
			}
		}
	}
	if cfg.BaseURL == "" {
		if cfg.Tenant == "" {
			return nil, fmt.Errorf("userlot: missing tenant: set %s or pass option.WithTenant with your workspace's subdomain (acme for https://acme%s)", EnvTenant, HostSuffix)
		}
		cfg.BaseURL = "https://" + cfg.Tenant + HostSuffix
	}
	httpClient, err := transport.New(cfg, api)
	if err != nil {
		return nil, fmt.Errorf("userlot: %w", err)
	}
	genClient, err := gen.NewClient(httpClient.BaseURL(), gen.WithHTTPClient(httpClient))
	if err != nil {
		return nil, fmt.Errorf("userlot: %w", err)
	}
	c := &Client{http: httpClient, gen: genClient}
	c.Companies = &CompaniesService{c: c}
	c.EndUsers = &EndUsersService{c: c}
	c.Tickets = &TicketsService{c: c}
	return c, nil
}

// BaseURL is the workspace URL requests go to, e.g. https://acme.userlot.app.
func (c *Client) BaseURL() string { return c.http.BaseURL() }
