package userpilot

import (
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
//
// Retries: scheduling the same ids twice deletes them once, so a delete is
// retried like any call.
func (c *Client) DeleteUsers(ctx context.Context, userIDs ...string) (*DeleteScheduled, error) {
	if err := transport.CheckContext(ctx, "userpilot", "Client.DeleteUsers"); err != nil {
		return nil, err
	}
	return c.delete(ctx, "deleteUsers", "users", userIDs, func(ctx context.Context, ids []string) (*http.Response, error) {
		return c.analytex.DeleteUsers(ctx, gen.DeleteUsersRequest{Users: ids})
	})
}

// DeleteCompanies schedules companies for deletion in the daily 02:00 UTC
// run, paced like DeleteUsers.
func (c *Client) DeleteCompanies(ctx context.Context, companyIDs ...string) (*DeleteScheduled, error) {
	if err := transport.CheckContext(ctx, "userpilot", "Client.DeleteCompanies"); err != nil {
		return nil, err
	}
	return c.delete(ctx, "deleteCompanies", "companies", companyIDs, func(ctx context.Context, ids []string) (*http.Response, error) {
		return c.analytex.DeleteCompanies(ctx, gen.DeleteCompaniesRequest{Companies: ids})
	})
}

// delete checks the ids and sends them. An empty list is refused here,
// though Userpilot documents no minimum: such a call would delete nothing.
func (c *Client) delete(ctx context.Context, op, field string, ids []string, call func(context.Context, []string) (*http.Response, error)) (*DeleteScheduled, error) {
	if len(ids) == 0 {
		return nil, &ValidationError{API: apiName, Field: field, Problem: "is empty", Fix: "pass at least one id"}
	}
	for i, id := range ids {
		if strings.TrimSpace(id) == "" {
			return nil, &ValidationError{API: apiName, Field: fmt.Sprintf("%s[%d]", field, i), Problem: "is empty", Fix: "pass the ids of existing records"}
		}
		if err := checkID(fmt.Sprintf("%s[%d]", field, i), id); err != nil {
			return nil, err
		}
	}
	if err := wait(ctx, c.deletes, "delete"); err != nil {
		return nil, err
	}
	resp, err := call(ctx, ids)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return c.readScheduled(op, resp)
}

// readScheduled decodes the 202 leniently: its exact shape is not
// documented, so a body that is not the expected JSON becomes the message.
func (c *Client) readScheduled(op string, resp *http.Response) (*DeleteScheduled, error) {
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return nil, c.analytexT.Undecodable(op, resp, fmt.Errorf("reading the answer (the ids may be scheduled): %w", err))
	}
	var out DeleteScheduled
	if json.Unmarshal(data, &out) != nil || out.Message == "" {
		out.Message = strings.TrimSpace(string(data))
	}
	return &out, nil
}
