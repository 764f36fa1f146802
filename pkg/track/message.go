package track

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// Type says what a Message asks the API to do.
type Type string

// The message types every sink understands.
const (
	// TypeTrack records an event (Event, Properties) for a user or device.
	TypeTrack Type = "track"
	// TypeIdentify creates or updates a user profile with Properties as traits.
	TypeIdentify Type = "identify"
	// TypeGroup creates or updates a company (CompanyID) with Properties.
	TypeGroup Type = "group"
)

// Message is one unit of work for a sink.
type Message struct {
	// ID is unique per message; Enqueue sets it when empty.
	ID string `json:"id"`
	// Type selects the operation.
	Type Type `json:"type"`
	// UserID identifies a known user; DeviceID an anonymous one.
	UserID   string `json:"user_id,omitempty"`
	DeviceID string `json:"device_id,omitempty"`
	// CompanyID is the company a group message describes.
	CompanyID string `json:"company_id,omitempty"`
	// Event names the event of a track message.
	Event string `json:"event,omitempty"`
	// Properties are event properties or profile traits: strings, numbers,
	// booleans or time.Time.
	Properties map[string]any `json:"properties,omitempty"`
	// Timestamp is when it happened; Enqueue sets it to now when zero.
	Timestamp time.Time `json:"timestamp"`
}

// size is the encoded size of m, to keep batches under byte limits; an
// error means m can never be sent.
func (m Message) size() (int, error) {
	b, err := json.Marshal(m)
	return len(b), err
}

// Batch is a group of messages delivered together. ID is derived from the
// message IDs, so the same messages always form the same batch ID — which
// is what makes a resent or replayed batch recognisable to the API.
type Batch struct {
	ID       string    `json:"id"`
	Messages []Message `json:"messages"`
}

func newBatch(msgs []Message) Batch {
	h := sha256.New()
	for _, m := range msgs {
		h.Write([]byte(m.ID))
		h.Write([]byte{0})
	}
	return Batch{ID: hex.EncodeToString(h.Sum(nil)[:16]), Messages: msgs}
}
