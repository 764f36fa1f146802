package usermost

import (
	"github.com/cdpkit/cdpkit"
	gen "github.com/cdpkit/cdpkit/gen/usermost"
)

// User is a profile to create or update. Set UserID for an identified user
// or DeviceID for an anonymous one.
type User = gen.User

// Event is one custom event. EventName and one of UserID / DeviceID are
// required.
type Event = gen.Event

// Attributes are a user's custom attributes.
type Attributes = gen.Attributes

// EventData holds an event's attributes.
type EventData = gen.EventData

// Gender is a user's gender as Usermost records it.
type Gender = gen.Gender

// The genders Usermost accepts.
const (
	GenderMale   = gen.Male
	GenderFemale = gen.Female
	GenderOther  = gen.Other
)

// Result is the unwrapped body of Usermost's response envelope.
type Result = gen.EnvelopeBody

// Error is returned for every non-2xx answer. Use errors.As to inspect it.
type Error = cdpkit.Error
