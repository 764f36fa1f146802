package transport

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// Options of two imaginary APIs, built the way the API packages build theirs.
type alphaSettings struct{ code string }

type alphaCallSettings struct{ chunk int }

var (
	alphaKeys = NewSettings[alphaSettings]("alpha")
	alphaCall = NewCallSettings[alphaCallSettings]("alpha")
)

func withCode(code string) Option {
	return alphaKeys.Option("alpha.WithCode", func(s *alphaSettings) error {
		if code == "" {
			return errors.New("alpha.WithCode: empty")
		}
		s.code = code
		return nil
	})
}

func withChunk(n int) Option {
	return alphaCall.Option("alpha.WithChunk", func(c *alphaCallSettings) error { c.chunk = n; return nil })
}

func withRetries(n int) Option {
	return PolicyOption("option.WithMaxRetries", func(p *Policy) error {
		if n < 0 {
			return errors.New("option.WithMaxRetries: negative")
		}
		p.MaxRetries = n
		return nil
	})
}

func withKey(key string) Option {
	return CallOption("option.WithIdempotencyKey", func(c *Call) error { c.IdempotencyKey = key; return nil })
}

var alpha = API{Name: "alpha", Authenticate: BearerAuth, KeyEnv: "CDPKIT_TEST_ALPHA_KEY", KeyHint: " (Settings → Keys)",
	Env: []EnvVar{{Name: "CDPKIT_TEST_ALPHA_CODE", Option: withCode, IsSet: func(c *Config) bool { return alphaKeys.From(c).code != "" }}}}

func TestConfigure(t *testing.T) {
	t.Setenv("CDPKIT_TEST_ALPHA_KEY", "")
	t.Setenv("CDPKIT_TEST_ALPHA_CODE", "")
	beta := NewSettings[struct{ x int }]("beta")
	tests := []struct {
		name string
		opts []Option
		env  map[string]string
		want []string // error fragments; nil: accepted
		ok   func(*Config) bool
	}{
		{"own options", []Option{APIKeyOption("k"), withCode("c1"), withRetries(5)}, nil, nil,
			func(c *Config) bool {
				return alphaKeys.From(c).code == "c1" && c.MaxRetries == 5 && c.APIKey.Reveal() == "k"
			}},
		{"zero options are skipped", []Option{{}, APIKeyOption("k"), {}}, nil, nil, nil},
		{"another API's option", []Option{APIKeyOption("k"), beta.Option("beta.WithX", func(*struct{ x int }) error { return nil })}, nil,
			[]string{"alpha: beta.WithX is an option of the beta client: pass it to beta.NewClient"}, nil},
		{"a call option", []Option{APIKeyOption("k"), withKey("abc"), withChunk(3)}, nil,
			[]string{"option.WithIdempotencyKey applies to one call, not to a client", "alpha.WithChunk applies to one call"}, nil},
		{"every bad option, on one line", []Option{withRetries(-1), withCode("")}, nil,
			[]string{"alpha: option.WithMaxRetries: negative; alpha.WithCode: empty"}, nil},
		{"missing key names the variable and the hint", nil, nil,
			[]string{"alpha: missing API key: set CDPKIT_TEST_ALPHA_KEY or pass option.WithAPIKey (Settings → Keys)"}, nil},
		{"key and code from the environment", nil, map[string]string{"CDPKIT_TEST_ALPHA_KEY": "env-key\n", "CDPKIT_TEST_ALPHA_CODE": "env-code"}, nil,
			func(c *Config) bool { return c.APIKey.Reveal() == "env-key" && alphaKeys.From(c).code == "env-code" }},
		{"options win over the environment", []Option{APIKeyOption("opt"), withCode("opt-code")},
			map[string]string{"CDPKIT_TEST_ALPHA_KEY": "bad key", "CDPKIT_TEST_ALPHA_CODE": "env-code"}, nil,
			func(c *Config) bool { return c.APIKey.Reveal() == "opt" && alphaKeys.From(c).code == "opt-code" }},
		{"a bad variable gets the option's checks", nil, map[string]string{"CDPKIT_TEST_ALPHA_KEY": "sk_1\r\nX-Evil: 1"},
			[]string{"alpha: environment variable CDPKIT_TEST_ALPHA_KEY: option.WithAPIKey:"}, nil},
		{"a blank variable", nil, map[string]string{"CDPKIT_TEST_ALPHA_KEY": " \n"},
			[]string{"CDPKIT_TEST_ALPHA_KEY holds only whitespace"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("CDPKIT_TEST_ALPHA_KEY", "")
			t.Setenv("CDPKIT_TEST_ALPHA_CODE", "")
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			cfg, err := Configure(alpha, tt.opts)
			switch {
			case tt.want == nil && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.want != nil && err == nil:
				t.Fatalf("accepted, want %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if err != nil && strings.ContainsAny(err.Error(), "\n") {
				t.Errorf("error has a line break: %q", err)
			}
			if err != nil && strings.Contains(err.Error(), "sk_1") {
				t.Errorf("error quotes the key: %v", err)
			}
			if tt.ok != nil && !tt.ok(cfg) {
				t.Errorf("not applied: %v", cfg)
			}
		})
	}
}

func TestJoinErrorsKeepsEveryError(t *testing.T) {
	t.Parallel()
	a, b := errors.New("a"), fmt.Errorf("b: %w", context.Canceled)
	err := JoinErrors(a, nil, b)
	if err.Error() != "a; b: context canceled" || !errors.Is(err, a) || !errors.Is(err, context.Canceled) {
		t.Errorf("JoinErrors = %q", err)
	}
	if JoinErrors() != nil || JoinErrors(nil, nil) != nil {
		t.Error("JoinErrors of nothing is not nil")
	}
}

func TestValidateOptionsAppliesEachWhereItApplies(t *testing.T) {
	t.Parallel()
	err := ValidateOptions([]Option{withRetries(-1), withKey("k"), withChunk(1), {}, withCode("")})
	if err == nil || err.Error() != "option.WithMaxRetries: negative; alpha.WithCode: empty" {
		t.Errorf("ValidateOptions = %v", err)
	}
}

func TestBegin(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t, nil, testAPI, func(cfg *Config) { cfg.MaxRetries = 4; cfg.Headers.Set("X-Client", "1") })
	ctx := context.Background()

	got, err := c.Begin(ctx, "Client.Do", nil)
	if err != nil || got != ctx {
		t.Errorf("Begin without options = %v, %v: want ctx itself", got, err)
	}
	if got, err := c.Begin(ctx, "Client.Do", []Option{{}, {}}); err != nil || got != ctx {
		t.Errorf("Begin with zero options = %v, %v: want ctx itself", got, err)
	}
	//lint:ignore SA1012 the nil context is the input under test
	if _, err := c.Begin(nil, "Client.Do", nil); err == nil || !strings.Contains(err.Error(), "testapi: Client.Do: the context is nil") { //nolint:staticcheck
		t.Errorf("Begin(nil) = %v", err)
	}

	ctx2, err := c.Begin(ctx, "Client.Do", []Option{withRetries(0), withKey("key-1"),
		PolicyOption("option.WithHeader", func(p *Policy) error { p.Headers.Add("X-Call", "2"); return nil })})
	if err != nil {
		t.Fatal(err)
	}
	p, call := c.policy(ctx2)
	if call == nil || p.MaxRetries != 0 || call.IdempotencyKey != "key-1" || p.Headers.Get("X-Client") != "1" || p.Headers.Get("X-Call") != "2" {
		t.Errorf("call = %+v", call)
	}
	if c.cfg.Headers.Get("X-Call") != "" || c.cfg.MaxRetries != 4 {
		t.Error("a call's options changed the client")
	}
	if CallIdempotencyKey(ctx2) != "key-1" || CallIdempotencyKey(ctx) != "" {
		t.Error("CallIdempotencyKey")
	}
	if p, call := c.policy(ctx); call != nil || p != &c.cfg.Policy {
		t.Error("a context without a call does not use the client's policy")
	}

	// A call inside a call inherits the outer call's options, and may
	// change them for itself only.
	inner, err := c.Begin(ctx2, "Client.Inner", []Option{withRetries(1)})
	if err != nil {
		t.Fatal(err)
	}
	if p, call := c.policy(inner); p.MaxRetries != 1 || call.IdempotencyKey != "key-1" || p.Headers.Get("X-Call") != "2" {
		t.Errorf("inner call = %+v", call)
	}
	if p, _ := c.policy(ctx2); p.MaxRetries != 0 {
		t.Error("the inner call changed the outer one")
	}
}

func TestBeginRefusals(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t, nil, testAPI, nil)
	noKey := testAPI
	noKey.IdempotencyHeader = ""
	plain, _ := newTestClient(t, nil, noKey, nil)
	checked := testAPI
	checked.CheckIdempotencyKey = func(k string) error {
		if len(k) < 8 {
			return errors.New("too short")
		}
		return nil
	}
	strict, _ := newTestClient(t, nil, checked, nil)
	client := ClientOption("option.WithBaseURL", func(*Config) error { return nil })
	header := func(name string) Option {
		return PolicyOption("option.WithHeader", func(p *Policy) error { p.Headers.Set(name, "x"); return nil })
	}
	tests := []struct {
		name string
		c    *Client
		opts []Option
		want string
	}{
		{"client option", c, []Option{client}, "testapi: Client.Do: option.WithBaseURL configures a client, not a call: pass it to NewClient"},
		{"another API's option", c, []Option{withChunk(1)}, "alpha.WithChunk is an option of the alpha client"},
		{"key on an API without keys", plain, []Option{withKey("k")}, "option.WithIdempotencyKey: the testapi API takes no idempotency key"},
		{"key the API refuses", strict, []Option{withKey("short")}, "option.WithIdempotencyKey: too short"},
		{"idempotency header by hand", c, []Option{header("idempotency-key")}, `option.WithHeader("Idempotency-Key") sets the idempotency key: use option.WithIdempotencyKey`},
		{"a failing option", c, []Option{withRetries(-1)}, "option.WithMaxRetries: negative"},
	}
	for _, tt := range tests {
		if _, err := tt.c.Begin(context.Background(), "Client.Do", tt.opts); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
	if _, err := strict.Begin(context.Background(), "Client.Do", []Option{withKey("long-enough")}); err != nil {
		t.Errorf("a key the API accepts: %v", err)
	}
	if _, err := plain.Begin(context.Background(), "Client.Do", []Option{header("Idempotency-Key")}); err != nil {
		t.Errorf("an ordinary header on an API without keys: %v", err)
	}
}

func TestCallSettings(t *testing.T) {
	t.Parallel()
	api := testAPI
	api.Name = "alpha"
	c, _ := newTestClient(t, nil, api, nil)
	ctx, err := c.Begin(context.Background(), "Client.Bulk", []Option{withChunk(3), withChunk(5)})
	if err != nil {
		t.Fatal(err)
	}
	if s := alphaCall.From(ctx); s == nil || s.chunk != 5 {
		t.Errorf("From = %+v, want the last value", s)
	}
	if alphaCall.From(context.Background()) != nil {
		t.Error("From of a plain context is not nil")
	}
	both := Both(withCode("x"), withChunk(2))
	if both.client == nil || both.call == nil || both.owner != "alpha" || OptionName(both) != "alpha.WithCode" {
		t.Errorf("Both = %+v", both)
	}
}
