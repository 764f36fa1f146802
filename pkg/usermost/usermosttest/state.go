package usermosttest

import (
	"maps"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/cdpkit/cdpkit/pkg/usermost"
)

// Stats counts what the fake has seen.
type Stats struct {
	// Requests is every HTTP request that reached the fake, faults included.
	Requests int
	// Users is the number of distinct profiles stored.
	Users int
	// Events is the number of events stored (after de-duplication).
	Events int
	// DuplicateRequests counts event requests whose x-request-id had been
	// seen before; their events were not stored a second time.
	DuplicateRequests int
}

type state struct {
	requests atomic.Int64

	mu         sync.Mutex
	users      map[string]usermost.User // by profileKey
	userOrder  []string
	events     []usermost.Event
	requestIDs map[string]bool
	duplicates int
	problems   []error
}

func newState() *state {
	return &state{users: map[string]usermost.User{}, requestIDs: map[string]bool{}}
}

func (st *state) count(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st.requests.Add(1)
		next.ServeHTTP(w, r)
	})
}

// profileKey mirrors the API's rule that an identified user's id wins over
// the anonymous device id when both are sent.
func profileKey(userID, deviceID string) string {
	if userID != "" {
		return "user:" + userID
	}
	return "device:" + deviceID
}

// upsert merges the fields u sets into the stored profile.
func (st *state) upsert(u usermost.User) {
	st.mu.Lock()
	defer st.mu.Unlock()
	key := profileKey(u.UserID, u.DeviceID)
	old, ok := st.users[key]
	if !ok {
		st.userOrder = append(st.userOrder, key)
		st.users[key] = u
		return
	}
	st.users[key] = merge(old, u)
}

func merge(old, u usermost.User) usermost.User {
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&old.UserID, u.UserID)
	set(&old.DeviceID, u.DeviceID)
	set(&old.FirstName, u.FirstName)
	set(&old.LastName, u.LastName)
	set(&old.BirthDate, u.BirthDate)
	set(&old.Company, u.Company)
	set(&old.Phone, u.Phone)
	if u.Email != "" {
		old.Email = u.Email
	}
	if u.Gender != "" {
		old.Gender = u.Gender
	}
	if u.EmailOptIn != nil {
		old.EmailOptIn = u.EmailOptIn
	}
	if u.SmsOptIn != nil {
		old.SmsOptIn = u.SmsOptIn
	}
	if u.WhatsappOptIn != nil {
		old.WhatsappOptIn = u.WhatsappOptIn
	}
	if len(u.Attributes) > 0 {
		attrs := maps.Clone(old.Attributes)
		if attrs == nil {
			attrs = usermost.Attributes{}
		}
		maps.Copy(attrs, u.Attributes)
		old.Attributes = attrs
	}
	return old
}

// addEvents stores events unless requestID was seen before, and reports
// whether they were stored.
func (st *state) addEvents(requestID string, events []usermost.Event) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	if requestID != "" {
		if st.requestIDs[requestID] {
			st.duplicates++
			return false
		}
		st.requestIDs[requestID] = true
	}
	st.events = append(st.events, events...)
	return true
}

func (st *state) addProblem(err error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.problems = append(st.problems, err)
}

// User returns the stored profile for an identified user id.
func (s *Server) User(userID string) (usermost.User, bool) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	u, ok := s.state.users[profileKey(userID, "")]
	return u, ok
}

// Users returns every stored profile in the order it was first seen.
func (s *Server) Users() []usermost.User {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	out := make([]usermost.User, 0, len(s.state.userOrder))
	for _, k := range s.state.userOrder {
		out = append(out, s.state.users[k])
	}
	return out
}

// Events returns every stored event in arrival order.
func (s *Server) Events() []usermost.Event {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	return slices.Clone(s.state.events)
}

// EventsFor returns the stored events of one identified user.
func (s *Server) EventsFor(userID string) []usermost.Event {
	var out []usermost.Event
	for _, e := range s.Events() {
		if e.UserID == userID {
			out = append(out, e)
		}
	}
	return out
}

// Stats returns counters of what the fake has seen so far.
func (s *Server) Stats() Stats {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	return Stats{
		Requests:          int(s.state.requests.Load()),
		Users:             len(s.state.users),
		Events:            len(s.state.events),
		DuplicateRequests: s.state.duplicates,
	}
}

// Problems returns the responses the fake produced that broke the document.
// It is empty unless the fake itself has a bug.
func (s *Server) Problems() []error {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	return slices.Clone(s.state.problems)
}
