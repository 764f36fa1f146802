package transport

import (
	"fmt"
	"log/slog"
)

const redacted = "[REDACTED]"

// Secret holds a credential. String, %v, %+v, %#v, %s, %q, slog, JSON and
// text all render [REDACTED], so a key cannot leak by accident; Reveal is
// the one deliberate way to read it. One hole remains that no type can
// close: fmt handles the %p verb before any method, and prints a non-pointer
// operand raw, so never format a Secret, or a struct holding one, with %p.
type Secret string

// Reveal returns the credential itself.
func (s Secret) Reveal() string { return string(s) }

func (s Secret) mask() string {
	if s == "" {
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
	switch verb {
	case 'q':
		fmt.Fprintf(f, "%q", s.mask())
	case 'v':
		if f.Flag('#') {
			fmt.Fprint(f, s.GoString())
			return
		}
		fmt.Fprint(f, s.mask())
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
