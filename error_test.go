package cdpkit_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cdpkit/cdpkit"
)

func TestErrorText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  cdpkit.Error
		want string
	}{
		{cdpkit.Error{API: "usermost", StatusCode: 404, Method: "POST", URL: "https://api.usermost.com/v1/accounts/lc/users", Message: "invalid url", RequestID: "abc"},
			"usermost: POST https://api.usermost.com/v1/accounts/lc/users: 404 Not Found: invalid url (request id abc)"},
		{cdpkit.Error{API: "userpilot", StatusCode: 429, Method: "GET", URL: "https://x/y", RetryAfter: 90 * time.Second},
			"userpilot: GET https://x/y: 429 Too Many Requests (retry after 1m30s)"},
		{cdpkit.Error{API: "userlot", StatusCode: 400, Code: "invalid_email", Message: "email is invalid"},
			"userlot: 400 Bad Request: email is invalid (code invalid_email)"},
		{cdpkit.Error{API: "usermost", Operation: "trackEvent", StatusCode: 200, Code: "undecodable_response", Message: "m"},
			"usermost: trackEvent: 200 OK: m (code undecodable_response)"},
		{cdpkit.Error{StatusCode: 409, Code: "busy", Message: "busy"}, "409 Conflict: busy"},
		{cdpkit.Error{StatusCode: 599}, "599"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q\nwant      %q", got, tt.want)
		}
	}
	cause := errors.New("cause")
	if e := (&cdpkit.Error{Err: cause}); !errors.Is(e, cause) {
		t.Error("Unwrap does not reach Err")
	}
}

func TestStatusHelpers(t *testing.T) {
	t.Parallel()
	helpers := map[string]func(error) bool{
		"IsBadRequest": cdpkit.IsBadRequest, "IsUnauthorized": cdpkit.IsUnauthorized, "IsForbidden": cdpkit.IsForbidden,
		"IsNotFound": cdpkit.IsNotFound, "IsConflict": cdpkit.IsConflict, "IsUnprocessable": cdpkit.IsUnprocessable,
		"IsRateLimited": cdpkit.IsRateLimited, "IsServerError": cdpkit.IsServerError,
	}
	tests := []struct {
		status int
		want   string // the one helper that must say true; "" for none
	}{
		{400, "IsBadRequest"}, {401, "IsUnauthorized"}, {403, "IsForbidden"}, {404, "IsNotFound"},
		{409, "IsConflict"}, {422, "IsUnprocessable"}, {429, "IsRateLimited"}, {500, "IsServerError"},
		{503, "IsServerError"}, {599, "IsServerError"},
		{200, ""}, {408, ""}, {499, ""}, {600, ""},
	}
	for _, tt := range tests {
		err := fmt.Errorf("ctx: %w", &cdpkit.Error{StatusCode: tt.status})
		joined := errors.Join(errors.New("other"), &cdpkit.Error{StatusCode: tt.status})
		for name, f := range helpers {
			if got := f(err); got != (name == tt.want) {
				t.Errorf("%s(%d) = %t", name, tt.status, got)
			}
			if got := f(joined); got != (name == tt.want) {
				t.Errorf("%s(joined %d) = %t", name, tt.status, got)
			}
		}
		if cdpkit.StatusCode(err) != tt.status {
			t.Errorf("StatusCode = %d, want %d", cdpkit.StatusCode(err), tt.status)
		}
	}
	for name, f := range helpers {
		if f(nil) || f(errors.New("plain")) || f(context.Canceled) || f(&cdpkit.ConnectionError{Err: errors.New("x")}) {
			t.Errorf("%s is true for a non-HTTP error", name)
		}
	}
	if cdpkit.StatusCode(nil) != 0 || cdpkit.StatusCode(errors.New("plain")) != 0 {
		t.Error("StatusCode of a non-HTTP error should be 0")
	}
}

func TestLongMessageIsClipped(t *testing.T) {
	t.Parallel()
	e := &cdpkit.Error{StatusCode: 400, Message: strings.Repeat("é", 400)}
	got := e.Error()
	if len(got) > 400 || !strings.HasSuffix(got, "…") || !utf8.ValidString(got) {
		t.Errorf("Error() = %d bytes %q…, want a clipped valid string", len(got), got[:20])
	}
}

func TestConnectionErrorPrintsOnlyItsFields(t *testing.T) {
	t.Parallel()
	cause := fmt.Errorf("dial tcp: %w", context.DeadlineExceeded)
	e := &cdpkit.ConnectionError{API: "usermost", Method: "POST", URL: "https://h/x", Err: cause, Permanent: true}
	want := "usermost: POST https://h/x: dial tcp: context deadline exceeded"
	for _, got := range []string{e.Error(), fmt.Sprintf("%v", e), fmt.Sprintf("%+v", e), fmt.Sprintf("%s", e)} {
		if got != want {
			t.Errorf("printed %q, want %q", got, want)
		}
	}
	if got := fmt.Sprintf("%q", e); got != fmt.Sprintf("%q", want) {
		t.Errorf("%%q = %s", got)
	}
	if got := fmt.Sprintf("%#v", e); got != `&cdpkit.ConnectionError{API:"usermost", Method:"POST", URL:"https://h/x", Permanent:true, Err:"dial tcp: context deadline exceeded"}` {
		t.Errorf("%%#v = %s", got)
	}
	if !errors.Is(e, context.DeadlineExceeded) {
		t.Error("Unwrap does not reach the cause")
	}
}

func TestValidationErrorText(t *testing.T) {
	t.Parallel()
	e := &cdpkit.ValidationError{API: "userpilot", Field: "user.user_id", Problem: "is empty", Fix: "set UserID"}
	if got := e.Error(); got != "userpilot: user.user_id: is empty: set UserID" {
		t.Errorf("Error() = %q", got)
	}
	e.API = ""
	if got := e.Error(); got != "user.user_id: is empty: set UserID" {
		t.Errorf("without API: %q", got)
	}
}

func TestPtr(t *testing.T) {
	t.Parallel()
	p, q := cdpkit.Ptr(false), cdpkit.Ptr(false)
	if p == nil || *p || p == q {
		t.Errorf("Ptr(false) = %v, %v: want distinct pointers to false", p, q)
	}
}
