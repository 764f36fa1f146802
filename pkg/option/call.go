package option

import (
	"errors"
	"strings"

	"github.com/cdpkit/cdpkit"
	"github.com/cdpkit/cdpkit/internal/transport"
)

// WithIdempotencyKey sends key as the call's idempotency key, so that the
// caller's own retry of the call (after a crash, say) is recognised by the
// server as the same request. The client's retries of the call reuse it.
// Call only, and only where the API takes a key: Usermost's x-request-id
// (8 to 64 hexadecimal characters). The other APIs take none, and their
// clients refuse the option; a method that sends several requests (a batch
// split in parts) refuses it too, since one key on several writes would
// make the server keep only the first.
//
// With a key, a write the client would otherwise send once may be retried
// by the usual rules, up to WithMaxRetries: the server drops the repeats.
func WithIdempotencyKey(key string) RequestOption {
	return transport.CallOption("option.WithIdempotencyKey", func(c *transport.Call) error {
		if strings.TrimSpace(key) == "" {
			return errors.New("option.WithIdempotencyKey: the key is empty: pass a key that names this write, e.g. a hash of it, or omit the option")
		}
		if strings.ContainsFunc(key, func(r rune) bool { return r <= ' ' || r >= 0x7f }) {
			return errors.New("option.WithIdempotencyKey: the key contains whitespace, control or non-ASCII characters: use letters, digits and hyphens")
		}
		c.IdempotencyKey = key
		return nil
	})
}

// WithResponseInto fills *into with the metadata of the call's successful
// answer: status, header, request id, idempotency key, attempts and
// rate-limit headers (see cdpkit.Response). Call only.
func WithResponseInto(into *cdpkit.Response) RequestOption {
	return transport.CallOption("option.WithResponseInto", func(c *transport.Call) error {
		if into == nil {
			return errors.New("option.WithResponseInto: the pointer is nil: pass the address of a cdpkit.Response")
		}
		c.ResponseInto = into
		return nil
	})
}
