package activeprospect

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"

	gen "github.com/cdpkit/cdpkit/gen/activeprospect"
	"github.com/cdpkit/cdpkit/internal/transport"
	"github.com/cdpkit/cdpkit/pkg/option"
)

// EnvAPIKey is the environment variable NewClient reads when
// option.WithAPIKey is absent.
const EnvAPIKey = "ACTIVEPROSPECT_API_KEY"

// DefaultBaseURL is the host of the account API (LeadConduit).
const DefaultBaseURL = "https://app.leadconduit.com"

// BasicAuthUser is the user name sent with the API key in HTTP Basic
// authentication, as every page of the account API says. The server
// ignores the user name (its curl sample uses X), so any value works; this
// is the documented one.
const BasicAuthUser = "API"

// apiName names ActiveProspect in errors, logs and the settings of its options.
const apiName = "activeprospect"

// api is what the shared transport needs to know about ActiveProspect: Basic
// auth with the user name API and the key as password, and errors as
// {"error": "..."}. The API takes no idempotency key, so writes are not given
// one; see each method for whether it is retried.
var api = transport.API{
	Name:           apiName,
	DefaultBaseURL: DefaultBaseURL,
	Authenticate:   basicAuth,
	DecodeError:    decodeError,
}

// basicAuth sends "Authorization: Basic base64(API:<key>)".
func basicAuth(h http.Header, key transport.Secret) {
	h.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(BasicAuthUser+":"+key.Reveal())))
}

// Client talks to the ActiveProspect account API. It is safe for concurrent
// use. Its operations are grouped by resource, as in
// client.Credentials.Create(ctx, ...).
type Client struct {
	// Account reads and updates the caller's company account.
	Account *AccountService
	// Credentials manages the credentials LeadConduit integrations use.
	Credentials *CredentialsService
	// User reads and updates the authenticated user and their notification
	// settings.
	User *UserService

	http *transport.Client
	gen  gen.ClientInterface
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
	genClient, err := gen.NewClient(httpClient.BaseURL(), gen.WithHTTPClient(httpClient))
	if err != nil {
		return nil, fmt.Errorf("activeprospect: %w", err)
	}
	c := &Client{http: httpClient, gen: genClient}
	c.Account = &AccountService{client: c}
	c.Credentials = &CredentialsService{client: c}
	c.User = &UserService{client: c}
	return c, nil
}

// decode finishes a call: it passes a request error through and decodes the
// 2xx body into a T, reading a timestamp that is not RFC 3339 as the zero
// time (see relaxTimes). A body that is missing or does not decode is an
// *Error naming the operation and the status, without the body (which may
// hold secrets).
func decode[T any](c *Client, operation string, resp *http.Response, err error) (*T, error) {
	raw, err := transport.Decode[json.RawMessage](c.http, operation, resp, err)
	if err != nil {
		return nil, err
	}
	var v T
	if err := json.Unmarshal(relaxTimes(*raw), &v); err != nil {
		return nil, c.http.Undecodable(operation, resp, err)
	}
	return &v, nil
}
