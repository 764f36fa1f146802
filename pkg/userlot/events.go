package userlot

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	gen "github.com/cdpkit/cdpkit/gen/userlot"
	"github.com/cdpkit/cdpkit/internal/transport"
)

// IdentifyRequest names an end user and their company by your product's
// ids, as the browser SDK's identify call does.
type IdentifyRequest struct {
	UserEmail, UserExternalID      string
	CompanyName, CompanyExternalID string
}

// Identify links an end user and their company to Userlot, creating them
// when they are new. Call it before sending a user's events. The user needs
// UserExternalID or UserEmail: the vendor does not say which fields are
// required, but without either Userlot cannot tell whom to identify, so the
// client refuses such a call before sending it.
//
// Identify is retried after a connection error or a 5xx: it is a PUT that
// names the user and company by their ids, so a repeat finds what the
// first attempt created.
func (c *Client) Identify(ctx context.Context, in IdentifyRequest) error {
	if err := transport.CheckContext(ctx, "userlot", "Client.Identify"); err != nil {
		return err
	}
	if in.UserExternalID == "" && in.UserEmail == "" {
		return &ValidationError{API: apiName, Field: "UserExternalID", Problem: "and UserEmail are both empty", Fix: "set the user's id in your product (or at least their e-mail address)"}
	}
	if err := checkEmail("UserEmail", in.UserEmail); err != nil {
		return err
	}
	if err := checkInput("IdentifyRequest", in, "UserExternalID", in.UserExternalID, "CompanyExternalID", in.CompanyExternalID); err != nil {
		return err
	}
	resp, err := c.gen.IdentifyUser(ctx, gen.IdentifyRequest{
		UserEmail: optional(in.UserEmail), UserExternalID: optional(in.UserExternalID),
		CompanyName: optional(in.CompanyName), CompanyExternalID: optional(in.CompanyExternalID),
	})
	return acknowledged(c, "identifyUser", resp, err)
}

// Event is a real-time event from your product about an identified user.
// The event endpoint is inferred (see specs/userlot.yaml): its path and
// field names were not seen in a vendor source.
type Event struct {
	// Name is the event's name, e.g. "report_exported". Required.
	Name string
	// UserExternalID (or UserEmail) says whose event it is.
	UserExternalID, UserEmail string
	CompanyExternalID         string
	// Value is optional: NumberValue, TextValue or TimeValue.
	Value EventValue
	// OccurredAt defaults to the time Userlot receives the event.
	OccurredAt time.Time
}

// EventValue is an event's optional value: a number, a string or a time.
// The zero EventValue sends none.
type EventValue struct {
	kind byte // 0 none, 'n' number, 's' text, 't' time
	num  float64
	text string
	at   time.Time
}

// NumberValue is a numeric event value.
func NumberValue(v float64) EventValue { return EventValue{kind: 'n', num: v} }

// TextValue is a text event value.
func TextValue(s string) EventValue { return EventValue{kind: 's', text: s} }

// TimeValue is a time event value, sent as RFC 3339.
func TimeValue(t time.Time) EventValue { return EventValue{kind: 't', at: t} }

// IsZero reports whether the value is unset.
func (v EventValue) IsZero() bool { return v.kind == 0 }

// String formats the value for logs: 120, "text", 2024-03-15T09:00:00Z.
func (v EventValue) String() string {
	switch v.kind {
	case 'n':
		return strconv.FormatFloat(v.num, 'g', -1, 64)
	case 's':
		return strconv.Quote(v.text)
	case 't':
		return v.at.UTC().Format(time.RFC3339)
	}
	return "(none)"
}

func (v EventValue) gen() (*gen.EventValue, error) {
	var out gen.EventValue
	var err error
	switch v.kind {
	case 0:
		return nil, nil
	case 'n':
		err = out.FromEventNumber(v.num)
	case 's':
		err = out.FromEventText(v.text)
	case 't':
		err = out.FromEventTime(v.at.UTC())
	}
	return &out, err
}

// TrackEvent sends one event. The event needs a name and a user
// (UserExternalID or UserEmail), and a number value must be finite.
//
// TrackEvent is sent once and never retried automatically: Userlot takes
// no idempotency key for events, so a retry after a lost answer (a
// connection error or a 5xx after the body went out) could store the
// event twice. On such an error the event may or may not be stored; send it
// again only if a duplicate is acceptable.
func (c *Client) TrackEvent(ctx context.Context, e Event) error {
	if err := transport.CheckContext(ctx, "userlot", "Client.TrackEvent"); err != nil {
		return err
	}
	if strings.TrimSpace(e.Name) == "" {
		return &ValidationError{API: apiName, Field: "Event.Name", Problem: "is empty", Fix: `name the event, e.g. "report_exported"`}
	}
	if e.UserExternalID == "" && e.UserEmail == "" {
		return &ValidationError{API: apiName, Field: "Event.UserExternalID", Problem: "and UserEmail are both empty", Fix: "say whose event it is; identify the user first with Client.Identify"}
	}
	if err := checkEmail("Event.UserEmail", e.UserEmail); err != nil {
		return err
	}
	if err := checkInput("Event", e, "UserExternalID", e.UserExternalID, "CompanyExternalID", e.CompanyExternalID); err != nil {
		return err
	}
	if e.Value.kind == 'n' && (math.IsNaN(e.Value.num) || math.IsInf(e.Value.num, 0)) {
		return &ValidationError{API: apiName, Field: "Event.Value", Problem: "is not a finite number", Fix: "JSON cannot carry NaN or infinity; send a finite number"}
	}
	value, err := e.Value.gen()
	if err != nil {
		return err
	}
	body := gen.Event{
		Name: e.Name, UserExternalID: optional(e.UserExternalID), UserEmail: optional(e.UserEmail),
		CompanyExternalID: optional(e.CompanyExternalID), Value: value,
	}
	if !e.OccurredAt.IsZero() {
		t := e.OccurredAt.UTC()
		body.OccurredAt = &t
	}
	// Sent once: see the retry rule above.
	resp, err := c.gen.TrackEvent(transport.WithoutRetries(ctx), body)
	return acknowledged(c, "trackEvent", resp, err)
}

// acknowledged finishes a call whose answer body is not documented: any
// JSON, or none, is a success; a body that is not JSON is an *Error naming
// the operation and the status.
func acknowledged(c *Client, operation string, resp *http.Response, err error) error {
	if err != nil {
		return err
	}
	var ack json.RawMessage
	return c.http.DecodeSuccess(operation, resp, &ack)
}
