package userlottest

import (
	"crypto/rand"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	gen "github.com/cdpkit/cdpkit/gen/userlot"
)

// Company is a stored company as the fake sees it; custom fields are in
// AdditionalProperties.
type Company = gen.Company

// EndUser is a stored end user as the fake sees it.
type EndUser = gen.EndUser

// Ticket is a stored ticket.
type Ticket = gen.Ticket

// Event is a stored event.
type Event = gen.Event

// Identify is a recorded identify call.
type Identify = gen.IdentifyRequest

// Stats counts what the fake has seen and holds.
type Stats struct {
	// Requests is every HTTP request that reached the fake, faults included.
	Requests int
	// Companies, EndUsers and Tickets are the records stored.
	Companies, EndUsers, Tickets int
	// Events and Identifies are the calls recorded.
	Events, Identifies int
}

// record is a stored object with the ids the upsert rule matches on.
type record[T any] struct {
	id, external string
	sources      []string // every source_external_id given, latest last
	val          T
}

// store keeps records of one kind in creation order.
type store[T any] struct {
	recs []*record[T]
}

// byID, byExternal and bySource find a record, or nil.
func (s *store[T]) byID(id string) *record[T] {
	for _, r := range s.recs {
		if r.id == id {
			return r
		}
	}
	return nil
}

func (s *store[T]) byExternal(ext string) *record[T] {
	for _, r := range s.recs {
		if ext != "" && r.external == ext {
			return r
		}
	}
	return nil
}

// bySource finds the record that has any of the source ids.
func (s *store[T]) bySource(srcs []string) *record[T] {
	for _, r := range s.recs {
		for _, src := range srcs {
			if src != "" && slices.Contains(r.sources, src) {
				return r
			}
		}
	}
	return nil
}

// apiError is a non-2xx answer a handler gives.
type apiError struct {
	status int
	msg    string
	field  string // for 422: the field the message is about
}

func (e *apiError) body() gen.Error {
	b := gen.Error{Error: &e.msg}
	if e.field != "" {
		errs := map[string][]string{e.field: {e.detail()}}
		b.Errors = &errs
	}
	return b
}

// detail is the per-field message: the text after "field ".
func (e *apiError) detail() string {
	return strings.TrimPrefix(e.msg, e.field+" ")
}

func notFound(kind, id string) *apiError {
	return &apiError{status: http.StatusNotFound, msg: fmt.Sprintf("no %s with id %s", kind, id)}
}

func invalid(field, problem string) *apiError {
	return &apiError{status: http.StatusUnprocessableEntity, msg: field + " " + problem, field: field}
}

// match applies the upsert rule: id wins, then external_id, then
// source_external_id. created reports that nothing matched and a record
// must be created.
func match[T any](s *store[T], kind, id, ext string, srcs []string) (r *record[T], created bool, err *apiError) {
	switch {
	case id != "":
		if r = s.byID(id); r == nil {
			return nil, false, notFound(kind, id)
		}
	case ext != "":
		r = s.byExternal(ext)
	case len(srcs) > 0:
		r = s.bySource(srcs)
	}
	return r, r == nil, nil
}

// setIDs records the external ids a body carries on a record, refusing an
// external_id that another record already has.
func setIDs[T any](s *store[T], r *record[T], ext string, srcs []string) *apiError {
	if ext != "" {
		if other := s.byExternal(ext); other != nil && other != r {
			return invalid("external_id", "has already been taken")
		}
		r.external = ext
	}
	for _, src := range srcs {
		if src != "" && !slices.Contains(r.sources, src) {
			r.sources = append(r.sources, src)
		}
	}
	return nil
}

type state struct {
	requests atomic.Int64

	mu         sync.Mutex
	companies  store[gen.Company]
	endUsers   store[gen.EndUser]
	tickets    store[gen.Ticket]
	events     []gen.Event
	identifies []gen.IdentifyRequest
	products   []gen.Product
	fields     []CustomFieldDef
	friendly   int
	problems   []error
}

func newState() *state { return &state{} }

func (st *state) count(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st.requests.Add(1)
		next.ServeHTTP(w, r)
	})
}

func (st *state) setProducts(names []string) {
	st.products = nil
	for _, n := range names {
		st.products = append(st.products, gen.Product{ID: newUUID(), Name: n})
	}
}

func (st *state) addProblem(err error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.problems = append(st.problems, err)
}

// requiredMissing returns the first required custom field of entity that
// custom lacks.
func (st *state) requiredMissing(entity string, custom map[string]any) string {
	for _, f := range st.fields {
		if f.Entity != entity || !f.Required {
			continue
		}
		if v, ok := custom[f.Name]; !ok || v == nil || v == "" {
			return f.Name
		}
	}
	return ""
}

func now() *time.Time {
	t := time.Now().UTC().Truncate(time.Second)
	return &t
}

// mergeCustom copies custom fields onto a record's.
func mergeCustom(dst map[string]any, src map[string]any) map[string]any {
	if len(src) == 0 {
		return dst
	}
	if dst == nil {
		dst = map[string]any{}
	}
	maps.Copy(dst, src)
	return dst
}

// newUUID returns a random version 4 UUID, the form Userlot's ids take.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func ptr[T any](v T) *T { return &v }
