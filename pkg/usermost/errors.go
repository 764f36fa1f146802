package usermost

import (
	"encoding/json"

	"github.com/cdpkit/cdpkit/internal/transport"
)

// decodeError reads the message out of Usermost's error envelope.
func decodeError(_ int, body []byte) (code, message string) {
	var env struct {
		Response struct {
			Status  string `json:"status"`
			Message string `json:"message"`
		} `json:"response"`
	}
	if json.Unmarshal(body, &env) != nil {
		return "", ""
	}
	// The envelope's status is always "error" here, so it is no error code.
	return "", env.Response.Message
}

// IsNotFound reports whether err is a 404, which Usermost also returns for an
// unknown license code.
func IsNotFound(err error) bool { return transport.IsNotFound(err) }

// IsUnauthorized reports whether err is a 401: a wrong key, or a key whose
// account manager lacks access.
func IsUnauthorized(err error) bool { return transport.IsUnauthorized(err) }

// IsBadRequest reports whether err is a 400: a field Usermost rejected.
func IsBadRequest(err error) bool { return transport.IsBadRequest(err) }

// IsRateLimited reports whether err is a 429.
func IsRateLimited(err error) bool { return transport.IsRateLimited(err) }
