package track

import (
	"context"
	"errors"
	"fmt"
	"time"

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

// Validate rejects what Usermost cannot store, at Enqueue.
func (s *usermostSink) Validate(m Message) error {
	if m.Type == TypeGroup {
		return errors.New("usermost has no companies: send group messages to another sink")
	}
	if m.Type == TypeTrack && len([]rune(m.Event)) > 49 {
		return fmt.Errorf("event name %q is over Usermost's 49 characters", m.Event)
	}
	return nil
}

func (s *usermostSink) Send(ctx context.Context, b Batch) error {
	var events []usermost.Event
	for _, m := range b.Messages {
		switch m.Type {
		case TypeIdentify:
			if _, err := s.client.UpsertUser(ctx, usermostUser(m)); err != nil {
				return permanentIfInvalid(err)
			}
		case TypeTrack:
			events = append(events, usermost.Event{
				UserID:    m.UserID,
				DeviceID:  m.DeviceID,
				EventName: m.Event,
				EventTime: m.Timestamp.Format(usermostTimeLayout),
				EventData: usermostData(m.Properties),
			})
		}
	}
	if len(events) == 0 {
		return nil
	}
	_, err := s.client.SendBatch(ctx, b.ID, events)
	return permanentIfInvalid(err)
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

// permanentIfInvalid stops retries for input the client itself rejected.
func permanentIfInvalid(err error) error {
	var verr *usermost.ValidationError
	if errors.As(err, &verr) {
		return Permanent(err)
	}
	return err
}
