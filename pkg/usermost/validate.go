package usermost

import (
	"fmt"
	"unicode/utf8"

	"github.com/cdpkit/cdpkit"
	"github.com/cdpkit/cdpkit/internal/transport"
)

// Limits the client checks before sending. Usermost's own pages publish no
// limits; both come from the WebEngage document Usermost's text is a
// rewrite of (see specs/usermost.yaml, where they are marked x-unverified),
// so the client may refuse what Usermost would accept. Lengths are counted
// in characters (runes), not bytes.
const (
	maxIDLength        = 100
	maxEventNameLength = 49
)

// ValidationError reports input refused before any request was made. It is
// cdpkit.ValidationError, shared by every client.
type ValidationError = cdpkit.ValidationError

// validateUser checks a profile before UpsertUser sends it: it needs userId
// or deviceId, and each id at most maxIDLength characters. Both rules are
// the parent document's; Usermost's page names the two ids but not the rule.
func validateUser(u User) error {
	if u.UserID == "" && u.DeviceID == "" {
		return &ValidationError{API: apiName, Field: "user", Problem: "has neither userId nor deviceId", Fix: "set UserID for a known user or DeviceID for an anonymous one"}
	}
	if err := validateIDs("user", u.UserID, u.DeviceID); err != nil {
		return err
	}
	for _, f := range [...]struct{ name, text string }{{"firstName", u.FirstName}, {"lastName", u.LastName}, {"company", u.Company}, {"phone", u.Phone}, {"email", u.Email}} {
		if p := transport.CheckText(f.text); p != nil {
			return inputError("user."+f.name, p)
		}
	}
	if p := transport.CheckJSON(u.Attributes); p != nil {
		return inputError("user.attributes", p)
	}
	return nil
}

// inputError turns a problem the shared checks found into a ValidationError.
func inputError(field string, p *transport.InputProblem) error {
	return &ValidationError{API: apiName, Field: field + p.Path, Problem: p.Problem, Fix: p.Fix}
}

// validateEvent checks an event before it is sent: a non-empty name of at
// most maxEventNameLength characters, and userId or deviceId. The name limit
// and the id rule are the parent document's, not Usermost's own.
func validateEvent(path string, e Event) error {
	if e.EventName == "" {
		return &ValidationError{API: apiName, Field: path + ".eventName", Problem: "is empty", Fix: `set a name such as "Added to Cart"`}
	}
	if n := utf8.RuneCountInString(e.EventName); n > maxEventNameLength {
		return &ValidationError{API: apiName, Field: path + ".eventName", Problem: fmt.Sprintf("is %d characters long", n), Fix: fmt.Sprintf("shorten it to at most %d", maxEventNameLength)}
	}
	if p := transport.CheckText(e.EventName); p != nil {
		return inputError(path+".eventName", p)
	}
	if e.UserID == "" && e.DeviceID == "" {
		return &ValidationError{API: apiName, Field: path, Problem: "has neither userId nor deviceId", Fix: "set UserID or DeviceID to say whose event it is"}
	}
	if p := transport.CheckJSON(e.EventData); p != nil {
		return inputError(path+".eventData", p)
	}
	return validateIDs(path, e.UserID, e.DeviceID)
}

func validateIDs(path, userID, deviceID string) error {
	for _, f := range [...]struct{ name, id string }{{"userId", userID}, {"deviceId", deviceID}} {
		name, id := f.name, f.id
		if id == "" {
			continue // the other id is set
		}
		if p := transport.CheckID(id, maxIDLength); p != nil {
			return inputError(path+"."+name, p)
		}
	}
	return nil
}

// ValidateEvent reports whether TrackEvent, TrackEvents and SendBatch would
// accept e, with the *ValidationError they would return. Pipelines that
// queue events (such as package track) use it to refuse a bad event when it
// is queued, rather than have it fail the batch it joins.
func ValidateEvent(e Event) error { return validateEvent("event", e) }

// ValidateUser reports whether UpsertUser would accept u, with the
// *ValidationError it would return.
func ValidateUser(u User) error { return validateUser(u) }
