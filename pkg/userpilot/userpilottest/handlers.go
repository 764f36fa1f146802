package userpilottest

import (
	"context"
	"fmt"
	"net/http"

	gen "github.com/cdpkit/cdpkit/gen/userpilot"
)

// handlers implements the generated strict server interface on top of the
// fake's state. Request schemas have already been checked by the validator
// (or, for streamed uploads, are checked line by line here); what is left is
// the API's own logic: one job of a kind at a time, jobs that progress,
// merges and deletions.
type handlers struct{ s *Server }

const (
	sourceHTTP   = "backend-http"
	conflictBulk = "a bulk identify job is already running; wait for it to finish (only one bulk job, users or companies, runs at a time)"
)

// IdentifyUser stores the user and, when the body names one, the company
// with the properties beside its id. The company's id may come as
// company.id (the prose), company.company_id (the vendor's OpenAPI file)
// or both. Both with different values are refused with 400: the vendor
// does not say which would win, so the fake is stricter than the sources
// here rather than guess.
func (h *handlers) IdentifyUser(_ context.Context, req gen.IdentifyUserRequestObject) (gen.IdentifyUserResponseObject, error) {
	b := req.Body
	u := User{UserID: b.UserID, Metadata: b.Metadata}
	var company *Company
	if b.Company != nil {
		id, _ := b.Company["id"].(string)
		cid, _ := b.Company["company_id"].(string)
		if id != "" && cid != "" && id != cid {
			return nil, badRequest(fmt.Sprintf("company.id %q and company.company_id %q name different companies", id, cid))
		}
		if id == "" {
			id = cid
		}
		props := map[string]any{}
		for k, v := range b.Company {
			if k != "id" && k != "company_id" {
				props[k] = v
			}
		}
		u.CompanyID = id
		company = &Company{CompanyID: id, Metadata: props}
	}
	st := h.s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	if company != nil {
		st.upsertCompanyLocked(*company, sourceHTTP)
	}
	st.upsertUserLocked(u, sourceHTTP)
	return gen.IdentifyUser202Response{}, nil
}

func (h *handlers) IdentifyCompany(_ context.Context, req gen.IdentifyCompanyRequestObject) (gen.IdentifyCompanyResponseObject, error) {
	st := h.s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	st.upsertCompanyLocked(*req.Body, sourceHTTP)
	return gen.IdentifyCompany202Response{}, nil
}

func (h *handlers) TrackEvent(_ context.Context, req gen.TrackEventRequestObject) (gen.TrackEventResponseObject, error) {
	st := h.s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	st.trackLocked(*req.Body, sourceHTTP, st.now())
	return gen.TrackEvent202Response{}, nil
}

func (h *handlers) BulkIdentifyUsers(_ context.Context, req gen.BulkIdentifyUsersRequestObject) (gen.BulkIdentifyUsersResponseObject, error) {
	var up upload
	var users []User
	switch {
	case req.JSONBody != nil:
		users = req.JSONBody.Users
		up.rows = len(users)
	case req.MultipartBody != nil:
		if h.running(kindBulk) {
			return gen.BulkIdentifyUsers409JSONResponse{BulkJobConflictJSONResponse: gen.BulkJobConflictJSONResponse(errorBody(http.StatusConflict, conflictBulk))}, nil
		}
		var err error
		up, users, err = readBulkFile[User](req.MultipartBody, h.s.schemas["UserRecord"].Value)
		if err != nil {
			return nil, err
		}
	default:
		return nil, badRequest("send application/json or multipart/form-data")
	}
	job, busy := h.startBulk("bulk_users", up, func(st *state) {
		for _, u := range users {
			st.upsertUserLocked(u, sourceHTTP)
		}
	})
	if busy {
		return gen.BulkIdentifyUsers409JSONResponse{BulkJobConflictJSONResponse: gen.BulkJobConflictJSONResponse(errorBody(http.StatusConflict, conflictBulk))}, nil
	}
	return gen.BulkIdentifyUsers202JSONResponse{JobAcceptedJSONResponse: gen.JobAcceptedJSONResponse(job)}, nil
}

func (h *handlers) BulkIdentifyCompanies(_ context.Context, req gen.BulkIdentifyCompaniesRequestObject) (gen.BulkIdentifyCompaniesResponseObject, error) {
	var up upload
	var companies []Company
	switch {
	case req.JSONBody != nil:
		companies = req.JSONBody.Companies
		up.rows = len(companies)
	case req.MultipartBody != nil:
		if h.running(kindBulk) {
			return gen.BulkIdentifyCompanies409JSONResponse{BulkJobConflictJSONResponse: gen.BulkJobConflictJSONResponse(errorBody(http.StatusConflict, conflictBulk))}, nil
		}
		var err error
		up, companies, err = readBulkFile[Company](req.MultipartBody, h.s.schemas["CompanyRecord"].Value)
		if err != nil {
			return nil, err
		}
	default:
		return nil, badRequest("send application/json or multipart/form-data")
	}
	job, busy := h.startBulk("bulk_companies", up, func(st *state) {
		for _, c := range companies {
			st.upsertCompanyLocked(c, sourceHTTP)
		}
	})
	if busy {
		return gen.BulkIdentifyCompanies409JSONResponse{BulkJobConflictJSONResponse: gen.BulkJobConflictJSONResponse(errorBody(http.StatusConflict, conflictBulk))}, nil
	}
	return gen.BulkIdentifyCompanies202JSONResponse{JobAcceptedJSONResponse: gen.JobAcceptedJSONResponse(job)}, nil
}

// startBulk creates a bulk job unless one is running.
func (h *handlers) startBulk(typ string, up upload, apply func(*state)) (gen.BackgroundJob, bool) {
	st := h.s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	now := st.now()
	st.advanceLocked(now)
	if st.runningLocked(kindBulk) != nil {
		return gen.BackgroundJob{}, true
	}
	j := st.newJobLocked(kindBulk, typ, up.filename, up.size, up.rows, apply)
	return j.view(now), false
}

func (h *handlers) ListBackgroundJobs(_ context.Context, _ gen.ListBackgroundJobsRequestObject) (gen.ListBackgroundJobsResponseObject, error) {
	st := h.s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	now := st.now()
	st.advanceLocked(now)
	return gen.ListBackgroundJobs200JSONResponse(st.jobViewsLocked(now)), nil
}

func (h *handlers) GetBackgroundJob(_ context.Context, req gen.GetBackgroundJobRequestObject) (gen.GetBackgroundJobResponseObject, error) {
	st := h.s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	now := st.now()
	st.advanceLocked(now)
	j := st.jobLocked(req.JobID)
	if j == nil {
		return gen.GetBackgroundJob404JSONResponse{JobNotFoundJSONResponse: gen.JobNotFoundJSONResponse(errorBody(http.StatusNotFound, fmt.Sprintf("no job %q", req.JobID)))}, nil
	}
	return gen.GetBackgroundJob200JSONResponse(j.view(now)), nil
}

func (h *handlers) ImportEvents(_ context.Context, req gen.ImportEventsRequestObject) (gen.ImportEventsResponseObject, error) {
	if req.Body == nil {
		return nil, badRequest("send multipart/form-data with the field \"file\"")
	}
	// Refuse before reading the upload, as a busy server would.
	if h.running(kindImport) {
		return gen.ImportEvents409JSONResponse{JobConflictJSONResponse: gen.JobConflictJSONResponse(errorBody(http.StatusConflict, "an import job is already running; wait for it to finish"))}, nil
	}
	up, rows, err := readImportFile(req.Body, h.s.schemas["ImportEvent"].Value, h.s.cfg.validatedImports)
	if err != nil {
		return nil, err
	}
	st := h.s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	now := st.now()
	st.advanceLocked(now)
	if st.runningLocked(kindImport) != nil {
		return gen.ImportEvents409JSONResponse{JobConflictJSONResponse: gen.JobConflictJSONResponse(errorBody(http.StatusConflict, "an import job is already running; wait for it to finish"))}, nil
	}
	total := up.rows
	j := st.newJobLocked(kindImport, "import", up.filename, up.size, up.rows, func(st *state) {
		st.applyImportLocked(rows, total)
	})
	return gen.ImportEvents200JSONResponse(j.view(now)), nil
}

// running reports whether a job of this kind is in progress, so that a busy
// answer can be given before a large upload is read.
func (h *handlers) running(kind jobKind) bool {
	st := h.s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	st.advanceLocked(st.now())
	return st.runningLocked(kind) != nil
}

// applyImportLocked stores the kept rows of a completed import.
func (st *state) applyImportLocked(rows []ImportEvent, total int) {
	st.importedRows += total
	st.importRows = append(st.importRows, rows...)
	for _, r := range rows {
		at, _ := parseInsertedAt(r.InsertedAt)
		source := string(r.Source)
		switch r.EventType {
		case gen.ImportIdentifyUser:
			st.upsertUserLocked(User{UserID: r.UserID, CompanyID: r.CompanyID, Metadata: r.Metadata}, source)
		case gen.ImportIdentifyCompany:
			st.upsertCompanyLocked(Company{CompanyID: r.CompanyID, Metadata: r.Metadata}, source)
		case gen.ImportTrack:
			st.trackLocked(Event{UserID: r.UserID, EventName: r.EventName, Metadata: r.Metadata}, source, at)
		case gen.ImportPageView:
			st.appendLogLocked(gen.ExportRow{EventType: "page_view", UserID: r.UserID, Hostname: r.Hostname, Pathname: r.Pathname, Source: source, InsertedAt: formatMicros(at), Metadata: r.Metadata})
		}
	}
}

func (h *handlers) DeleteUsers(_ context.Context, req gen.DeleteUsersRequestObject) (gen.DeleteUsersResponseObject, error) {
	ids := req.Body.Users
	st := h.s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	st.deletions.Users = append(st.deletions.Users, ids...)
	return gen.DeleteUsers202JSONResponse{DeleteAcceptedJSONResponse: gen.DeleteAcceptedJSONResponse{Message: scheduledMessage(len(ids))}}, nil
}

func (h *handlers) DeleteCompanies(_ context.Context, req gen.DeleteCompaniesRequestObject) (gen.DeleteCompaniesResponseObject, error) {
	ids := req.Body.Companies
	st := h.s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	st.deletions.Companies = append(st.deletions.Companies, ids...)
	return gen.DeleteCompanies202JSONResponse{DeleteAcceptedJSONResponse: gen.DeleteAcceptedJSONResponse{Message: scheduledMessage(len(ids))}}, nil
}

func scheduledMessage(n int) string {
	if n == 1 {
		return "1 id scheduled for deletion"
	}
	return fmt.Sprintf("%d ids scheduled for deletion", n)
}

func (h *handlers) ValidateKey(context.Context, gen.ValidateKeyRequestObject) (gen.ValidateKeyResponseObject, error) {
	return gen.ValidateKey200JSONResponse{}, nil
}
