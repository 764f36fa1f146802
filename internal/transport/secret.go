package transport

import (
	"crypto/subtle"
	"fmt"
	"log/slog"
)

const redacted = "[REDACTED]"

// Secret holds a credential. String, every fmt verb (%p included), slog,
// JSON and text render it as [REDACTED]; Reveal is the one deliberate way
// to read it. Make one with NewSecret; the zero value is the empty secret.
//
// The value sits behind a pointer: fmt does not call String or Format on a
// value it reaches through an unexported field of a caller's struct, and
// prints such a field by reflection, but it prints a pointer found that way
// as an address, never as what it points to. So even
//
//	type job struct{ key transport.Secret }
//	fmt.Printf("%+v", job{key})
//
// shows {key:{v:0xc000012345}}, not the key. Compare secrets with Equal:
// == compares the pointers.
type Secret struct {
	v *string
}

// NewSecret wraps s. The empty string gives the zero Secret.
func NewSecret(s string) Secret {
	if s == "" {
		return Secret{}
	}
	return Secret{v: &s}
}

// Reveal returns the credential itself.
func (s Secret) Reveal() string {
	if s.v == nil {
		return ""
	}
	return *s.v
}

// IsZero reports whether the secret is empty.
func (s Secret) IsZero() bool { return s.Reveal() == "" }

// Equal reports whether two secrets hold the same value, in constant time.
func (s Secret) Equal(o Secret) bool {
	return subtle.ConstantTimeCompare([]byte(s.Reveal()), []byte(o.Reveal())) == 1
}

func (s Secret) mask() string {
	if s.IsZero() {
		return ""
	}
	return redacted
}

// String implements fmt.Stringer.
func (s Secret) String() string { return s.mask() }

// GoString implements fmt.GoStringer.
func (s Secret) GoString() string { return fmt.Sprintf("%q", s.mask()) }

// Format implements fmt.Formatter so that every verb is covered.
func (s Secret) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'q', verb == 'v' && f.Flag('#'):
		fmt.Fprintf(f, "%q", s.mask())
	default:
		fmt.Fprint(f, s.mask())
	}
}

// LogValue implements slog.LogValuer.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.mask()) }

// MarshalJSON renders the masked value.
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(fmt.Sprintf("%q", s.mask())), nil }

// MarshalText renders the masked value.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.mask()), nil }
