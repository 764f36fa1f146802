package userpilot

import (
	"context"
	"fmt"
	"strings"

	gen "github.com/cdpkit/cdpkit/gen/userpilot"
	"github.com/cdpkit/cdpkit/internal/transport"
)

// Identify creates the user or updates their properties. Properties merge
// with the stored ones: send only what changed, and nil to remove one.
// CompanyID links the user to that company, and user.Company, if set, sends
// the company's properties inline. The company object carries its id as
// both company.id and company.company_id by default (see CompanyKeys and
// WithCompanyKeys for why, and to send only one). Calls are paced by the
// client-side real-time limit (600 per minute by default).
//
// Retries: an identify is an upsert that sets the same properties however
// often it is applied, so it is retried like any call (connection errors,
// 408, 429, 5xx).
func (c *Client) Identify(ctx context.Context, user User) error {
	if err := transport.CheckContext(ctx, "userpilot", "Client.Identify"); err != nil {
		return err
	}
	body, err := c.identifyBody(user)
	if err != nil {
		return err
	}
	if err := wait(ctx, c.realtime, "real-time"); err != nil {
		return err
	}
	resp, err := c.analytex.IdentifyUser(ctx, body)
	return decode(c.analytexT, "identifyUser", resp, err, nil)
}

// identifyBody checks user and builds the identify body.
func (c *Client) identifyBody(user User) (gen.IdentifyUserRequest, error) {
	if err := checkUser("user", &user); err != nil {
		return gen.IdentifyUserRequest{}, err
	}
	body := gen.IdentifyUserRequest{UserID: user.UserID, Metadata: user.Metadata}
	if user.CompanyID == "" {
		if len(user.Company) > 0 {
			return body, &ValidationError{API: apiName, Field: "user.company", Problem: "has properties but CompanyID is empty", Fix: "set CompanyID to the id of the company the properties belong to"}
		}
		return body, nil
	}
	props, err := checkMetadata("user.company", user.Company)
	if err != nil {
		return body, err
	}
	company := gen.UserCompany{}
	for k, v := range props {
		if k == "id" || k == "company_id" {
			return body, &ValidationError{API: apiName, Field: fmt.Sprintf("user.company[%q]", k), Problem: "is the company's id key, not a property", Fix: "set the id with CompanyID and remove this key"}
		}
		company[k] = v
	}
	switch c.companyKeys {
	case CompanyIDOnly:
		company["id"] = user.CompanyID
	case CompanyCompanyIDOnly:
		company["company_id"] = user.CompanyID
	default:
		company["id"] = user.CompanyID
		company["company_id"] = user.CompanyID
	}
	body.Company = company
	return body, nil
}

// IdentifyCompany creates the company or updates its properties. Users are
// linked to it through User.CompanyID. Like Identify, it is an upsert and
// is retried like any call.
func (c *Client) IdentifyCompany(ctx context.Context, company Company) error {
	if err := transport.CheckContext(ctx, "userpilot", "Client.IdentifyCompany"); err != nil {
		return err
	}
	if err := checkCompany("company", &company); err != nil {
		return err
	}
	if err := wait(ctx, c.realtime, "real-time"); err != nil {
		return err
	}
	resp, err := c.analytex.IdentifyCompany(ctx, company)
	return decode(c.analytexT, "identifyCompany", resp, err, nil)
}

// Track records a custom event for a user that already exists. Events can
// take up to 15 minutes to appear in Userpilot.
//
// Retries: Userpilot has no idempotency key, so an event sent twice is
// stored twice. Track is therefore retried only when the failure proves the
// event was not stored: the connection could not be opened, or the server
// answered 429 (rate limited) or 503 (unavailable). After a reset, a
// timeout or another 5xx the event may have been stored, so the error is
// returned instead; resend it yourself if a duplicate is better than a
// loss for you (pkg/track's Userpilot sink tags events with a message id
// for de-duplication downstream).
func (c *Client) Track(ctx context.Context, event Event) error {
	if err := transport.CheckContext(ctx, "userpilot", "Client.Track"); err != nil {
		return err
	}
	if err := checkEvent("event", &event); err != nil {
		return err
	}
	if err := wait(ctx, c.realtime, "real-time"); err != nil {
		return err
	}
	resp, err := c.analytex.TrackEvent(transport.RetryOnlyIf(ctx, transport.NotProcessed), event)
	return decode(c.analytexT, "trackEvent", resp, err, nil)
}

// ValidateKey checks the API key with GET /v1/validate, the call
// Userpilot's Segment integration uses. It is not a documented endpoint, so
// treat a 404 as "unknown" rather than "invalid"; a 401 means the key is
// wrong (or is the App Token).
func (c *Client) ValidateKey(ctx context.Context) error {
	if err := transport.CheckContext(ctx, "userpilot", "Client.ValidateKey"); err != nil {
		return err
	}
	resp, err := c.analytex.ValidateKey(ctx)
	return decode(c.analytexT, "validateKey", resp, err, nil)
}

// checkUser validates a user in place (converting metadata values that
// need it). A user id is required by Userpilot; one of only spaces is
// refused here too, as Userpilot would store it as a distinct user.
func checkUser(path string, u *User) error {
	if strings.TrimSpace(u.UserID) == "" {
		return &ValidationError{API: apiName, Field: path + ".user_id", Problem: "is empty", Fix: "set UserID to the user's stable id in your system"}
	}
	if err := checkID(path+".user_id", u.UserID); err != nil {
		return err
	}
	if u.CompanyID != "" {
		if err := checkID(path+".company_id", u.CompanyID); err != nil {
			return err
		}
	}
	md, err := checkMetadata(path+".metadata", u.Metadata)
	u.Metadata = md
	return err
}

// checkBulkUser is checkUser for a record of a bulk update, which cannot
// carry company properties.
func checkBulkUser(path string, u *User) error {
	if len(u.Company) > 0 {
		return &ValidationError{API: apiName, Field: path + ".company", Problem: "is set, but bulk records carry no company properties", Fix: "identify the companies with BulkIdentifyCompanies and keep CompanyID on the user"}
	}
	return checkUser(path, u)
}

func checkCompany(path string, co *Company) error {
	if strings.TrimSpace(co.CompanyID) == "" {
		return &ValidationError{API: apiName, Field: path + ".company_id", Problem: "is empty", Fix: "set CompanyID to the company's stable id in your system"}
	}
	if err := checkID(path+".company_id", co.CompanyID); err != nil {
		return err
	}
	md, err := checkMetadata(path+".metadata", co.Metadata)
	co.Metadata = md
	return err
}

func checkEvent(path string, e *Event) error {
	if strings.TrimSpace(e.UserID) == "" {
		return &ValidationError{API: apiName, Field: path + ".user_id", Problem: "is empty", Fix: "set UserID to the id of an identified user"}
	}
	if strings.TrimSpace(e.EventName) == "" {
		return &ValidationError{API: apiName, Field: path + ".event_name", Problem: "is empty", Fix: `set EventName to a descriptive name such as "purchase_completed"`}
	}
	if err := checkID(path+".user_id", e.UserID); err != nil {
		return err
	}
	if err := checkText(path+".event_name", e.EventName); err != nil {
		return err
	}
	md, err := checkMetadata(path+".metadata", e.Metadata)
	e.Metadata = md
	return err
}
