package transport

import (
	"context"
	"fmt"

	"github.com/cdpkit/cdpkit"
)

// Call is the configuration of one call that was given options of its own:
// the client's Policy with the call's overrides, and what only a call can
// carry. Begin builds it and puts it in the call's context, where Do finds
// it; a call without options has none, and costs nothing.
type Call struct {
	// Policy starts as the client's and takes the call's options.
	Policy
	// IdempotencyKey, if set, is sent in the API's idempotency header
	// instead of a fresh key (option.WithIdempotencyKey).
	IdempotencyKey string
	// ResponseInto, if set, receives the metadata of the call's successful
	// answer (option.WithResponseInto).
	ResponseInto *cdpkit.Response
	// settings holds the API's own per-call settings (see CallSettings).
	settings any
}

type callKey struct{}

// callOf returns the Call ctx carries, or nil.
func callOf(ctx context.Context) *Call {
	c, _ := ctx.Value(callKey{}).(*Call)
	return c
}

// Begin starts a call of the method named method (e.g. "Client.TrackEvent")
// with the call's own options. Every exported method calls it first. It
// refuses a nil ctx, an option that configures a client rather than a
// call, an option of another API, and an idempotency key the API cannot
// honour, each with an error naming the API, the method and the fix. With
// no options it returns ctx as it is: no allocation, no copy. Otherwise the
// returned context carries the call's configuration to Do; a call made
// inside another (a Wait polling Get) inherits the outer call's options.
func (c *Client) Begin(ctx context.Context, method string, opts []Option) (context.Context, error) {
	if ctx == nil {
		return nil, CheckContext(ctx, c.api.Name, method)
	}
	if len(opts) == 0 {
		return ctx, nil
	}
	call := &Call{Policy: c.cfg.Policy}
	if outer := callOf(ctx); outer != nil {
		*call = *outer
	}
	call.Headers = call.Headers.Clone()
	var errs []error
	given := false
	for _, o := range opts {
		switch {
		case o.zero():
			continue
		case o.owned(c.api.Name) != nil:
			errs = append(errs, o.owned(c.api.Name))
		case o.call == nil:
			errs = append(errs, fmt.Errorf("%s configures a client, not a call: pass it to NewClient (a client with other credentials or another host is a second client)", o.name))
		default:
			if err := o.call(call); err != nil {
				errs = append(errs, err)
			}
		}
		given = true
	}
	if !given {
		return ctx, nil
	}
	errs = append(errs, c.checkCallKey(call)...)
	if err := JoinErrors(errs...); err != nil {
		return nil, fmt.Errorf("%s: %s: %w", c.api.Name, method, err)
	}
	return context.WithValue(ctx, callKey{}, call), nil
}

// checkCallKey refuses an idempotency key the API cannot honour, and one
// smuggled in as a header.
func (c *Client) checkCallKey(call *Call) []error {
	var errs []error
	h := c.api.IdempotencyHeader
	if call.IdempotencyKey != "" {
		switch {
		case h == "":
			errs = append(errs, fmt.Errorf("option.WithIdempotencyKey: the %s API takes no idempotency key: remove the option (each method's documentation says whether it is retried)", c.api.Name))
		case c.api.CheckIdempotencyKey != nil:
			if err := c.api.CheckIdempotencyKey(call.IdempotencyKey); err != nil {
				errs = append(errs, fmt.Errorf("option.WithIdempotencyKey: %w", err))
			}
		}
	}
	if h != "" && call.Headers.Get(h) != "" && call.Headers.Get(h) != c.cfg.Headers.Get(h) {
		errs = append(errs, fmt.Errorf("option.WithHeader(%q) sets the idempotency key: use option.WithIdempotencyKey", h))
	}
	return errs
}

// CallIdempotencyKey is the key option.WithIdempotencyKey gave the call ctx
// belongs to, or "". Methods that send several requests refuse one: a
// single key on several writes would make the server drop all but the
// first.
func CallIdempotencyKey(ctx context.Context) string {
	if call := callOf(ctx); call != nil {
		return call.IdempotencyKey
	}
	return ""
}

// policy is the configuration in force for a request made with ctx: the
// call's, if it was given options, else the client's.
func (c *Client) policy(ctx context.Context) (*Policy, *Call) {
	if call := callOf(ctx); call != nil {
		return &call.Policy, call
	}
	return &c.cfg.Policy, nil
}
