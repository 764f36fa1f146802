package track

import (
	"context"
	"errors"
	"iter"
	"maps"
	"strings"

	"github.com/cdpkit/cdpkit/pkg/userpilot"
)

// DefaultUserpilotBulkThreshold is the batch share of one message type at
// which the Userpilot sink switches from real-time calls to a bulk job. At
// Userpilot's 600 real-time calls a minute, 50 calls take 5 seconds; a bulk
// job takes a few seconds whatever its size.
const DefaultUserpilotBulkThreshold = 50

// MessageIDProperty is the metadata property the Userpilot sink adds to
// every event, holding the message ID. Userpilot documents no idempotency
// key, so this is how a resent event can be recognised downstream.
const MessageIDProperty = "message_id"

type userpilotSink struct {
	client    *userpilot.Client
	threshold int
}

// UserpilotSinkOption adjusts UserpilotSink.
type UserpilotSinkOption func(*userpilotSink)

// UserpilotBulkThreshold sets how many messages of one type a batch needs
// before they go through a bulk job instead of real-time calls.
func UserpilotBulkThreshold(n int) UserpilotSinkOption {
	return func(s *userpilotSink) {
		if n > 0 {
			s.threshold = n
		}
	}
}

// UserpilotSink delivers identify, group and track messages to Userpilot:
// through the real-time endpoints for small batches, and through bulk
// identify jobs and event imports — waited on until they complete — when a
// batch holds at least the bulk threshold of one type. Each event carries
// its message ID in the MessageIDProperty metadata.
func UserpilotSink(client *userpilot.Client, opts ...UserpilotSinkOption) Sink {
	s := &userpilotSink{client: client, threshold: DefaultUserpilotBulkThreshold}
	for _, o := range opts {
		o(s)
	}
	return s
}

func (s *userpilotSink) Name() string { return "userpilot" }

func (s *userpilotSink) Limits() Limits { return Limits{MaxMessages: userpilot.MaxBulkRecords} }

// Validate rejects, at Enqueue, what the Userpilot client would refuse in
// Send: blank user and company ids and unnamed properties.
func (s *userpilotSink) Validate(m Message) error {
	if m.Type == TypeGroup {
		if strings.TrimSpace(m.CompanyID) == "" {
			return errors.New("userpilot needs a CompanyID that is not blank")
		}
	} else if strings.TrimSpace(m.UserID) == "" {
		return errors.New("userpilot needs a UserID that is not blank: anonymous DeviceID-only messages cannot be sent")
	}
	if _, unnamed := m.Properties[""]; unnamed {
		return errors.New("userpilot needs every property named: Properties has an empty key")
	}
	return nil
}

// Send delivers companies first (so users and events can refer to them),
// then users, then events. Each group goes through real-time calls, or one
// bulk job when it reaches the threshold. What was delivered before a
// failure is reported in a *PartialError, so a retry sends only the rest:
// Userpilot cannot recognise a repeated real-time event.
func (s *userpilotSink) Send(ctx context.Context, b Batch) error {
	var companies, users, events []Message
	for _, m := range b.Messages {
		switch m.Type {
		case TypeGroup:
			companies = append(companies, m)
		case TypeIdentify:
			users = append(users, m)
		case TypeTrack:
			events = append(events, m)
		}
	}
	var done []string
	for _, group := range []struct {
		msgs []Message
		one  func(context.Context, Message) error
		bulk func(context.Context, []Message) error
	}{
		{companies, s.company, s.companies},
		{users, s.user, s.users},
		{events, s.event, s.events},
	} {
		if len(group.msgs) == 0 {
			continue
		}
		if len(group.msgs) >= s.threshold {
			if err := group.bulk(ctx, group.msgs); err != nil {
				return Partial(done, err)
			}
			for _, m := range group.msgs {
				done = append(done, m.ID)
			}
			continue
		}
		for _, m := range group.msgs {
			if err := group.one(ctx, m); err != nil {
				return Partial(done, userpilotErr(err))
			}
			done = append(done, m.ID)
		}
	}
	return nil
}

func (s *userpilotSink) company(ctx context.Context, m Message) error {
	return s.client.IdentifyCompany(ctx, userpilotCompany(m))
}

func (s *userpilotSink) user(ctx context.Context, m Message) error {
	return s.client.Identify(ctx, userpilotUser(m))
}

func (s *userpilotSink) event(ctx context.Context, m Message) error {
	return s.client.Track(ctx, userpilot.Event{UserID: m.UserID, EventName: m.Event, Metadata: userpilotMetadata(m, true)})
}

func userpilotCompany(m Message) userpilot.Company {
	return userpilot.Company{CompanyID: m.CompanyID, Metadata: userpilotMetadata(m, false)}
}

func userpilotUser(m Message) userpilot.User {
	return userpilot.User{UserID: m.UserID, CompanyID: m.CompanyID, Metadata: userpilotMetadata(m, false)}
}

func (s *userpilotSink) companies(ctx context.Context, msgs []Message) error {
	companies := make([]userpilot.Company, len(msgs))
	for i, m := range msgs {
		companies[i] = userpilotCompany(m)
	}
	res, err := s.client.BulkIdentifyCompanies(ctx, companies)
	if err != nil {
		return userpilotErr(err)
	}
	return s.wait(ctx, res.LastJob().JobID)
}

func (s *userpilotSink) users(ctx context.Context, msgs []Message) error {
	users := make([]userpilot.User, len(msgs))
	for i, m := range msgs {
		users[i] = userpilotUser(m)
	}
	res, err := s.client.BulkIdentifyUsers(ctx, users)
	if err != nil {
		return userpilotErr(err)
	}
	return s.wait(ctx, res.LastJob().JobID)
}

func (s *userpilotSink) events(ctx context.Context, events []Message) error {
	rows := func(yield func(userpilot.ImportEvent) bool) {
		for _, m := range events {
			row := userpilot.ImportEvent{
				EventType:  userpilot.ImportTrack,
				Source:     userpilot.SourceBackendHTTPImport,
				UserID:     m.UserID,
				CompanyID:  m.CompanyID,
				EventName:  m.Event,
				InsertedAt: userpilot.FormatTime(m.Timestamp),
				Metadata:   userpilotMetadata(m, true),
			}
			if !yield(row) {
				return
			}
		}
	}
	job, err := s.importRows(ctx, rows)
	if err != nil {
		return err
	}
	return s.wait(ctx, job.JobID)
}

// importRows starts an import, first waiting out an import that is already
// running: Userpilot runs one at a time.
func (s *userpilotSink) importRows(ctx context.Context, rows iter.Seq[userpilot.ImportEvent]) (*userpilot.Job, error) {
	job, err := s.client.Import(ctx, userpilot.EncodeImportEvents(rows))
	var running *userpilot.JobRunningError
	if errors.As(err, &running) && running.JobID != "" {
		if _, werr := s.client.Jobs.Wait(ctx, running.JobID); werr != nil && !userpilot.IsJobFailed(werr) {
			return nil, werr
		}
		job, err = s.client.Import(ctx, userpilot.EncodeImportEvents(rows))
	}
	if err != nil {
		return nil, userpilotErr(err)
	}
	return job, nil
}

func (s *userpilotSink) wait(ctx context.Context, jobID string) error {
	if jobID == "" {
		return nil
	}
	_, err := s.client.Jobs.Wait(ctx, jobID)
	return userpilotErr(err)
}

func userpilotMetadata(m Message, withID bool) userpilot.Metadata {
	if len(m.Properties) == 0 && !withID {
		return nil
	}
	md := make(userpilot.Metadata, len(m.Properties)+1)
	maps.Copy(md, m.Properties)
	if withID {
		md[MessageIDProperty] = m.ID
	}
	return md
}

// userpilotErr stops retries for failures that will not change — input the
// client rejected, jobs Userpilot ran and failed — and keeps retrying a 409
// "a job is already running", which another batch's job causes and which
// clears when that job ends.
func userpilotErr(err error) error {
	var verr *userpilot.ValidationError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &verr) || userpilot.IsJobFailed(err):
		return Permanent(err)
	case userpilot.IsJobRunning(err):
		return Transient(err)
	}
	return err
}
