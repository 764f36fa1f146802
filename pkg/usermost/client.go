package usermost

import (
	"context"
	"fmt"

	gen "github.com/cdpkit/cdpkit/gen/usermost"
	"github.com/cdpkit/cdpkit/internal/transport"
	"github.com/cdpkit/cdpkit/pkg/option"
)

// Environment variables NewClient reads when the matching option is absent.
const (
	EnvAPIKey      = "USERMOST_API_KEY"
	EnvLicenseCode = "USERMOST_LICENSE_CODE"
)

// DefaultBaseURL is Usermost's production API host.
const DefaultBaseURL = "https://api.usermost.com"

// apiName names Usermost in errors, logs and the settings of its options.
const apiName = "usermost"

// api is what the shared transport needs to know about Usermost.
var api = transport.API{
	Name:              apiName,
	DefaultBaseURL:    DefaultBaseURL,
	Authenticate:      transport.BearerAuth,
	DecodeError:       decodeError,
	IdempotencyHeader: "x-request-id",
}

// Client talks to the Usermost REST API. It is safe for concurrent use.
type Client struct {
	http        *transport.Client
	gen         gen.ClientInterface
	licenseCode string
}

// NewClient builds a client from options, falling back to the USERMOST_API_KEY
// and USERMOST_LICENSE_CODE environment variables. It fails when the key or
// license code is missing, when an option is invalid, or when an option meant
// for another API (tenant, region) is given.
func NewClient(opts ...option.RequestOption) (*Client, error) {
	cfg := transport.DefaultConfig()
	if err := option.Apply(cfg, opts...); err != nil {
		return nil, fmt.Errorf("usermost: %w", err)
	}
	if err := option.FromEnv(cfg, option.EnvAPIKey(EnvAPIKey), option.EnvLicenseCode(EnvLicenseCode)); err != nil {
		return nil, fmt.Errorf("usermost: %w", err)
	}
	if cfg.APIKey.IsZero() {
		return nil, fmt.Errorf("usermost: missing API key: set %s or pass option.WithAPIKey", EnvAPIKey)
	}
	if cfg.LicenseCode == "" {
		return nil, fmt.Errorf("usermost: missing license code: set %s or pass option.WithLicenseCode", EnvLicenseCode)
	}
	if err := transport.UnusedSettings(cfg, api.Name, transport.SettingLicenseCode); err != nil {
		return nil, err
	}
	httpClient, err := transport.New(cfg, api)
	if err != nil {
		return nil, fmt.Errorf("usermost: %w", err)
	}
	genClient, err := gen.NewClient(httpClient.BaseURL(), gen.WithHTTPClient(httpClient))
	if err != nil {
		return nil, fmt.Errorf("usermost: %w", err)
	}
	return &Client{http: httpClient, gen: genClient, licenseCode: cfg.LicenseCode}, nil
}

// LicenseCode is the account this client addresses.
func (c *Client) LicenseCode() string { return c.licenseCode }

// UpsertUser creates the profile or updates the one with the same id.
func (c *Client) UpsertUser(ctx context.Context, user User) (*Result, error) {
	if err := transport.CheckContext(ctx, "usermost", "Client.UpsertUser"); err != nil {
		return nil, err
	}
	if err := validateUser(user); err != nil {
		return nil, err
	}
	body, err := transport.JSONBody(api.Name, user)
	if err != nil {
		return nil, err
	}
	resp, err := c.gen.UpsertUserWithBody(ctx, c.licenseCode, transport.ContentTypeJSON, body)
	return c.result("upsertUser", resp, err)
}

// TrackEvent records one custom event. The request carries a fresh
// x-request-id that is reused if the request is retried.
func (c *Client) TrackEvent(ctx context.Context, event Event) (*Result, error) {
	if err := transport.CheckContext(ctx, "usermost", "Client.TrackEvent"); err != nil {
		return nil, err
	}
	if err := validateEvent("event", event); err != nil {
		return nil, err
	}
	body, err := transport.JSONBody(api.Name, event)
	if err != nil {
		return nil, err
	}
	id := transport.RandomID()
	resp, err := c.gen.TrackEventWithBody(ctx, c.licenseCode, &gen.TrackEventParams{RequestID: &id}, transport.ContentTypeJSON, body)
	return c.result("trackEvent", resp, err)
}
