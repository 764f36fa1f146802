package userlot

import (
	"net/http"

	"github.com/cdpkit/cdpkit/internal/transport"
)

// Float returns a pointer to v, for the optional numbers of the inputs
// (CompanyInput.MRR).
func Float(v float64) *float64 { return &v }

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// oneOf converts whichever 2xx body the API chose. The transport has
// already turned every non-2xx into an *Error, so a missing body means the
// server answered 2xx with something the document does not describe.
func oneOf[G, W any](r *http.Response, body []byte, conv func(*G) *W, candidates ...*G) (*W, error) {
	for _, c := range candidates {
		if c != nil {
			return conv(c), nil
		}
	}
	return nil, unexpected(r, body)
}

// listOf converts a bare-array response.
func listOf[G, W any](r *http.Response, body []byte, list *[]G, conv func(*G) *W) ([]W, error) {
	if list == nil {
		return nil, unexpected(r, body)
	}
	out := make([]W, len(*list))
	for i := range *list {
		out[i] = *conv(&(*list)[i])
	}
	return out, nil
}

func unexpected(r *http.Response, body []byte) error {
	status := 0
	if r != nil {
		status = r.StatusCode
	}
	return &transport.Error{API: api.Name, StatusCode: status, Message: "unexpected success response without the JSON body the API document describes", Body: body}
}
