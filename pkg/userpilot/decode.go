package userpilot

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"

	"github.com/cdpkit/cdpkit/internal/transport"
)

// UndecodedJobError is the cause inside the *Error a call returns when
// Userpilot answered with a success, and so created a job, but the answer
// could not be decoded. JobID is the job's id as far as it could be read
// from the answer: follow it with Jobs.Wait (Exports.Wait for an export)
// rather than sending the request again, which would start a second job.
// CreatedJobID finds it in any error.
type UndecodedJobError struct {
	// JobID is the id of the job the server created.
	JobID string
	// Err is why the answer could not be decoded.
	Err error
}

// Error implements error.
func (e *UndecodedJobError) Error() string {
	return fmt.Sprintf("job %s was created; follow it instead of resending: %v", e.JobID, e.Err)
}

// Unwrap returns the decoding error.
func (e *UndecodedJobError) Unwrap() error { return e.Err }

// CreatedJobID returns the id of the job that a call which failed to decode
// Userpilot's answer created anyway, if the answer named one.
func CreatedJobID(err error) (string, bool) {
	var u *UndecodedJobError
	if errors.As(err, &u) && u.JobID != "" {
		return u.JobID, true
	}
	return "", false
}

// decode reads a 2xx answer of a generated call into v. An answer that is
// not JSON of v's shape becomes an *Error naming the API, the operation and
// the status (Code transport.CodeUndecodable), without the body.
func decode(t *transport.Client, op string, resp *http.Response, err error, v any) error {
	if err != nil {
		return err
	}
	return t.DecodeSuccess(op, resp, v)
}

// jobAnswer is a decoded answer that names the job it started.
type jobAnswer interface {
	*Job | *ExportStarted
}

// decodeJob reads the answer of a call that starts a job: a JSON object,
// whose fields decode leniently (see Count). When the answer cannot be
// decoded, the *Error carries an *UndecodedJobError with whatever job id
// the answer holds, so that the caller can follow the job the server
// created. An object without a job_id decodes; the job then has no id to
// follow.
func decodeJob[T jobAnswer](t *transport.Client, op string, resp *http.Response, err error, v T) error {
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return t.Undecodable(op, resp, fmt.Errorf("read the answer: %w", err))
	}
	var cause error
	if trimmed := bytes.TrimSpace(body); len(trimmed) == 0 || trimmed[0] != '{' {
		cause = errors.New("the answer is not a JSON object describing the job")
	} else if err := json.Unmarshal(body, v); err != nil {
		cause = err
	}
	if cause == nil {
		return nil
	}
	if id := sniffJobID(body); id != "" {
		cause = &UndecodedJobError{JobID: id, Err: cause}
	}
	return t.Undecodable(op, resp, cause)
}

// jobIDPattern finds "job_id": "<id>" in an answer too broken to decode.
var jobIDPattern = regexp.MustCompile(`"job_id"\s*:\s*"((?:[^"\\]|\\.){1,256})"`)

// sniffJobID reads the job id out of an answer that did not decode as a
// whole: from the JSON object if it is one, else from the text.
func sniffJobID(body []byte) string {
	var obj struct {
		JobID json.RawMessage `json:"job_id"`
	}
	if json.Unmarshal(body, &obj) == nil && len(obj.JobID) > 0 {
		var s string
		if json.Unmarshal(obj.JobID, &s) == nil {
			return strings.TrimSpace(s)
		}
		if raw := string(bytes.TrimSpace(obj.JobID)); raw != "null" && len(raw) <= 256 {
			return raw // a number or other scalar: the id as written
		}
		return ""
	}
	if m := jobIDPattern.FindSubmatch(body); m != nil {
		var s string
		if json.Unmarshal(append(append([]byte{'"'}, m[1]...), '"'), &s) == nil {
			return strings.TrimSpace(s)
		}
	}
	return ""
}
