package transport

import (
	"encoding/base64"
	"net/http"
)

// API describes one vendor API's fixed behaviour.
type API struct {
	// Name is used in errors, logs and the User-Agent, e.g. "usermost".
	Name string
	// DefaultBaseURL is used when Config.BaseURL is empty.
	DefaultBaseURL string
	// Authenticate puts the key on a request.
	Authenticate func(h http.Header, key Secret)
	// DecodeError extracts a vendor code and message from an error body;
	// nil means a best-effort look for common keys.
	DecodeError func(status int, body []byte) (code, message string)
	// IdempotencyHeader names the header that makes a write safe to retry;
	// empty means the API has none.
	IdempotencyHeader string
	// NewIdempotencyKey makes a key; nil means 32 random hex characters.
	NewIdempotencyKey func() string
	// CheckIdempotencyKey refuses a caller's key (option.WithIdempotencyKey)
	// the API would not accept; nil accepts any.
	CheckIdempotencyKey func(key string) error
	// RetryConflict retries 409, for APIs where it means "busy, try again".
	RetryConflict bool
	// RequestIDHeaders name response headers carrying the server's request
	// id, first match wins; nil means a common list (X-Request-Id, Request-Id,
	// X-Amzn-RequestId, X-Correlation-Id, X-Trace-Id).
	RequestIDHeaders []string
	// KeyEnv is the environment variable the key is read from when no
	// option.WithAPIKey is given, e.g. "USERMOST_API_KEY".
	KeyEnv string
	// KeyHint is appended to the missing-key error, e.g. where in the
	// vendor's dashboard the key is found.
	KeyHint string
	// Env lists the other variables the client falls back to, with the
	// option whose checks their values pass.
	Env []EnvVar
	// SecretHeaders are header names to redact in logs and strip on
	// cross-host redirects, beyond the usual ones (Authorization, Cookie,
	// ApiKey, X-Api-Key, Token, and any name containing auth, token, secret…).
	SecretHeaders []string
}

// BearerAuth sends "Authorization: Bearer <key>".
func BearerAuth(h http.Header, key Secret) { h.Set("Authorization", "Bearer "+key.Reveal()) }

// TokenAuth sends "Authorization: Token <key>".
func TokenAuth(h http.Header, key Secret) { h.Set("Authorization", "Token "+key.Reveal()) }

// HeaderAuth sends the key as the value of the named header.
func HeaderAuth(name string) func(http.Header, Secret) {
	return func(h http.Header, key Secret) { h.Set(name, key.Reveal()) }
}

// BasicAuthPassword sends HTTP Basic credentials with an empty user name
// and the key as the password.
func BasicAuthPassword(h http.Header, key Secret) {
	h.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(":"+key.Reveal())))
}
