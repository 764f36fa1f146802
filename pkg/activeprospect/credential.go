package activeprospect

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"time"

	gen "github.com/cdpkit/cdpkit/gen/activeprospect"
	"github.com/cdpkit/cdpkit/internal/transport"
)

// Credential is a credential that a LeadConduit integration uses to call a
// third-party service.
//
// Its secrets (the password, a token, and every extra property whose name
// looks secret, see [IsSecretName]) are not fields: they are read through
// [Credential.Password], [Credential.Token] and [Credential.Secret], which
// return a [Secret]. Printing a Credential in any way (String, every fmt verb
// including %#v, slog, encoding/json) shows them as [REDACTED].
type Credential struct {
	// ID is the credential's 24-character hexadecimal id.
	ID string
	// Name is the credential's friendly name.
	Name string
	// Type is the kind of credential.
	Type CredentialType
	// Package is the LeadConduit integration package it belongs to.
	Package string
	// Username is the username for basic authentication.
	Username string
	// CreatedAt is when the credential was created; zero if the API did not say.
	CreatedAt time.Time
	// UpdatedAt is when it last changed; zero if the API did not say.
	UpdatedAt time.Time

	// hidden sits two pointers away: fmt prints a pointer it reaches by
	// reflection (an unexported field of a caller's struct) as an address,
	// except that for a verb pointers do not take (%s, %d…) it prints the
	// struct one pointer points to. Two hops keep the secrets out of both.
	hidden **credentialSecrets
}

type credentialSecrets struct {
	password string
	token    *string
	extra    map[string]any
}

func credentialFromGen(g gen.Credential) Credential {
	c := Credential{
		ID:       g.ID,
		Name:     g.Name,
		Type:     CredentialType(g.Type),
		Package:  g.Package,
		Username: g.Username,
		hidden:   new(&credentialSecrets{password: g.Password, token: g.Token, extra: maps.Clone(g.AdditionalProperties)}),
	}
	if g.CreatedAt != nil {
		c.CreatedAt = *g.CreatedAt
	}
	if g.UpdatedAt != nil {
		c.UpdatedAt = *g.UpdatedAt
	}
	return c
}

func (c Credential) secrets() credentialSecrets {
	if c.hidden == nil || *c.hidden == nil {
		return credentialSecrets{}
	}
	return **c.hidden
}

// toGen is the API's form of the credential, secrets included.
func (c Credential) toGen() gen.Credential {
	s := c.secrets()
	g := gen.Credential{
		ID:                   c.ID,
		Name:                 c.Name,
		Type:                 string(c.Type),
		Package:              c.Package,
		Username:             c.Username,
		Password:             s.password,
		Token:                s.token,
		AdditionalProperties: s.extra,
	}
	if !c.CreatedAt.IsZero() {
		g.CreatedAt = &c.CreatedAt
	}
	if !c.UpdatedAt.IsZero() {
		g.UpdatedAt = &c.UpdatedAt
	}
	return g
}

// Password returns the credential's password. Call Reveal on the result to
// use it; printed, it shows [REDACTED].
func (c Credential) Password() Secret { return NewSecret(c.secrets().password) }

// Token returns the secret of a token credential, empty when there is none.
func (c Credential) Token() Secret {
	if t := c.secrets().token; t != nil {
		return NewSecret(*t)
	}
	return Secret{}
}

// Secret returns the value of the password, the token or any extra property
// by its JSON name, e.g. cred.Secret("api_key"). Values that are not strings
// come back JSON-encoded. It is empty when the credential has no such property.
func (c Credential) Secret(name string) Secret {
	s := c.secrets()
	switch name {
	case "password":
		return NewSecret(s.password)
	case "token":
		return c.Token()
	}
	v, ok := s.extra[name]
	if !ok || v == nil {
		return Secret{}
	}
	if str, ok := v.(string); ok {
		return NewSecret(str)
	}
	data, err := json.Marshal(v)
	if err != nil {
		return Secret{}
	}
	return NewSecret(string(data))
}

// ExtraNames lists the credential's properties beyond the documented ones,
// sorted.
func (c Credential) ExtraNames() []string { return slices.Sorted(maps.Keys(c.secrets().extra)) }

// Extra returns an extra property with every secret in it redacted, so the
// result is always safe to print. Use [Credential.Secret] for the real value
// of a secret-looking property.
func (c Credential) Extra(name string) (any, bool) {
	v, ok := c.secrets().extra[name]
	if !ok {
		return nil, false
	}
	if IsSecretName(name) && !isEmptyJSON(v) {
		return redactedText, true
	}
	// Round-trip through JSON so nested secrets are redacted and the caller
	// cannot reach the credential's own map.
	var out any
	if err := json.Unmarshal(safeJSON(v), &out); err != nil {
		return nil, false
	}
	return out, true
}

// String returns the credential as JSON with its secrets redacted.
func (c Credential) String() string { return string(safeJSON(c.toGen())) }

// Format implements fmt.Formatter so that %v, %+v, %#v, %s and %q all hide
// the secrets.
func (c Credential) Format(f fmt.State, verb rune) {
	formatSafe(f, verb, c.toGen(), new(gen.Credential))
}

// LogValue implements slog.LogValuer with the secrets redacted.
func (c Credential) LogValue() slog.Value { return logValueSafe(c.toGen()) }

// MarshalJSON encodes the credential in the API's shape with its secrets
// redacted; use the accessors to get them.
func (c Credential) MarshalJSON() ([]byte, error) { return safeJSON(c.toGen()), nil }

// CredentialInput is a credential to create, or the full new content of one
// to update. Printing it in any way hides Password, Token and every
// secret-looking entry of Extra.
type CredentialInput struct {
	// Name is the credential's friendly name. Required.
	Name string
	// Type is the kind of credential. Required.
	Type CredentialType
	// Package is the LeadConduit integration package, e.g.
	// "leadconduit-mailchimp". Required.
	Package string
	// Username is required by the API for every type.
	Username string
	// Password is required by the API for every type. It is a Secret, so an
	// input that is printed or logged hides it.
	Password Secret
	// Token is the secret of a token credential; sent only when set.
	Token Secret
	// Extra holds further properties the integration needs, sent as they
	// are, e.g. {"api_key": "...", "region": "us1"}. Its keys must not repeat
	// the fields above.
	Extra map[string]any
}

// documentedFields are the names an Extra key must not take.
var documentedFields = []string{"id", "name", "type", "package", "username", "password", "token", "created_at", "updated_at"}

func (in CredentialInput) toGen() gen.CredentialInput {
	g := gen.CredentialInput{
		Name:                 in.Name,
		Type:                 string(in.Type),
		Package:              in.Package,
		Username:             in.Username,
		Password:             in.Password.Reveal(),
		AdditionalProperties: maps.Clone(in.Extra),
	}
	if !in.Token.IsZero() {
		t := in.Token.Reveal()
		g.Token = &t
	}
	return g
}

// secretValues lists the secrets of the input, for scrubbing error text:
// the password, the token, and every value at any depth of Extra that sits
// under a secret-looking name, such as config.client_secret in
// {"config": {"client_secret": "..."}}. Extra is read as the JSON it is sent
// as, so values in callers' own map and struct types count too.
func (in CredentialInput) secretValues() []string {
	out := []string{in.Password.Reveal(), in.Token.Reveal()}
	raw, err := json.Marshal(in.Extra)
	if err != nil {
		return out
	}
	var extra any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if dec.Decode(&extra) != nil {
		return out
	}
	return appendSecrets(out, extra, false)
}

// appendSecrets adds the scalar values of v (decoded JSON) to out: all of
// them when v sits under a secret-looking name, else only those that do.
func appendSecrets(out []string, v any, secret bool) []string {
	switch t := v.(type) {
	case map[string]any:
		for k, val := range t {
			out = appendSecrets(out, val, secret || IsSecretName(k))
		}
	case []any:
		for _, val := range t {
			out = appendSecrets(out, val, secret)
		}
	case string:
		if secret {
			out = append(out, t)
		}
	case json.Number:
		if secret {
			out = append(out, t.String())
		}
	}
	return out
}

// validate checks what the API document requires, without ever quoting a
// secret in the error.
func (in CredentialInput) validate(path string) error {
	required := []struct{ field, value, fix string }{
		{"name", in.Name, `set Name to a friendly name such as "Mailchimp (production)"`},
		{"package", in.Package, `set Package to the integration package, e.g. "leadconduit-mailchimp"`},
		{"username", in.Username, "set Username; the API requires it for every credential type"},
		{"password", in.Password.Reveal(), "set Password; the API requires it for every credential type"},
	}
	for _, r := range required {
		if r.value == "" {
			return &ValidationError{API: apiName, Field: path + "." + r.field, Problem: "is empty", Fix: r.fix}
		}
	}
	// Any non-blank type is sent: the vendor documents the type as a string
	// and lists user, token and oauth only in prose, so a type this package
	// does not know may be valid.
	if strings.TrimSpace(string(in.Type)) == "" {
		return &ValidationError{API: apiName, Field: path + ".type", Problem: "is empty", Fix: "set Type, e.g. to CredentialTypeUser, CredentialTypeToken or CredentialTypeOAuth"}
	}
	// Text that would not arrive as written, numbers JSON cannot carry;
	// the problem never quotes the value, so no secret reaches the error.
	// (CredentialInput marshals itself redacted, so its fields are checked
	// one by one.)
	for field, v := range map[string]any{"name": in.Name, "type": string(in.Type), "package": in.Package, "username": in.Username, "extra": in.Extra} {
		if p := transport.CheckJSON(v); p != nil {
			return &ValidationError{API: apiName, Field: path + "." + field + p.Path, Problem: p.Problem, Fix: p.Fix}
		}
	}
	for k, v := range in.Extra {
		if slices.Contains(documentedFields, k) {
			return &ValidationError{API: apiName, Field: path + ".extra." + k, Problem: "repeats a documented field", Fix: "set the field of CredentialInput instead of an Extra entry"}
		}
		if _, err := json.Marshal(v); err != nil {
			return &ValidationError{API: apiName, Field: path + ".extra." + k, Problem: "cannot be encoded as JSON", Fix: "use strings, numbers, booleans, slices or maps"}
		}
	}
	return nil
}

// String returns the input as the JSON the API would receive, with the
// secrets redacted.
func (in CredentialInput) String() string { return string(safeJSON(in.toGen())) }

// Format implements fmt.Formatter so that every verb hides the secrets.
func (in CredentialInput) Format(f fmt.State, verb rune) {
	formatSafe(f, verb, in.toGen(), new(gen.CredentialInput))
}

// LogValue implements slog.LogValuer with the secrets redacted.
func (in CredentialInput) LogValue() slog.Value { return logValueSafe(in.toGen()) }

// MarshalJSON encodes the input with its secrets redacted. The client does
// not use it to send the input, so nothing is lost on the wire.
func (in CredentialInput) MarshalJSON() ([]byte, error) { return safeJSON(in.toGen()), nil }
