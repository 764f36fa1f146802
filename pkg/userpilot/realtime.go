package userpilot

import (
	"context"
	"strings"

	gen "github.com/cdpkit/cdpkit/gen/userpilot"
	"github.com/cdpkit/cdpkit/internal/transport"
)

// Identify creates the user or updates their properties. Properties merge
// with the stored ones: send only what changed, and nil to remove one.
// CompanyID links the user to that company. Calls are paced by the
// client-side real-time limit (600 per minute by default).
func (c *Client) Identify(ctx context.Context, user User) error {
	if err := transport.CheckContext(ctx, "userpilot", "Client.Identify"); err != nil {
		return err
	}
	if err := checkUser("user", &user); err != nil {
		return err
	}
	body := gen.IdentifyUserRequest{UserID: user.UserID, Metadata: user.Metadata}
	if user.CompanyID != "" {
		// The prose, the SDK and the integrations key the company by "id".
		body.Company = gen.UserCompany{"id": user.CompanyID}
	}
	if err := wait(ctx, c.realtime, "real-time"); err != nil {
		return err
	}
	_, err := c.analytex.IdentifyUserWithResponse(ctx, body)
	return err
}

// IdentifyCompany creates the company or updates its properties. Users are
// linked to it through User.CompanyID.
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
	_, err := c.analytex.IdentifyCompanyWithResponse(ctx, company)
	return err
}

// Track records a custom event for a user that already exists. Events can
// take up to 15 minutes to appear in Userpilot.
//
// Track is sent once and never retried automatically: Userpilot takes no
// idempotency key for events, so a retry after a lost answer could store
// the event twice. After a connection error or a 5xx the event may or may
// not have been stored.
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
	// Sent once: Userpilot takes no idempotency key for events, so a retry
	// after a lost answer would store the event twice.
	_, err := c.analytex.TrackEventWithResponse(transport.WithoutRetries(ctx), event)
	return err
}

// ValidateKey checks the API key with GET /v1/validate, the call
// Userpilot's Segment integration uses. It is not a documented endpoint, so
// treat a 404 as "unknown" rather than "invalid"; a 401 means the key is
// wrong (or is the App Token).
func (c *Client) ValidateKey(ctx context.Context) error {
	if err := transport.CheckContext(ctx, "userpilot", "Client.ValidateKey"); err != nil {
		return err
	}
	_, err := c.analytex.ValidateKeyWithResponse(ctx)
	return err
}

// checkUser validates a user in place (converting metadata values that need it).
func checkUser(path string, u *User) error {
	if strings.TrimSpace(u.UserID) == "" {
		return &ValidationError{Field: path + ".user_id", Problem: "is empty", Fix: "set UserID to the user's stable id in your system"}
	}
	if err := checkID(path+".user_id", u.UserID); err != nil {
		return err
	}
	md, err := checkMetadata(path+".metadata", u.Metadata)
	u.Metadata = md
	return err
}

func checkCompany(path string, co *Company) error {
	if strings.TrimSpace(co.CompanyID) == "" {
		return &ValidationError{Field: path + ".company_id", Problem: "is empty", Fix: "set CompanyID to the company's stable id in your system"}
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
		return &ValidationError{Field: path + ".user_id", Problem: "is empty", Fix: "set UserID to the id of an identified user"}
	}
	if strings.TrimSpace(e.EventName) == "" {
		return &ValidationError{Field: path + ".event_name", Problem: "is empty", Fix: `set EventName to a descriptive name such as "purchase_completed"`}
	}
	if err := checkID(path+".user_id", e.UserID); err != nil {
		return err
	}
	if p := transport.CheckText(e.EventName); p != nil {
		return inputError(path+".event_name", p)
	}
	md, err := checkMetadata(path+".metadata", e.Metadata)
	e.Metadata = md
	return err
}
