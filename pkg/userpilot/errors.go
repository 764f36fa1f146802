package userpilot

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/cdpkit/cdpkit"

	gen "github.com/cdpkit/cdpkit/gen/userpilot"
	"github.com/cdpkit/cdpkit/internal/transport"
)

// decodeError reads the first entry of Userpilot's {"errors": [...]}
// envelope: its error_code (or error label) and its message, with the
// details appended when they add something.
func decodeError(_ int, body []byte) (code, message string) {
	var env gen.ErrorResponse
	if json.Unmarshal(body, &env) != nil || len(env.Errors) == 0 {
		return "", ""
	}
	d := env.Errors[0]
	code = d.ErrorCode
	if code == "" {
		code = d.Error
	}
	message = d.Message
	switch {
	case message == "":
		message = d.Details
	case d.Details != "" && !strings.Contains(message, d.Details):
		message += ": " + d.Details
	}
	return code, message
}

// ValidationError reports input refused before any request was made. It is
// cdpkit.ValidationError, shared by every client.
type ValidationError = cdpkit.ValidationError

// JobKind names the kinds of job Userpilot runs one at a time.
type JobKind string

// The job kinds; a second job of a kind that is running gets 409.
const (
	KindBulk   JobKind = "bulk"
	KindImport JobKind = "import"
	KindExport JobKind = "export"
)

// JobRunningError is returned when Userpilot refuses to start a job because
// one of the same kind is running (409). JobID is the running job when the
// client could find it (from the job list), so the usual fix is:
//
//	var busy *userpilot.JobRunningError
//	if errors.As(err, &busy) && busy.JobID != "" {
//		_, _ = client.Jobs.Wait(ctx, busy.JobID) // Exports.Wait for KindExport
//		// then send the request again
//	}
type JobRunningError struct {
	// Kind is the kind of job that is running.
	Kind JobKind
	// JobID is the running job, or "" if it could not be identified.
	JobID string
	// Err is the 409 *Error.
	Err error
}

// Error implements error.
func (e *JobRunningError) Error() string {
	id := "its id could not be found"
	if e.JobID != "" {
		id = "job " + e.JobID
	}
	return fmt.Sprintf("userpilot: a %s job is already running (%s); wait for it with %s and try again: %v", e.Kind, id, e.waitCall(), e.Err)
}

func (e *JobRunningError) waitCall() string {
	if e.Kind == KindExport {
		return "Exports.Wait"
	}
	return "Jobs.Wait"
}

// Unwrap lets errors.As reach the *Error underneath.
func (e *JobRunningError) Unwrap() error { return e.Err }

// JobFailedError is returned by the Wait methods when a job ends as failed.
type JobFailedError struct {
	// JobID is the failed job.
	JobID string
	// Errors are the reasons the server gave, if any.
	Errors []ErrorDetail
	// Job is the final state of a bulk or import job (nil for exports).
	Job *Job
	// Export is the final state of an export job (nil otherwise).
	Export *ExportJob
}

// Error implements error.
func (e *JobFailedError) Error() string {
	var reasons []string
	for _, d := range e.Errors {
		r := strings.TrimSpace(strings.Join(nonEmpty(d.Message, d.Details), ": "))
		if r != "" {
			reasons = append(reasons, r)
		}
	}
	if len(reasons) == 0 {
		return fmt.Sprintf("userpilot: job %s failed (the server gave no details)", e.JobID)
	}
	return fmt.Sprintf("userpilot: job %s failed: %s", e.JobID, strings.Join(reasons, "; "))
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// inputError turns a problem the shared input checks found into a
// ValidationError for field.
func inputError(field string, p *transport.InputProblem) error {
	return &ValidationError{API: apiName, Field: field + p.Path, Problem: p.Problem, Fix: p.Fix}
}

// checkID refuses an id no API could mean (control characters, invalid
// UTF-8, whitespace only, absurd length).
func checkID(field, id string) error {
	if p := transport.CheckID(id, 0); p != nil {
		return inputError(field, p)
	}
	return nil
}

// checkText refuses text that would not arrive as written (invalid UTF-8,
// which JSON encoding silently replaces; control characters such as NUL).
func checkText(field, s string) error {
	if p := transport.CheckText(s); p != nil {
		return inputError(field, p)
	}
	return nil
}

// IsJobRunning reports whether err says a job of the same kind is running:
// a *JobRunningError, or any 409 answer from Userpilot, which uses the
// status for nothing else.
func IsJobRunning(err error) bool {
	var busy *JobRunningError
	return errors.As(err, &busy) || cdpkit.IsConflict(err)
}

// IsJobFailed reports whether err says a job ended as failed.
func IsJobFailed(err error) bool {
	var failed *JobFailedError
	return errors.As(err, &failed)
}
