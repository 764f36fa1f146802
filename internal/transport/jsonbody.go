package transport

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// ContentTypeJSON is the content type of the bodies JSONBody builds.
const ContentTypeJSON = "application/json"

// JSONBody marshals v into a request body for a generated client's
// ...WithBody method. The wrapper packages send their own types, so they
// build the body here instead of having the generated client marshal its
// copies of them. A *bytes.Reader lets http.NewRequest set GetBody, so the
// transport can replay the body on a retry.
func JSONBody(api string, v any) (*bytes.Reader, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("%s: encode the request body: %w", api, err)
	}
	return bytes.NewReader(b), nil
}
