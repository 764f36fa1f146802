package activeprospect

import (
	"fmt"

	gen "github.com/cdpkit/cdpkit/gen/activeprospect"
	"github.com/cdpkit/cdpkit/internal/transport"
	"github.com/cdpkit/cdpkit/pkg/option"
)

// EnvAPIKey is the environment variable NewClient reads when
// option.WithAPIKey is absent.
const EnvAPIKey = "ACTIVEPROSPECT_API_KEY"

// DefaultBaseURL is the host of the account API (LeadConduit).
const DefaultBaseURL = "https://app.leadconduit.com"

// api is what the shared transport needs to know about ActiveProspect: Basic
// auth with the key as password, and errors as {"error": "..."}. The API
// takes no idempotency key, so writes are not given one.
var api = transport.API{
	Name:           "activeprospect",
	DefaultBaseURL: DefaultBaseURL,
	Authenticate:   transport.BasicAuthPassword,
	DecodeError:    decodeError,
}

// Client talks to the ActiveProspect account API. It is safe for concurrent
// use. Its operations are grouped by resource, as in
// client.Credentials.Create(ctx, ...).
type Client struct {
	// Account reads and updates the caller's company account.
	Account *AccountService
	// Credentials manages the credentials LeadConduit integrations use.
	Credentials *CredentialsService
	// User reads the authenticated user and their notification settings.
	User *UserService

	http *transport.Client
	gen  *gen.ClientWithResponses
}

// service is the common state of the resource groups.
type service struct{ client *Client }

// NewClient builds a client from options, falling back to the
// ACTIVEPROSPECT_API_KEY environment variable. It fails when the key is
// missing, when an option is invalid, or when an option meant for another
// API (tenant, region, license code) is given.
func NewClient(opts ...option.RequestOption) (*Client, error) {
	cfg := transport.DefaultConfig()
	if err := option.Apply(cfg, opts...); err != nil {
		return nil, fmt.Errorf("activeprospect: %w", err)
	}
	if err := option.FromEnv(cfg, option.EnvAPIKey(EnvAPIKey)); err != nil {
		return nil, fmt.Errorf("activeprospect: %w", err)
	}
	if cfg.APIKey.IsZero() {
		return nil, fmt.Errorf("activeprospect: missing API key: set %s or pass option.WithAPIKey", EnvAPIKey)
	}
	if err := transport.UnusedSettings(cfg, api.Name); err != nil {
		return nil, err
	}
	httpClient, err := transport.New(cfg, api)
	if err != nil {
		return nil, fmt.Errorf("activeprospect: %w", err)
	}
	genClient, err := gen.NewClientWithResponses(httpClient.BaseURL(), gen.WithHTTPClient(httpClient))
	if err != nil {
		return nil, fmt.Errorf("activeprospect: %w", err)
	}
	c := &Client{http: httpClient, gen: genClient}
	c.Account = &AccountService{client: c}
	c.Credentials = &CredentialsService{client: c}
	c.User = &UserService{client: c}
	return c, nil
}

// unexpected reports a 2xx answer without the body the operation promises,
// which means the API changed or a proxy interfered.
func unexpected(op string, status int, body []byte) error {
	return &Error{API: api.Name, StatusCode: status, Message: op + ": success response without the expected JSON body", Body: body}
}
