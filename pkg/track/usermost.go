package track

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cdpkit/cdpkit"

	"github.com/cdpkit/cdpkit/pkg/usermost"
)

// usermostTimeLayout is the vendor's documented timestamp form.
const usermostTimeLayout = "2006-01-02T15:04:05-0700"

// usermostProfileFields are traits that map onto Usermost's system
// attributes; every other trait goes into the profile's custom attributes.
var usermostProfileFields = map[string]func(*usermost.User, string){
	"firstName": func(u *usermost.User, v string) { u.FirstName = v },
	"lastName":  func(u *usermost.User, v string) { u.LastName = v },
	"company":   func(u *usermost.User, v string) { u.Company = v },
	"phone":     func(u *usermost.User, v string) { u.Phone = v },
}

type usermostSink struct{ client *usermost.Client }

// UsermostSink delivers track messages through the eventsBatch endpoint and
// identify messages as profile upserts. Each batch's ID is sent as its
// x-request-id, so Usermost stores a resent batch once.
func UsermostSink(client *usermost.Client) Sink { return &usermostSink{client: client} }

// Name includes the license code, so that two accounts' spilled batches
// never mix.
func (s *usermostSink) Name() string { return "usermost-" + s.client.LicenseCode() }

func (s *usermostSink) Limits() Limits { return Limits{MaxMessages: usermost.MaxBatchSize} }

// Validate rejects, at Enqueue, what Usermost cannot store: it applies the
// client's own checks to the request the message becomes, so nothing that
// passes here fails a batch in Send.
func (s *usermostSink) Validate(m Message) error {
	switch m.Type {
	case TypeGroup:
		return errors.New("usermost has no companies: send group messages to another sink")
	case TypeIdentify:
		return usermost.ValidateUser(usermostUser(m))
	case TypeTrack:
		return usermost.ValidateEvent(usermostEvent(m))
	}
	return fmt.Errorf("usermost cannot send %q messages", m.Type)
}

// Send upserts the batch's profiles one by one, then sends its events in one
// request keyed by the batch ID. Profiles upserted before a failure are
// reported in a *PartialError, so a retry does not send them again.
func (s *usermostSink) Send(ctx context.Context, b Batch) error {
	for _, m := range b.Messages {
		if err := s.Validate(m); err != nil {
			// Only a spill file written by another version can get here.
			return Permanent(fmt.Errorf("track: usermost sink: message %s: %w", m.ID, err))
		}
	}
	var events []usermost.Event
	var done []string
	for _, m := range b.Messages {
		switch m.Type {
		case TypeIdentify:
			if _, err := s.client.UpsertUser(ctx, usermostUser(m)); err != nil {
				return Partial(done, usermostErr(err))
			}
			done = append(done, m.ID)
		case TypeTrack:
			events = append(events, usermostEvent(m))
		}
	}
	if len(events) == 0 {
		return nil
	}
	_, err := s.client.SendBatch(ctx, b.ID, events)
	return Partial(done, usermostErr(err))
}

func usermostEvent(m Message) usermost.Event {
	return usermost.Event{
		UserID:    m.UserID,
		DeviceID:  m.DeviceID,
		EventName: m.Event,
		EventTime: m.Timestamp.Format(usermostTimeLayout),
		EventData: usermostData(m.Properties),
	}
}

func usermostUser(m Message) usermost.User {
	u := usermost.User{UserID: m.UserID, DeviceID: m.DeviceID}
	for k, v := range m.Properties {
		if set, ok := usermostProfileFields[k]; ok {
			if str, isStr := v.(string); isStr {
				set(&u, str)
				continue
			}
		}
		if u.Attributes == nil {
			u.Attributes = usermost.Attributes{}
		}
		u.Attributes[k] = usermostValue(v)
	}
	return u
}

func usermostData(props map[string]any) usermost.EventData {
	if len(props) == 0 {
		return nil
	}
	out := make(usermost.EventData, len(props))
	for k, v := range props {
		out[k] = usermostValue(v)
	}
	return out
}

func usermostValue(v any) any {
	if t, ok := v.(time.Time); ok {
		return t.Format(usermostTimeLayout)
	}
	return v
}

// usermostErr stops retries for input the client itself rejected, and keeps
// retrying a 2xx the client turned into an error (an envelope saying
// "error", or an answer it could not read): the API may have stored the
// batch, and resending it under the same x-request-id is safe and finds out.
func usermostErr(err error) error {
	var verr *usermost.ValidationError
	if errors.As(err, &verr) {
		return Permanent(err)
	}
	if code := cdpkit.StatusCode(err); code >= 200 && code < 300 {
		return Transient(err)
	}
	return err
}
