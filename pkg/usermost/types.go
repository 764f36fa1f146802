package usermost

import (
	"github.com/cdpkit/cdpkit/internal/transport"
)

// Error is returned for every non-2xx answer. Use errors.As to inspect it.
type Error = transport.Error

// Bool returns a pointer to v, for the optional boolean fields of [User].
func Bool(v bool) *bool { return &v }
