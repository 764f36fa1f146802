package conformance_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/cdpkit/cdpkit/internal/conformance"
)

// Helpers for the vendors whose documents are not OpenAPI files (Usermost,
// Userlot, ActiveProspect): a page of text, a Postman export, rendered
// schemas. Their references are built here from the document itself.

// ruleReference is a vendor document that is not an OpenAPI file and shows
// no exchanges, only rules: check says whether it covers a request and
// whether the request keeps to it.
type ruleReference struct {
	name  string
	check func(ctx context.Context, r *conformance.Request) (op string, covered bool, err error)
}

func (s *ruleReference) Name() string { return s.name }

func (s *ruleReference) Check(ctx context.Context, r *conformance.Request) (string, bool, error) {
	return s.check(ctx, r)
}

// seedReference is a ruleReference that also shows answers and request
// bodies, which feed the suite's other two directions (see
// conformance.Check).
type seedReference struct {
	ruleReference
	samples  []conformance.Sample
	examples []conformance.RequestExample
}

// ResponseSamples lists the answers the document shows.
func (s *seedReference) ResponseSamples() ([]conformance.Sample, error) { return s.samples, nil }

// RequestExamples lists the request bodies the document shows.
func (s *seedReference) RequestExamples() []conformance.RequestExample { return s.examples }

// listMarker is the "- " a rendered example puts before every member and
// array item.
var listMarker = regexp.MustCompile(`([\[{,]\s*)- `)

// renderedJSON returns the JSON blocks of a rendered reference page, in
// order: every block that starts a line with { or [ and runs to its
// matching bracket, with the renderer's list markers removed and any
// ellipsis ("…", the page's "more here") dropped. Blocks that still do not
// parse are an error, so a page that changes shape fails loudly.
func renderedJSON(t *testing.T, text string) []any {
	t.Helper()
	var out []any
	var block []string
	depth := 0
	for line := range strings.SplitSeq(text, "\n") {
		if block == nil {
			trimmed := strings.TrimSpace(line)
			if !strings.HasPrefix(trimmed, "{") && !strings.HasPrefix(trimmed, "[") {
				continue
			}
		}
		block = append(block, line)
		depth += strings.Count(line, "{") + strings.Count(line, "[") - strings.Count(line, "}") - strings.Count(line, "]")
		if depth > 0 {
			continue
		}
		src := listMarker.ReplaceAllString(strings.Join(block, "\n"), "$1")
		src = strings.ReplaceAll(src, "…", "")
		var v any
		if err := json.Unmarshal([]byte(src), &v); err != nil {
			t.Fatalf("a JSON block of the vendor's page does not parse: %v\n%s", err, src)
		}
		out = append(out, v)
		block, depth = nil, 0
	}
	return out
}

// mustJSON encodes v for a sample body.
func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// objectBody decodes a recorded request body that must be a JSON object.
func objectBody(r *conformance.Request) (map[string]any, error) {
	var body map[string]any
	if err := json.Unmarshal(r.Body, &body); err != nil {
		return nil, fmt.Errorf("the body is not a JSON object: %w", err)
	}
	return body, nil
}

// sendExample posts a vendor request example to url with hc, after auth
// has put the credentials on it, and returns the fake's status; a non-2xx
// is also an error carrying the fake's answer.
func sendExample(ctx context.Context, hc *http.Client, url string, ex conformance.RequestExample, auth func(*http.Request)) (int, error) {
	body, ctype, err := conformance.EncodeExample(ex)
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, ex.Method, url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", ctype)
	auth(req)
	resp, err := hc.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		return resp.StatusCode, fmt.Errorf("%d %s", resp.StatusCode, bytes.TrimSpace(msg))
	}
	return resp.StatusCode, nil
}
