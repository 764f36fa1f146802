package userpilot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	gen "github.com/cdpkit/cdpkit/gen/userpilot"
	"github.com/cdpkit/cdpkit/internal/transport"
)

// DeleteUsers schedules users and their data for deletion (GDPR right to be
// forgotten). Userpilot deletes them in its daily run at 02:00 UTC, not at
// once. Calls are paced by the client-side delete limit (one per 2 s by
// default), so send many ids per call rather than many calls.
func (c *Client) DeleteUsers(ctx context.Context, userIDs ...string) (*DeleteScheduled, error) {
	if err := transport.CheckContext(ctx, "userpilot", "Client.DeleteUsers"); err != nil {
		return nil, err
	}
	return c.delete(ctx, "users", userIDs, c.analytex.DeleteUsers)
}

// DeleteCompanies schedules companies for deletion in the daily 02:00 UTC
// run, paced like DeleteUsers.
func (c *Client) DeleteCompanies(ctx context.Context, companyIDs ...string) (*DeleteScheduled, error) {
	if err := transport.CheckContext(ctx, "userpilot", "Client.DeleteCompanies"); err != nil {
		return nil, err
	}
	return c.delete(ctx, "companies", companyIDs, c.analytex.DeleteCompanies)
}

func (c *Client) delete(ctx context.Context, field string, ids []string, call func(context.Context, ...gen.RequestEditorFn) (*http.Response, error)) (*DeleteScheduled, error) {
	if len(ids) == 0 {
		return nil, &ValidationError{Field: field, Problem: "is empty", Fix: "pass at least one id"}
	}
	for i, id := range ids {
		if strings.TrimSpace(id) == "" {
			return nil, &ValidationError{Field: fmt.Sprintf("%s[%d]", field, i), Problem: "is empty", Fix: "pass the ids of existing records"}
		}
		if err := checkID(fmt.Sprintf("%s[%d]", field, i), id); err != nil {
			return nil, err
		}
	}
	body, err := json.Marshal(map[string][]string{field: ids})
	if err != nil {
		return nil, err
	}
	if err := wait(ctx, c.deletes, "delete"); err != nil {
		return nil, err
	}
	resp, err := call(ctx, withJSONBody(body))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return readScheduled(resp)
}

// withJSONBody attaches a JSON body to a generated call that has none: the
// document cannot declare a DELETE body (OpenAPI 3.0 gives it no meaning),
// but Userpilot's delete endpoints require one. GetBody lets the transport
// retry the request.
func withJSONBody(body []byte) gen.RequestEditorFn {
	return func(_ context.Context, req *http.Request) error {
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
		req.ContentLength = int64(len(body))
		req.Header.Set("Content-Type", "application/json")
		return nil
	}
}

// readScheduled decodes the 202 leniently: its exact shape is not
// documented, so a body that is not the expected JSON becomes the message.
func readScheduled(resp *http.Response) (*DeleteScheduled, error) {
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return nil, err
	}
	var out DeleteScheduled
	if json.Unmarshal(data, &out) != nil || out.Message == "" {
		out.Message = strings.TrimSpace(string(data))
	}
	return &out, nil
}
