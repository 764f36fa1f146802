package userpilottest

import (
	"maps"
	"net/http"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	gen "github.com/cdpkit/cdpkit/gen/userpilot"
)

// User is an identified user as the fake stores it.
type User = gen.UserRecord

// Company is an identified company as the fake stores it.
type Company = gen.CompanyRecord

// Event is a tracked event as the fake stores it.
type Event = gen.Event

// ImportEvent is one row of an import upload.
type ImportEvent = gen.ImportEvent

// Job is a background job as the API reports it.
type Job = gen.BackgroundJob

// Segment is a segment the segments lookup lists.
type Segment = gen.Segment

// Stats counts what the fake has seen.
type Stats struct {
	// Requests is every HTTP request that reached the fake, downloads,
	// faults and rejections included.
	Requests int
	// Users and Companies are the distinct records stored.
	Users, Companies int
	// Events is the number of tracked events stored.
	Events int
	// Jobs is the number of background jobs created (bulk and import).
	Jobs int
	// ExportJobs is the number of export jobs created.
	ExportJobs int
	// ImportedRows counts the rows of completed imports, kept or not.
	ImportedRows int
	// RateLimited counts requests answered with 429 by WithRateLimit.
	RateLimited int
	// DuplicateEvents counts events (real-time or imported) whose
	// MessageIDKey had been stored before and that were not stored again.
	DuplicateEvents int
}

// Deletions lists ids scheduled for the next daily deletion run.
type Deletions struct {
	Users, Companies []string
}

type state struct {
	cfg      config
	clock    func() time.Time
	requests atomic.Int64

	mu           sync.Mutex
	users        map[string]*User
	userOrder    []string
	companies    map[string]*Company
	companyOrder []string
	events       []Event
	messageIDs   map[string]bool
	duplicates   int
	log          []gen.ExportRow // what an export can return, capped
	jobs         []*job
	exports      []*exportJob
	failNext     []string
	importRows   []ImportEvent
	importedRows int
	deletions    Deletions
	segments     []Segment
	propIDs      map[string]int // "user:key", "company:key", "event:name:key" → id
	eventProps   map[string]*gen.EventProperty
	eventNames   []string
	problems     []error
}

func newState(cfg config, clock func() time.Time) *state {
	if clock == nil {
		clock = time.Now
	}
	return &state{
		cfg:        cfg,
		clock:      clock,
		users:      map[string]*User{},
		companies:  map[string]*Company{},
		segments:   seedSegments(),
		propIDs:    map[string]int{},
		eventProps: map[string]*gen.EventProperty{},
	}
}

// now is the fake's time: the system clock unless WithClock replaced it.
func (st *state) now() time.Time { return st.clock() }

func (st *state) count(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st.requests.Add(1)
		next.ServeHTTP(w, r)
	})
}

// mergeMetadata applies Userpilot's merge rule: new keys are added,
// existing ones replaced, and a null value removes the key.
func mergeMetadata(old, update map[string]any) map[string]any {
	if len(update) == 0 {
		return old
	}
	out := maps.Clone(old)
	if out == nil {
		out = map[string]any{}
	}
	for k, v := range update {
		if v == nil {
			delete(out, k)
			continue
		}
		out[k] = v
	}
	return out
}

func (st *state) upsertUserLocked(u User, source string) {
	old, ok := st.users[u.UserID]
	if !ok {
		old = &User{UserID: u.UserID}
		st.users[u.UserID] = old
		st.userOrder = append(st.userOrder, u.UserID)
	}
	if u.CompanyID != "" {
		old.CompanyID = u.CompanyID // a user belongs to one company at a time
	}
	old.Metadata = mergeMetadata(old.Metadata, u.Metadata)
	for k := range u.Metadata {
		st.propIDLocked("user:" + k)
	}
	st.appendLogLocked(gen.ExportRow{EventType: "identify_user", UserID: u.UserID, CompanyID: old.CompanyID, Source: source, Metadata: u.Metadata})
}

func (st *state) upsertCompanyLocked(c Company, source string) {
	old, ok := st.companies[c.CompanyID]
	if !ok {
		old = &Company{CompanyID: c.CompanyID}
		st.companies[c.CompanyID] = old
		st.companyOrder = append(st.companyOrder, c.CompanyID)
	}
	old.Metadata = mergeMetadata(old.Metadata, c.Metadata)
	for k := range c.Metadata {
		st.propIDLocked("company:" + k)
	}
	st.appendLogLocked(gen.ExportRow{EventType: "identify_company", CompanyID: c.CompanyID, Source: source, Metadata: c.Metadata})
}

// MessageIDKey is the metadata property that marks an event with its
// sender's message id. The fake stores an event with an id it has seen once
// and counts the repeat in Stats.DuplicateEvents, as a de-duplicating
// warehouse downstream would.
const MessageIDKey = "message_id"

// seenLocked reports whether metadata carries a message id stored before,
// and remembers it otherwise.
func (st *state) seenLocked(md map[string]any) bool {
	id, ok := md[MessageIDKey].(string)
	if !ok || id == "" {
		return false
	}
	if st.messageIDs[id] {
		st.duplicates++
		return true
	}
	if st.messageIDs == nil {
		st.messageIDs = map[string]bool{}
	}
	st.messageIDs[id] = true
	return false
}

func (st *state) trackLocked(e Event, source string, at time.Time) {
	if st.seenLocked(e.Metadata) {
		return
	}
	st.events = append(st.events, e)
	if !slices.Contains(st.eventNames, e.EventName) {
		st.eventNames = append(st.eventNames, e.EventName)
	}
	for k, v := range e.Metadata {
		key := "event:" + e.EventName + ":" + k
		p, ok := st.eventProps[key]
		if !ok {
			first := at.UTC()
			p = &gen.EventProperty{
				ID: st.propIDLocked(key), Key: k, DisplayName: k, DataType: dataType(v), Category: "custom",
				Event: gen.EventRef{ID: st.propIDLocked("event:" + e.EventName), DisplayName: e.EventName}, InsertedAt: &first,
			}
			st.eventProps[key] = p
		}
		last := at.UTC()
		p.LastSeen = &last
	}
	companyID := ""
	if u, ok := st.users[e.UserID]; ok {
		companyID = u.CompanyID
	}
	st.appendLogLocked(gen.ExportRow{EventType: "track", EventName: e.EventName, UserID: e.UserID, CompanyID: companyID, Source: source, Metadata: e.Metadata, InsertedAt: formatMicros(at)})
}

func (st *state) appendLogLocked(row gen.ExportRow) {
	if len(st.log) >= st.cfg.maxStoredLogItems {
		return
	}
	row.AppToken = appToken
	if row.InsertedAt == "" {
		row.InsertedAt = formatMicros(st.now())
	}
	if row.Metadata == nil {
		row.Metadata = map[string]any{}
	}
	st.log = append(st.log, row)
}

// propIDLocked hands out stable ids for lookup entities in first-seen order.
func (st *state) propIDLocked(key string) int {
	if id, ok := st.propIDs[key]; ok {
		return id
	}
	id := len(st.propIDs) + 1
	st.propIDs[key] = id
	return id
}

func dataType(v any) string {
	switch v.(type) {
	case bool:
		return "boolean"
	case float64, int, int64:
		return "numeric"
	default:
		return "string"
	}
}

// formatMicros renders a time the way exported rows carry it: UTC with
// microsecond precision.
func formatMicros(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }

func (st *state) addProblem(err error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.problems = append(st.problems, err)
}

// User returns the stored user with this id.
func (s *Server) User(id string) (User, bool) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	s.state.advanceLocked(s.state.now())
	u, ok := s.state.users[id]
	if !ok {
		return User{}, false
	}
	return cloneUser(*u), true
}

// Users returns every stored user in the order they were first seen.
func (s *Server) Users() []User {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	s.state.advanceLocked(s.state.now())
	out := make([]User, 0, len(s.state.userOrder))
	for _, id := range s.state.userOrder {
		out = append(out, cloneUser(*s.state.users[id]))
	}
	return out
}

// Company returns the stored company with this id.
func (s *Server) Company(id string) (Company, bool) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	s.state.advanceLocked(s.state.now())
	c, ok := s.state.companies[id]
	if !ok {
		return Company{}, false
	}
	return Company{CompanyID: c.CompanyID, Metadata: maps.Clone(c.Metadata)}, true
}

// Companies returns every stored company in the order they were first seen.
func (s *Server) Companies() []Company {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	s.state.advanceLocked(s.state.now())
	out := make([]Company, 0, len(s.state.companyOrder))
	for _, id := range s.state.companyOrder {
		c := s.state.companies[id]
		out = append(out, Company{CompanyID: c.CompanyID, Metadata: maps.Clone(c.Metadata)})
	}
	return out
}

// Events returns every tracked event (real-time and imported) in arrival order.
func (s *Server) Events() []Event {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	s.state.advanceLocked(s.state.now())
	return slices.Clone(s.state.events)
}

// EventsFor returns the tracked events of one user.
func (s *Server) EventsFor(userID string) []Event {
	var out []Event
	for _, e := range s.Events() {
		if e.UserID == userID {
			out = append(out, e)
		}
	}
	return out
}

// ImportedRows returns the rows of completed imports that the fake kept (the
// first WithValidatedImportRows of each upload).
func (s *Server) ImportedRows() []ImportEvent {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	s.state.advanceLocked(s.state.now())
	return slices.Clone(s.state.importRows)
}

// Jobs returns every background job, most recent first, as the API reports it.
func (s *Server) Jobs() []Job {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	now := s.state.now()
	s.state.advanceLocked(now)
	return s.state.jobViewsLocked(now)
}

// ScheduledDeletions returns the ids waiting for the daily deletion run.
func (s *Server) ScheduledDeletions() Deletions {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	return Deletions{Users: slices.Clone(s.state.deletions.Users), Companies: slices.Clone(s.state.deletions.Companies)}
}

// RunDailyDeletion performs the scheduled deletions, as Userpilot does every
// day at 02:00 UTC, and returns what was deleted.
func (s *Server) RunDailyDeletion() Deletions {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	s.state.advanceLocked(s.state.now())
	st := s.state
	done := st.deletions
	st.deletions = Deletions{}
	for _, id := range done.Users {
		if _, ok := st.users[id]; ok {
			delete(st.users, id)
			st.userOrder = slices.DeleteFunc(st.userOrder, func(x string) bool { return x == id })
		}
		st.events = slices.DeleteFunc(st.events, func(e Event) bool { return e.UserID == id })
	}
	for _, id := range done.Companies {
		if _, ok := st.companies[id]; ok {
			delete(st.companies, id)
			st.companyOrder = slices.DeleteFunc(st.companyOrder, func(x string) bool { return x == id })
		}
	}
	return done
}

// FailNextJob makes the next background or export job fail during
// validation; details is reported in the job's errors.
func (s *Server) FailNextJob(details string) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	s.state.failNext = append(s.state.failNext, details)
}

func (st *state) takeFailureLocked() string {
	if len(st.failNext) == 0 {
		return ""
	}
	f := st.failNext[0]
	st.failNext = st.failNext[1:]
	return f
}

// SetSegments replaces the segments the segments lookup lists.
func (s *Server) SetSegments(segments []Segment) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	s.state.segments = slices.Clone(segments)
}

// Stats returns counters of what the fake has seen so far.
func (s *Server) Stats() Stats {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	s.state.advanceLocked(s.state.now())
	return Stats{
		Requests:        int(s.state.requests.Load()),
		Users:           len(s.state.users),
		Companies:       len(s.state.companies),
		Events:          len(s.state.events),
		Jobs:            len(s.state.jobs),
		ExportJobs:      len(s.state.exports),
		ImportedRows:    s.state.importedRows,
		DuplicateEvents: s.state.duplicates,
		RateLimited:     s.limiter.rejected(),
	}
}

// Problems returns the responses the fake produced that broke the document.
// It is empty unless the fake itself has a bug.
func (s *Server) Problems() []error {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	return slices.Clone(s.state.problems)
}

func cloneUser(u User) User {
	u.Metadata = maps.Clone(u.Metadata)
	return u
}

func sortedKeys(prefix string, ids map[string]int) []string {
	var keys []string
	for k := range ids {
		if len(k) > len(prefix) && k[:len(prefix)] == prefix {
			keys = append(keys, k[len(prefix):])
		}
	}
	sort.Slice(keys, func(i, j int) bool { return ids[prefix+keys[i]] < ids[prefix+keys[j]] })
	return keys
}
