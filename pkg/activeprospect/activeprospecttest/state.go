package activeprospecttest

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"sync"
	"time"

	gen "github.com/cdpkit/cdpkit/gen/activeprospect"
)

// Account is the fake's account as the API returns it.
type Account = gen.Account

// User is the authenticated user as the API returns it.
type User = gen.User

// Credential is a stored credential as the API returns it, password included.
type Credential = gen.Credential

// CredentialInput is the body of a create or update, for AddCredential.
type CredentialInput = gen.CredentialInput

// UserSettings are a user's notification settings.
type UserSettings = gen.UserSettings

// Request is one HTTP request the fake received, recorded before validation
// so that rejected requests are visible too. The Authorization header is
// deliberately not kept.
type Request struct {
	// Method is the HTTP method, e.g. PUT.
	Method string
	// Path is the URL path, e.g. /credentials/5fd4371e940df5a34a3888b2.
	Path string
	// ContentType is the request's Content-Type header.
	ContentType string
	// Body is the raw request body, byte for byte.
	Body []byte
}

// Stats counts what the fake has seen and holds.
type Stats struct {
	// Requests is every HTTP request that reached the fake, faults included.
	Requests int
	// Credentials is the number of credentials stored now.
	Credentials int
}

type state struct {
	s *Server

	mu          sync.Mutex
	account     Account
	user        User
	settings    map[string]UserSettings // by user id
	credentials map[string]Credential
	order       []string // credential ids in creation order
	nextID      int
	requests    []Request
	problems    []error
}

func newState(s *Server) *state {
	now := s.now().UTC().Truncate(time.Second)
	yes, no := true, false
	account := Account{
		ID:                      s.AccountID,
		SSOID:                   DefaultAccountSSOID,
		APIKey:                  DefaultCompanyAPIKey,
		Name:                    "Acme, Inc.",
		TimeZone:                "America/New_York",
		Type:                    "company",
		BillingType:             gen.BillingContracted,
		FinancialState:          gen.FinancialPaid,
		FinancialStateUpdatedAt: now,
		DataRetentionInDays:     90,
		KeenProjectID:           "5c9e1f3a2b4d6e8f0a1b2c3d",
		KeenReadAPIKey:          "keen-read-9a8b7c6d5e4f",
		KeenWriteAPIKey:         "keen-write-1f2e3d4c5b6a",
		StartedAt:               now.AddDate(-1, 0, 0),
		LeadPingEnabled:         true,
		ProductID:               "lcx",
		State:                   "active",
		Features:                gen.AccountFeatures{SellerAccess: &yes, BuyerAccess: &yes, Firehose: &no},
		Subscriptions:           gen.AccountSubscriptions{Base: gen.Subscription{State: "active", ActiveAt: now.AddDate(-1, 0, 0)}},
	}
	user := User{
		ID:                s.UserID,
		SSOID:             DefaultAccountSSOID,
		APIKey:            s.APIKey,
		UserAdmin:         true,
		SubscriptionAdmin: true,
		RoleString:        "user",
		FirstName:         "Jane",
		LastName:          "Doe",
		Email:             "janedoe@company.com",
		Phone:             "512-555-1212",
		CompanyName:       account.Name,
		CreatedAt:         now.AddDate(-1, 0, 0),
		ProductCode:       gen.ProductLeadConduit,
		Membership:        map[string]any{"role": "admin", "account_id": s.AccountID},
		Permissions:       map[string]any{"manage_users": true, "manage_billing": false},
		Subscriptions:     []gen.UserSubscription{{"product": "lcx", "state": "active"}},
		ZendeskJWT:        DefaultZendeskJWT,
		Products: []gen.Product{
			{ID: "lcx", Name: "LeadConduit", Subscribed: true, BaseURL: "https://app.leadconduit.com"},
			{ID: "suppressionlist", Name: "SuppressionList", Subscribed: true, BaseURL: "https://app.suppressionlist.com"},
			{ID: "trustedform", Name: "TrustedForm", Subscribed: true, BaseURL: "https://app.trustedform.com"},
		},
	}
	settings := UserSettings{Notifications: gen.NotificationSettings{
		SubmissionDocUpdates: gen.NotificationSetting{Enabled: &yes},
		ConnectionInvites:    gen.NotificationSetting{Enabled: &yes},
	}}
	return &state{
		s:           s,
		account:     account,
		user:        user,
		settings:    map[string]UserSettings{s.UserID: settings},
		credentials: map[string]Credential{},
	}
}

// record keeps every request's method, path and raw body, then hands the
// request on with its body restored.
func (st *state) record(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body []byte
		if r.Body != nil {
			body, _ = io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		st.mu.Lock()
		st.requests = append(st.requests, Request{Method: r.Method, Path: r.URL.Path, ContentType: r.Header.Get("Content-Type"), Body: body})
		st.mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

func (st *state) clock() time.Time { return st.s.now().UTC().Truncate(time.Second) }

// newID returns the next credential id: 24 hex digits, deterministic so that
// examples can print them.
func (st *state) newID() string {
	st.nextID++
	return fmt.Sprintf("66c0ffee%016x", st.nextID)
}

func (st *state) addProblem(err error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.problems = append(st.problems, err)
}

// updateAccount applies the fields the update sets and nothing else.
func (st *state) updateAccount(u gen.AccountUpdate) Account {
	st.mu.Lock()
	defer st.mu.Unlock()
	a := &st.account
	if u.DataRetentionInDays != nil {
		a.DataRetentionInDays = *u.DataRetentionInDays
	}
	if u.DataTruncatedAt != nil {
		a.DataTruncatedAt = *u.DataTruncatedAt
	}
	if u.SelfServiceStatusUpdatedAt != nil {
		a.SelfServiceStatusUpdatedAt = *u.SelfServiceStatusUpdatedAt
	}
	mergeFeatures(&a.Features, u.Features)
	mergeSubscription(&a.Subscriptions.Base, u.Subscriptions.Base)
	mergeSubscription(&a.Subscriptions.Pro, u.Subscriptions.Pro)
	mergeSubscription(&a.Subscriptions.Partner, u.Subscriptions.Partner)
	return cloneAccount(st.account)
}

func mergeFeatures(dst *gen.AccountFeatures, src gen.AccountFeatures) {
	pairs := []struct {
		dst **bool
		src *bool
	}{
		{&dst.SellerAccess, src.SellerAccess},
		{&dst.BuyerAccess, src.BuyerAccess},
		{&dst.LeadTransactions, src.LeadTransactions},
		{&dst.ConversionFeedback, src.ConversionFeedback},
		{&dst.Firehose, src.Firehose},
		{&dst.ThirdPartyAddOnServices, src.ThirdPartyAddOnServices},
		{&dst.RealTimeBidding, src.RealTimeBidding},
		{&dst.LeadConduitTrustedFormDecisions, src.LeadConduitTrustedFormDecisions},
	}
	for _, p := range pairs {
		if p.src != nil {
			v := *p.src
			*p.dst = &v
		}
	}
}

func mergeSubscription(dst *gen.Subscription, src gen.Subscription) {
	if src.State != "" {
		dst.State = src.State
	}
	if src.ProductOfferingComponent != "" {
		dst.ProductOfferingComponent = src.ProductOfferingComponent
	}
	for _, p := range []struct{ dst, src *time.Time }{
		{&dst.CreatedAt, &src.CreatedAt}, {&dst.UpdatedAt, &src.UpdatedAt},
		{&dst.ActiveAt, &src.ActiveAt}, {&dst.InactiveAt, &src.InactiveAt},
	} {
		if !p.src.IsZero() {
			*p.dst = *p.src
		}
	}
}

// cloneAccount copies the parts of an account that share memory, so callers
// cannot change the fake's state through what it returns.
func cloneAccount(a Account) Account {
	a.ConnectedBuyers = slices.Clone(a.ConnectedBuyers)
	a.ConnectedSellers = slices.Clone(a.ConnectedSellers)
	a.PendingBuyers = slices.Clone(a.PendingBuyers)
	a.PendingSellers = slices.Clone(a.PendingSellers)
	a.PricingComponents = slices.Clone(a.PricingComponents)
	return a
}

func cloneCredential(c Credential) Credential {
	c.AdditionalProperties = maps.Clone(c.AdditionalProperties)
	return c
}

// fromInput turns a request body into the stored form of a credential.
func fromInput(id string, in gen.CredentialInput, created, updated time.Time) Credential {
	return Credential{
		ID:                   id,
		Name:                 in.Name,
		Type:                 in.Type,
		Package:              in.Package,
		Username:             in.Username,
		Password:             in.Password,
		Token:                in.Token,
		CreatedAt:            &created,
		UpdatedAt:            &updated,
		AdditionalProperties: maps.Clone(in.AdditionalProperties),
	}
}

func (st *state) createCredential(in gen.CredentialInput) Credential {
	st.mu.Lock()
	defer st.mu.Unlock()
	now := st.clock()
	c := fromInput(st.newID(), in, now, now)
	st.credentials[c.ID] = c
	st.order = append(st.order, c.ID)
	return cloneCredential(c)
}

func (st *state) replaceCredential(id string, in gen.CredentialInput) (Credential, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	old, ok := st.credentials[id]
	if !ok {
		return Credential{}, false
	}
	c := fromInput(id, in, *old.CreatedAt, st.clock())
	st.credentials[id] = c
	return cloneCredential(c), true
}

func (st *state) deleteCredential(id string) (Credential, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	c, ok := st.credentials[id]
	if !ok {
		return Credential{}, false
	}
	delete(st.credentials, id)
	st.order = slices.DeleteFunc(st.order, func(s string) bool { return s == id })
	return c, true
}

func (st *state) credential(id string) (Credential, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	c, ok := st.credentials[id]
	return cloneCredential(c), ok
}

func (st *state) listCredentials() []Credential {
	st.mu.Lock()
	defer st.mu.Unlock()
	out := make([]Credential, 0, len(st.order))
	for _, id := range st.order {
		out = append(out, cloneCredential(st.credentials[id]))
	}
	return out
}

func (st *state) userSettings(userID string) (UserSettings, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	v, ok := st.settings[userID]
	return v, ok
}

// mergeSettings applies the channels and fields the update sets.
func (st *state) mergeSettings(userID string, u UserSettings) UserSettings {
	st.mu.Lock()
	defer st.mu.Unlock()
	cur := st.settings[userID]
	for _, p := range []struct{ dst, src *gen.NotificationSetting }{
		{&cur.Notifications.SubmissionDocUpdates, &u.Notifications.SubmissionDocUpdates},
		{&cur.Notifications.ConnectionInvites, &u.Notifications.ConnectionInvites},
	} {
		if p.src.Enabled != nil {
			v := *p.src.Enabled
			p.dst.Enabled = &v
		}
		if !p.src.UnsubscribedAt.IsZero() {
			p.dst.UnsubscribedAt = p.src.UnsubscribedAt
		}
	}
	st.settings[userID] = cur
	return cur
}

// updateUser applies the UI state flags u sets to the user with the given
// id, the only user the fake knows: a flag set to true records the time it
// was set, false clears it.
func (st *state) updateUser(id string, u gen.UserUpdate) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	if id != st.user.ID {
		return false
	}
	if seen := u.UIState.HasSeenFreeAccountModal; seen != nil {
		st.user.UIState.HasSeenFreeAccountModal = nil
		if *seen {
			now := st.clock()
			st.user.UIState.HasSeenFreeAccountModal = &now
		}
	}
	return true
}

// Account returns the account as the fake holds it now.
func (s *Server) Account() Account {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	return cloneAccount(s.state.account)
}

// User returns the authenticated user as the fake holds it now; its
// Accounts holds the fake's one account.
func (s *Server) User() User {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	u := s.state.user
	u.Products = slices.Clone(u.Products)
	u.Membership, u.Permissions = maps.Clone(u.Membership), maps.Clone(u.Permissions)
	u.Subscriptions = slices.Clone(u.Subscriptions)
	u.Accounts = []Account{cloneAccount(s.state.account)}
	return u
}

// Credential returns the stored credential with the given id.
func (s *Server) Credential(id string) (Credential, bool) { return s.state.credential(id) }

// Credentials returns every stored credential in creation order.
func (s *Server) Credentials() []Credential { return s.state.listCredentials() }

// AddCredential stores a credential directly, as if it had been created
// through the API, and returns it with its new id and timestamps.
func (s *Server) AddCredential(in CredentialInput) Credential {
	return s.state.createCredential(in)
}

// UserSettings returns the stored settings of a user.
func (s *Server) UserSettings(userID string) (UserSettings, bool) {
	return s.state.userSettings(userID)
}

// Requests returns every request received so far, in order.
func (s *Server) Requests() []Request {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	return slices.Clone(s.state.requests)
}

// LastRequest returns the most recent request with the given method and
// path, e.g. LastRequest("PUT", "/account").
func (s *Server) LastRequest(method, path string) (Request, bool) {
	reqs := s.Requests()
	for i := len(reqs) - 1; i >= 0; i-- {
		if reqs[i].Method == method && reqs[i].Path == path {
			return reqs[i], true
		}
	}
	return Request{}, false
}

// Stats returns counters of what the fake has seen and holds.
func (s *Server) Stats() Stats {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	return Stats{Requests: len(s.state.requests), Credentials: len(s.state.credentials)}
}

// Problems returns the responses the fake produced that broke the document.
// It is empty unless the fake itself has a bug.
func (s *Server) Problems() []error {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	return slices.Clone(s.state.problems)
}
