package activeprospect

import (
	"encoding/json"
	"errors"
)

// decodeError reads the message out of ActiveProspect's {"error": "..."} body.
// The API has no separate error codes, so code stays empty.
func decodeError(_ int, body []byte) (code, message string) {
	var e struct {
		Error string `json:"error"`
	}
	if json.Unmarshal(body, &e) != nil {
		return "", ""
	}
	return "", e.Error
}

// redactError hides secrets the caller sent if the server echoed them into
// its error message or body, which APIs commonly do when they reject a
// field. The result is still an *Error when err was one, so errors.As and the
// Is* helpers keep working.
func redactError(err error, secrets ...string) error {
	if err == nil {
		return nil
	}
	var apiErr *Error
	if errors.As(err, &apiErr) {
		cp := *apiErr
		cp.Message = redactString(cp.Message, secrets)
		cp.Code = redactString(cp.Code, secrets)
		cp.Body = []byte(redactString(string(cp.Body), secrets))
		if err == error(apiErr) {
			return &cp
		}
		return &wrappedError{msg: redactString(err.Error(), secrets), err: &cp}
	}
	if msg := err.Error(); redactString(msg, secrets) != msg {
		return &wrappedError{msg: redactString(msg, secrets), err: err}
	}
	return err
}

// wrappedError replaces an error's text while keeping it reachable for
// errors.Is and errors.As.
type wrappedError struct {
	msg string
	err error
}

func (e *wrappedError) Error() string { return e.msg }
func (e *wrappedError) Unwrap() error { return e.err }
