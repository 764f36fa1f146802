package usermost

import (
	"github.com/cdpkit/cdpkit"
)

// Error is returned for every non-2xx answer. Use errors.As to inspect it.
type Error = cdpkit.Error
