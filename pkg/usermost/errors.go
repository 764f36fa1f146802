package usermost

import (
	"encoding/json"
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
