package transport

import "strings"

// secretWords mark a name — a header, a query parameter, a JSON property —
// as holding a secret. This is the one list for the whole module: logs,
// errors, redirects and the API packages' own printing all use IsSecretName.
// The match is a case-insensitive substring, so api_key, X-Partner-Key,
// client_secret, access_token, Proxy-Authorization and Set-Cookie all count.
// Over-matching a harmless name only hides a value from a log or an error;
// under-matching leaks a credential.
var secretWords = []string{"pass", "pwd", "secret", "token", "key", "auth", "private", "signature", "jwt", "cookie", "session", "bearer", "credential"}

// notSecretNames contain a secret word but carry none: hiding them would
// only make logs harder to read.
var notSecretNames = []string{"idempotency-key", "idempotency_key", "idempotencykey", "x-idempotency-key"}

// IsSecretName reports whether a header, query parameter or JSON property
// with this name is treated as holding a secret.
func IsSecretName(name string) bool {
	n := strings.ToLower(name)
	for _, ok := range notSecretNames {
		if n == ok {
			return false
		}
	}
	for _, w := range secretWords {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}
