package userpilot

import (
	"github.com/cdpkit/cdpkit"
	gen "github.com/cdpkit/cdpkit/gen/userpilot"
)

// Metadata holds the properties of a user, company or event. Values must be
// primitives: strings, numbers, booleans, nil (which removes the property)
// or time.Time (sent as RFC 3339 in UTC). Anything else is rejected before a
// request is made.
type Metadata = gen.Metadata

// User is a user to identify, in real time or in bulk.
type User struct {
	// UserID is the user's stable, unique id in your system. Required.
	UserID string `json:"user_id"`
	// CompanyID links the user to a company; a user has one company at a
	// time, and sending another id moves the user.
	CompanyID string `json:"company_id,omitempty"`
	// Metadata holds the user's properties; see Metadata for the values
	// allowed.
	Metadata Metadata `json:"metadata,omitempty"`
	// Company holds properties of the user's company, which Identify sends
	// inline beside the company's id, as Userpilot's own example does. It
	// needs CompanyID. Bulk updates cannot carry them (Userpilot's bulk
	// records have no company object): identify the companies with
	// IdentifyCompany or BulkIdentifyCompanies.
	Company Metadata `json:"-"`
}

// Company is a company to identify, in real time or in bulk.
type Company = gen.CompanyRecord

// Event is a custom event of an existing user.
type Event = gen.Event

// Job is a bulk or import job as Userpilot reports it.
type Job = gen.BackgroundJob

// Count is a count in a job (FileSize, TotalRows) that Userpilot sends as a
// number or as a string; a string that is not a number is kept as it came.
type Count = gen.Count

// JobStatus is where a job is; JobCompleted and JobFailed are terminal.
type JobStatus = gen.JobStatus

// The statuses of a background job, in the order a job passes through them.
const (
	JobQueued         = gen.JobQueued
	JobValidating     = gen.JobValidating
	JobProcessing     = gen.JobProcessing
	JobPendingRefresh = gen.JobPendingRefresh
	JobCompleted      = gen.JobCompleted
	JobFailed         = gen.JobFailed
)

// ErrorDetail is one entry of Userpilot's error envelope, also used for the
// reasons a job failed.
type ErrorDetail = gen.ErrorDetail

// ImportEvent is one row of an import file.
type ImportEvent = gen.ImportEvent

// ImportEventType is the kind of an import row.
type ImportEventType = gen.ImportEventType

// The kinds of import rows.
const (
	ImportIdentifyUser    = gen.ImportIdentifyUser
	ImportIdentifyCompany = gen.ImportIdentifyCompany
	ImportPageView        = gen.ImportPageView
	ImportTrack           = gen.ImportTrack
)

// ImportSource says where an import row came from.
type ImportSource = gen.ImportSource

// The sources an import row may name.
const (
	SourceWebClient         = gen.SourceWebClient
	SourceBackendHTTP       = gen.SourceBackendHTTP
	SourceBackendHubspot    = gen.SourceBackendHubspot
	SourceBackendSalesforce = gen.SourceBackendSalesforce
	SourceBackendSegment    = gen.SourceBackendSegment
	SourceBackendHTTPImport = gen.SourceBackendHTTPImport
)

// ExportRequest says what to export; every filter is optional.
type ExportRequest = gen.ExportRequest

// ExportFormat is the file format of an export.
type ExportFormat = gen.ExportFormat

// The export formats. Exports.Rows decodes NDJSON and CSV.
const (
	ExportNDJSON  = gen.ExportNDJSON
	ExportCSV     = gen.ExportCSV
	ExportAvro    = gen.ExportAvro
	ExportParquet = gen.ExportParquet
)

// ExportStarted is the answer to starting an export.
type ExportStarted = gen.ExportStarted

// ExportJob is an export job with, once completed, its download links.
type ExportJob = gen.ExportJob

// ExportJobSummary is an export job as the job list shows it.
type ExportJobSummary = gen.ExportJobSummary

// PresignedURL is one file of a completed export.
type PresignedURL = gen.PresignedURL

// ExportRow is one exported event.
type ExportRow = gen.ExportRow

// Property is a user or company property.
type Property = gen.Property

// Segment is a segment, usable as ExportRequest.SegmentID.
type Segment = gen.Segment

// EventProperty is a property of a trackable event.
type EventProperty = gen.EventProperty

// DataField is a feature, event, resource center module or checklist.
type DataField = gen.DataField

// ContentItem is a flow, banner or spotlight.
type ContentItem = gen.ContentItem

// Embed is a banner or card embed.
type Embed = gen.Embed

// Survey is a survey with its questions.
type Survey = gen.Survey

// SegmentPage is one page of the segments lookup.
type SegmentPage = gen.SegmentPage

// EventPropertyPage is one page of the event-properties lookup.
type EventPropertyPage = gen.EventPropertyPage

// DeleteScheduled is Userpilot's answer to a delete.
type DeleteScheduled = gen.DeleteScheduled

// Error is returned for every non-2xx answer. Use errors.As to inspect it.
type Error = cdpkit.Error
