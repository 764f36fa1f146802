package specvalidate

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// errNoCredentials is returned when the scheme's header is absent.
var errNoCredentials = errors.New("no credentials")

// checkSchemePresent accepts a request that carries the header a scheme
// names, whatever its value.
func checkSchemePresent(r *http.Request, scheme *openapi3.SecurityScheme) error {
	_, err := Credential(r, scheme)
	return err
}

// Credential extracts the secret a request presents for scheme: the bearer
// or token value, the API-key header, or the Basic password.
func Credential(r *http.Request, scheme *openapi3.SecurityScheme) (string, error) {
	switch {
	case scheme.Type == "http" && strings.EqualFold(scheme.Scheme, "basic"):
		_, pass, ok := r.BasicAuth()
		if !ok {
			return "", errNoCredentials
		}
		return pass, nil
	case scheme.Type == "http":
		prefix := scheme.Scheme + " "
		h := r.Header.Get("Authorization")
		if len(h) <= len(prefix) || !strings.EqualFold(h[:len(prefix)], prefix) {
			return "", errNoCredentials
		}
		return h[len(prefix):], nil
	case scheme.Type == "apiKey" && scheme.In == "header":
		v := r.Header.Get(scheme.Name)
		if v == "" {
			return "", errNoCredentials
		}
		return v, nil
	}
	return "", fmt.Errorf("unsupported security scheme %s/%s", scheme.Type, scheme.Scheme)
}

// KeyEquals returns an Authenticate function that accepts exactly key,
// compared in constant time like a real server would.
func KeyEquals(key string) func(*http.Request, *openapi3.SecurityScheme) error {
	return func(r *http.Request, scheme *openapi3.SecurityScheme) error {
		got, err := Credential(r, scheme)
		if err != nil {
			return err
		}
		if subtle.ConstantTimeCompare([]byte(got), []byte(key)) != 1 {
			return errors.New("invalid credentials")
		}
		return nil
	}
}
