package transport

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Option is one functional option: the type behind option.RequestOption.
// Its fields are unexported and it has no exported methods, so code outside
// the SDK can pass options along but can neither build nor apply one; the
// constructors below are for the SDK's own packages.
//
// An option says where it applies: to a client (NewClient), to one call (a
// method's trailing options), or to both, in which case a call's value wins
// over the client's for that call. Given where it does not apply, it is an
// error naming the option and the right place, never silently ignored.
type Option struct {
	name   string              // e.g. "option.WithMaxRetries", for errors
	owner  string              // the API whose client accepts it; "" for every client
	client func(*Config) error // nil: not a client option
	call   func(*Call) error   // nil: not a per-call option
}

// zero reports an Option nobody built, which is skipped like a nil option.
func (o Option) zero() bool { return o.client == nil && o.call == nil }

// OptionName is the name errors quote for o, e.g. "option.WithMaxRetries".
func OptionName(o Option) string { return o.name }

// OptionOwner is the API whose client accepts o, or "" for an option of
// every client.
func OptionOwner(o Option) string { return o.owner }

// ClientOption builds an option that configures a client and is refused per
// call: the API key, the base URL, the HTTP client.
func ClientOption(name string, apply func(*Config) error) Option {
	return Option{name: name, client: apply}
}

// PolicyOption builds an option that sets a client's default and may also
// be given to one call: retries, timeouts, headers, logging.
func PolicyOption(name string, apply func(*Policy) error) Option {
	return Option{
		name:   name,
		client: func(c *Config) error { return apply(&c.Policy) },
		call:   func(c *Call) error { return apply(&c.Policy) },
	}
}

// CallOption builds an option that only means something for one call, such
// as an idempotency key; NewClient refuses it.
func CallOption(name string, apply func(*Call) error) Option {
	return Option{name: name, call: apply}
}

// Both joins a client option and a per-call option of the same name into one
// option that works in both places.
func Both(client, call Option) Option {
	return Option{name: client.name, owner: client.owner, client: client.client, call: call.call}
}

// Settings declares the settings an API keeps for its own client options:
// a value of type S stored in Config.APISettings under the API's name. The
// API package defines S and its options; the transport only carries the
// value and refuses it on another API's client.
//
//	var settings = transport.NewSettings[usermostSettings]("usermost")
//	func WithLicenseCode(code string) option.RequestOption {
//		return settings.Option("usermost.WithLicenseCode", func(s *usermostSettings) error { ... })
//	}
type Settings[S any] struct{ api string }

// NewSettings declares the client settings of the API named api.
func NewSettings[S any](api string) Settings[S] { return Settings[S]{api: api} }

// Option builds a client option of the API that changes its settings.
func (k Settings[S]) Option(name string, set func(*S) error) Option {
	return Option{name: name, owner: k.api, client: func(c *Config) error { return set(k.of(c)) }}
}

// From returns a copy of the settings the options stored in cfg (the zero
// S when none did).
func (k Settings[S]) From(cfg *Config) S {
	if s, ok := cfg.APISettings[k.api].(*S); ok {
		return *s
	}
	var zero S
	return zero
}

func (k Settings[S]) of(c *Config) *S {
	if s, ok := c.APISettings[k.api].(*S); ok {
		return s
	}
	if c.APISettings == nil {
		c.APISettings = map[string]any{}
	}
	s := new(S)
	c.APISettings[k.api] = s
	return s
}

// CallSettings declares the settings an API keeps for its own per-call
// options (a bulk update's chunk size, a progress callback): a value of type
// C carried by the call's context.
type CallSettings[C any] struct{ api string }

// NewCallSettings declares the per-call settings of the API named api.
func NewCallSettings[C any](api string) CallSettings[C] { return CallSettings[C]{api: api} }

// Option builds a per-call option of the API that changes its call settings.
func (k CallSettings[C]) Option(name string, set func(*C) error) Option {
	return Option{name: name, owner: k.api, call: func(c *Call) error {
		s, ok := c.settings.(*C)
		if !ok {
			s = new(C)
			c.settings = s
		}
		return set(s)
	}}
}

// From returns the call settings the options of the call ctx belongs to
// stored, or nil when the call was given none.
func (k CallSettings[C]) From(ctx context.Context) *C {
	if call := callOf(ctx); call != nil {
		s, _ := call.settings.(*C)
		return s
	}
	return nil
}

// owned reports an option of another API's client, naming that client.
func (o Option) owned(api string) error {
	if o.owner == "" || o.owner == api {
		return nil
	}
	return fmt.Errorf("%s is an option of the %s client: pass it to %s.NewClient or to a method of that client", o.name, o.owner, o.owner)
}

// Configure builds the Config of a client of api from opts, then from the
// environment for whatever no option set (api.KeyEnv and api.Env). Every
// bad option is reported, not just the first; an option for another API's
// client, or one that only applies to a call, is an error naming where it
// belongs; a missing key is an error naming the variable and the option.
func Configure(api API, opts []Option) (*Config, error) {
	cfg := DefaultConfig()
	if err := ApplyClientOptions(cfg, api.Name, opts...); err != nil {
		return nil, fmt.Errorf("%s: %w", api.Name, err)
	}
	env := api.Env
	if api.KeyEnv != "" {
		env = append([]EnvVar{{Name: api.KeyEnv, Option: APIKeyOption, IsSet: func(c *Config) bool { return !c.APIKey.IsZero() }}}, env...)
	}
	if err := FromEnv(cfg, env...); err != nil {
		return nil, fmt.Errorf("%s: %w", api.Name, err)
	}
	if cfg.APIKey.IsZero() {
		where := "pass option.WithAPIKey"
		if api.KeyEnv != "" {
			where = "set " + api.KeyEnv + " or " + where
		}
		return nil, fmt.Errorf("%s: missing API key: %s%s", api.Name, where, api.KeyHint)
	}
	return cfg, nil
}

// ApplyClientOptions applies opts to cfg for a client of the API named api
// and returns every failure, joined: an option of another API's client, or
// one that only applies to a call, is an error naming where it belongs.
func ApplyClientOptions(cfg *Config, api string, opts ...Option) error {
	var errs []error
	for _, o := range opts {
		switch {
		case o.zero():
		case o.owned(api) != nil:
			errs = append(errs, o.owned(api))
		case o.client == nil:
			errs = append(errs, fmt.Errorf("%s applies to one call, not to a client: pass it to a method, e.g. client.Method(ctx, …, %s(…))", o.name, o.name))
		default:
			if err := o.client(cfg); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return JoinErrors(errs...)
}

// ValidateOptions runs every option's checks without building a client, the
// way option.Validate promises: each option is applied where it applies (a
// client's config, else a call's), and every failure is reported.
func ValidateOptions(opts []Option) error {
	cfg := DefaultConfig()
	call := &Call{Policy: cfg.Policy}
	var errs []error
	for _, o := range opts {
		var err error
		switch {
		case o.zero():
		case o.client != nil:
			err = o.client(cfg)
		default:
			err = o.call(call)
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	return JoinErrors(errs...)
}

// APIKeyOption is option.WithAPIKey: surrounding whitespace (a newline from
// a file) is trimmed, and a key with whitespace, control characters or
// anything but printable ASCII inside is refused, since no vendor issues
// such keys and a header cannot carry them.
func APIKeyOption(key string) Option {
	return ClientOption("option.WithAPIKey", func(c *Config) error {
		key = strings.TrimSpace(key)
		if key == "" {
			return errors.New("option.WithAPIKey: the key is empty: pass the key from your dashboard, or omit the option to use the environment variable")
		}
		if strings.ContainsFunc(key, func(r rune) bool { return r <= ' ' || r >= 0x7f }) {
			return errors.New("option.WithAPIKey: the key contains whitespace, control or non-ASCII characters: copy it again from your dashboard")
		}
		c.APIKey = NewSecret(key)
		return nil
	})
}

// JoinErrors is errors.Join with the messages separated by "; " instead of
// newlines, so that a log line stays one line; errors.Is and errors.As
// still reach every error.
func JoinErrors(errs ...error) error {
	joined := errors.Join(errs...)
	if joined == nil {
		return nil
	}
	return &joinedErrors{errs: joined.(interface{ Unwrap() []error }).Unwrap()}
}

type joinedErrors struct{ errs []error }

func (e *joinedErrors) Error() string {
	parts := make([]string, len(e.errs))
	for i, err := range e.errs {
		parts[i] = err.Error()
	}
	return strings.Join(parts, "; ")
}

func (e *joinedErrors) Unwrap() []error { return e.errs }
