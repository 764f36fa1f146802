package track

import (
	"context"
	"errors"
	"iter"
	"maps"

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

// Validate rejects what Userpilot cannot store, at Enqueue.
func (s *userpilotSink) Validate(m Message) error {
	if m.Type != TypeGroup && m.UserID == "" {
		return errors.New("userpilot needs a UserID: anonymous DeviceID-only messages cannot be sent")
	}
	return nil
}

func (s *userpilotSink) Send(ctx context.Context, b Batch) error {
	var users []userpilot.User
	var companies []userpilot.Company
	var events []Message
	for _, m := range b.Messages {
		switch m.Type {
		case TypeIdentify:
			users = append(users, userpilot.User{UserID: m.UserID, CompanyID: m.CompanyID, Metadata: userpilotMetadata(m, false)})
		case TypeGroup:
			companies = append(companies, userpilot.Company{CompanyID: m.CompanyID, Metadata: userpilotMetadata(m, false)})
		case TypeTrack:
			events = append(events, m)
		}
	}
	// Companies first, so users and events can refer to them.
	if err := s.companies(ctx, companies); err != nil {
		return err
	}
	if err := s.users(ctx, users); err != nil {
		return err
	}
	return s.events(ctx, events)
}

func (s *userpilotSink) companies(ctx context.Context, companies []userpilot.Company) error {
	if len(companies) >= s.threshold {
		res, err := s.client.BulkIdentifyCompanies(ctx, companies)
		if err != nil {
			return userpilotErr(err)
		}
		return s.wait(ctx, res.LastJob().JobID)
	}
	for _, c := range companies {
		if err := s.client.IdentifyCompany(ctx, c); err != nil {
			return userpilotErr(err)
		}
	}
	return nil
}

func (s *userpilotSink) users(ctx context.Context, users []userpilot.User) error {
	if len(users) >= s.threshold {
		res, err := s.client.BulkIdentifyUsers(ctx, users)
		if err != nil {
			return userpilotErr(err)
		}
		return s.wait(ctx, res.LastJob().JobID)
	}
	for _, u := range users {
		if err := s.client.Identify(ctx, u); err != nil {
			return userpilotErr(err)
		}
	}
	return nil
}

func (s *userpilotSink) events(ctx context.Context, events []Message) error {
	if len(events) < s.threshold {
		for _, m := range events {
			ev := userpilot.Event{UserID: m.UserID, EventName: m.Event, Metadata: userpilotMetadata(m, true)}
			if err := s.client.Track(ctx, ev); err != nil {
				return userpilotErr(err)
			}
		}
		return nil
	}
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
