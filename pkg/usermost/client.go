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
	Name:                apiName,
	DefaultBaseURL:      DefaultBaseURL,
	Authenticate:        transport.BearerAuth,
	DecodeError:         decodeError,
	IdempotencyHeader:   "x-request-id",
	CheckIdempotencyKey: checkRequestID,
	KeyEnv:              EnvAPIKey,
	Env:                 []transport.EnvVar{{Name: EnvLicenseCode, Option: WithLicenseCode, IsSet: func(c *transport.Config) bool { return settings.From(c).licenseCode != "" }}},
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
// for another API (a tenant, a region) or for one call is given.
func NewClient(opts ...option.RequestOption) (*Client, error) {
	cfg, err := transport.Configure(api, opts)
	if err != nil {
		return nil, err
	}
	code := settings.From(cfg).licenseCode
	if code == "" {
		return nil, fmt.Errorf("%s: missing license code: set %s or pass usermost.WithLicenseCode", apiName, EnvLicenseCode)
	}
	httpClient, err := transport.New(cfg, api)
	if err != nil {
		return nil, err
	}
	genClient, err := gen.NewClient(httpClient.BaseURL(), gen.WithHTTPClient(httpClient))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", apiName, err)
	}
	return &Client{http: httpClient, gen: genClient, licenseCode: code}, nil
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
