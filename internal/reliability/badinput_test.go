package reliability

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"runtime/debug"
	"strings"
	"testing"
	"unicode"

	"github.com/cdpkit/cdpkit/pkg/activeprospect"
	"github.com/cdpkit/cdpkit/pkg/userlot"
	"github.com/cdpkit/cdpkit/pkg/usermost"
	"github.com/cdpkit/cdpkit/pkg/userpilot"
)

// guarded runs f and turns a panic into an error that says so.
func guarded(f func() error) (err error, panicked bool) {
	defer func() {
		if r := recover(); r != nil {
			err, panicked = fmt.Errorf("panic: %v\n%s", r, debug.Stack()), true
		}
	}()
	return f(), false
}

// TestNilContextIsAnErrorBeforeAnyRequest: every method given a nil
// context returns an error that says so, sends nothing and does not panic.
func TestNilContextIsAnErrorBeforeAnyRequest(t *testing.T) {
	e := newEnv(t, setup{})
	for _, c := range catalogue() {
		m := marker()
		if c.prep != nil {
			c.prep(e, m)
		}
		before := e.requests(c.api)
		//lint:ignore SA1012 a nil context is the point of the test
		err, panicked := guarded(func() error { return c.do(nil, e, m) }) //nolint:staticcheck
		switch {
		case panicked:
			t.Errorf("%s %s panicked on a nil context: %v", c.api, c.name, err)
		case err == nil:
			t.Errorf("%s %s accepted a nil context", c.api, c.name)
		case !strings.Contains(err.Error(), "context"):
			t.Errorf("%s %s: error %q does not say the context is the problem", c.api, c.name, err)
		}
		if got := e.requests(c.api); got != before {
			t.Errorf("%s %s sent %d requests with a nil context", c.api, c.name, got-before)
		}
	}
}

// hostileIDs are ids no API accepts. Each must be refused before a request.
var hostileIDs = map[string]string{
	"empty":           "",
	"whitespace only": " \t\n ",
	"over-long":       strings.Repeat("a", 10_000),
	"NUL":             "id\x00x",
	"invalid UTF-8":   "id\xff\xfe",
	"line break":      "id\r\nX-Injected: 1",
}

// hostileText is free text (event names, names) that would be stored
// wrongly: JSON encoding turns invalid UTF-8 into U+FFFD without a word,
// and NUL is cut short by most stores.
var hostileText = map[string]string{
	"NUL":           "name\x00x",
	"invalid UTF-8": "name\xff",
}

// hostileValues cannot be sent as JSON, or not as the caller meant.
var hostileValues = map[string]any{
	"NaN":                  math.NaN(),
	"+Inf":                 math.Inf(1),
	"-Inf":                 math.Inf(-1),
	"channel":              make(chan int),
	"function":             func() {},
	"complex":              complex(1, 2),
	"NaN in a nested map":  map[string]any{"inner": math.NaN()},
	"func in a slice":      []any{1, func() {}},
	"invalid UTF-8 string": "v\xff",
}

// idCall takes an id (or another identifying string) as its named field.
type idCall struct {
	api, name, field string
	do               func(ctx context.Context, e *env, id string) error
}

// optionalIDs may be empty: a filter left out.
var optionalIDs = map[string]bool{"Client.ListCustomFields": true}

func idCalls() []idCall {
	ulInput := userlot.CompanyInput{Name: "Acme"}
	return []idCall{
		{apiUserpilot, "ExportsService.Get", "jobID", func(ctx context.Context, e *env, id string) error { return ignore(e.userpilot.Exports.Get(ctx, id)) }},
		{apiUserpilot, "ExportsService.Wait", "jobID", func(ctx context.Context, e *env, id string) error { return ignore(e.userpilot.Exports.Wait(ctx, id)) }},
		{apiUserpilot, "JobsService.Get", "jobID", func(ctx context.Context, e *env, id string) error { return ignore(e.userpilot.Jobs.Get(ctx, id)) }},
		{apiUserpilot, "JobsService.Wait", "jobID", func(ctx context.Context, e *env, id string) error { return ignore(e.userpilot.Jobs.Wait(ctx, id)) }},
		{apiUserpilot, "Client.DeleteUsers", "users", func(ctx context.Context, e *env, id string) error { return ignore(e.userpilot.DeleteUsers(ctx, id)) }},
		{apiUserpilot, "Client.DeleteCompanies", "companies", func(ctx context.Context, e *env, id string) error {
			return ignore(e.userpilot.DeleteCompanies(ctx, id))
		}},
		{apiUserpilot, "Client.Identify", "user_id", func(ctx context.Context, e *env, id string) error {
			return e.userpilot.Identify(ctx, userpilot.User{UserID: id})
		}},
		{apiUserpilot, "Client.IdentifyCompany", "company_id", func(ctx context.Context, e *env, id string) error {
			return e.userpilot.IdentifyCompany(ctx, userpilot.Company{CompanyID: id})
		}},
		{apiUserpilot, "Client.Track", "user_id", func(ctx context.Context, e *env, id string) error {
			return e.userpilot.Track(ctx, userpilot.Event{UserID: id, EventName: "e"})
		}},
		{apiUsermost, "Client.UpsertUser", "user", func(ctx context.Context, e *env, id string) error {
			return ignore(e.usermost.UpsertUser(ctx, usermost.User{UserID: id}))
		}},
		{apiUsermost, "Client.TrackEvent", "user", func(ctx context.Context, e *env, id string) error {
			return ignore(e.usermost.TrackEvent(ctx, usermost.Event{UserID: id, EventName: "e"}))
		}},
		{apiUsermost, "Client.SendBatch", "request", func(ctx context.Context, e *env, id string) error {
			return ignore(e.usermost.SendBatch(ctx, id, []usermost.Event{{UserID: "u", EventName: "e"}}))
		}},
		{apiUserlot, "CompaniesService.Get", "id", func(ctx context.Context, e *env, id string) error { return ignore(e.userlot.Companies.Get(ctx, id)) }},
		{apiUserlot, "EndUsersService.Get", "id", func(ctx context.Context, e *env, id string) error { return ignore(e.userlot.EndUsers.Get(ctx, id)) }},
		{apiUserlot, "TicketsService.Get", "id", func(ctx context.Context, e *env, id string) error { return ignore(e.userlot.Tickets.Get(ctx, id)) }},
		{apiUserlot, "CompaniesService.Upsert", "external", func(ctx context.Context, e *env, id string) error {
			return ignore(e.userlot.Companies.Upsert(ctx, ulInput, userlot.ByExternalID(id)))
		}},
		{apiUserlot, "Client.TrackEvent", "user", func(ctx context.Context, e *env, id string) error {
			return e.userlot.TrackEvent(ctx, userlot.Event{Name: "e", UserExternalID: id})
		}},

		{apiUserlot, "Client.ListCustomFields", "entity", func(ctx context.Context, e *env, id string) error { return ignore(e.userlot.ListCustomFields(ctx, id)) }},
		{apiActiveProspect, "CredentialsService.Get", "id", func(ctx context.Context, e *env, id string) error {
			return ignore(e.activeprospect.Credentials.Get(ctx, id))
		}},
		{apiActiveProspect, "CredentialsService.Delete", "id", func(ctx context.Context, e *env, id string) error {
			return ignore(e.activeprospect.Credentials.Delete(ctx, id))
		}},
		{apiActiveProspect, "UserService.Settings", "userID", func(ctx context.Context, e *env, id string) error {
			return ignore(e.activeprospect.User.Settings(ctx, id))
		}},
		{apiActiveProspect, "AccountService.SyncFromSSO", "ssoAccountID", func(ctx context.Context, e *env, id string) error {
			return ignore(e.activeprospect.Account.SyncFromSSO(ctx, id))
		}},
	}
}

// textCall takes free text in its named field.
type textCall struct {
	api, name, field string
	do               func(ctx context.Context, e *env, s string) error
}

func textCalls() []textCall {
	return []textCall{
		{apiUsermost, "Client.TrackEvent", "eventName", func(ctx context.Context, e *env, s string) error {
			return ignore(e.usermost.TrackEvent(ctx, usermost.Event{UserID: "u", EventName: s}))
		}},
		{apiUsermost, "Client.UpsertUser", "firstName", func(ctx context.Context, e *env, s string) error {
			return ignore(e.usermost.UpsertUser(ctx, usermost.User{UserID: "u", FirstName: s}))
		}},
		{apiUserpilot, "Client.Track", "event_name", func(ctx context.Context, e *env, s string) error {
			return e.userpilot.Track(ctx, userpilot.Event{UserID: "u", EventName: s})
		}},
		{apiUserlot, "Client.TrackEvent", "name", func(ctx context.Context, e *env, s string) error {
			return e.userlot.TrackEvent(ctx, userlot.Event{Name: s, UserExternalID: "u"})
		}},
		{apiUserlot, "CompaniesService.Upsert", "name", func(ctx context.Context, e *env, s string) error {
			return ignore(e.userlot.Companies.Upsert(ctx, userlot.CompanyInput{Name: s}, userlot.ByExternalID("c-1")))
		}},
		{apiActiveProspect, "CredentialsService.Create", "name", func(ctx context.Context, e *env, s string) error {
			in := activeprospect.CredentialInput{Name: s, Type: activeprospect.CredentialTypeUser, Package: "p", Username: "u", Password: activeprospect.NewSecret("pw")}
			return ignore(e.activeprospect.Credentials.Create(ctx, in))
		}},
	}
}

// mapCall takes a free-form map (metadata, attributes, custom fields).
type mapCall struct {
	api, name, field string
	do               func(ctx context.Context, e *env, m map[string]any) error
}

func mapCalls() []mapCall {
	return []mapCall{
		{apiUsermost, "Client.UpsertUser", "attributes", func(ctx context.Context, e *env, m map[string]any) error {
			return ignore(e.usermost.UpsertUser(ctx, usermost.User{UserID: "u", Attributes: m}))
		}},
		{apiUsermost, "Client.TrackEvent", "eventData", func(ctx context.Context, e *env, m map[string]any) error {
			return ignore(e.usermost.TrackEvent(ctx, usermost.Event{UserID: "u", EventName: "e", EventData: m}))
		}},
		{apiUserpilot, "Client.Identify", "metadata", func(ctx context.Context, e *env, m map[string]any) error {
			return e.userpilot.Identify(ctx, userpilot.User{UserID: "u", Metadata: m})
		}},
		{apiUserpilot, "Client.Track", "metadata", func(ctx context.Context, e *env, m map[string]any) error {
			return e.userpilot.Track(ctx, userpilot.Event{UserID: "u", EventName: "e", Metadata: m})
		}},
		{apiUserpilot, "Client.BulkIdentifyUsers", "metadata", func(ctx context.Context, e *env, m map[string]any) error {
			return ignore(e.userpilot.BulkIdentifyUsers(ctx, []userpilot.User{{UserID: "u", Metadata: m}}))
		}},
		{apiUserlot, "CompaniesService.Upsert", "custom", func(ctx context.Context, e *env, m map[string]any) error {
			return ignore(e.userlot.Companies.Upsert(ctx, userlot.CompanyInput{Name: "A", Custom: m}, userlot.ByExternalID("c-1")))
		}},
		{apiUserlot, "EndUsersService.Upsert", "custom", func(ctx context.Context, e *env, m map[string]any) error {
			return ignore(e.userlot.EndUsers.Upsert(ctx, userlot.EndUserInput{Email: "a@example.com", Custom: m}, userlot.ByExternalID("u-1")))
		}},
		{apiActiveProspect, "CredentialsService.Create", "extra", func(ctx context.Context, e *env, m map[string]any) error {
			in := activeprospect.CredentialInput{Name: "n", Type: activeprospect.CredentialTypeUser, Package: "p", Username: "u",
				Password: activeprospect.NewSecret("pw"), Extra: m}
			return ignore(e.activeprospect.Credentials.Create(ctx, in))
		}},
	}
}

// readerCall takes a stream.
type readerCall struct {
	api, name string
	do        func(ctx context.Context, e *env, r io.Reader) error
}

func readerCalls() []readerCall {
	return []readerCall{
		{apiUserpilot, "Client.BulkIdentifyUsersNDJSON", func(ctx context.Context, e *env, r io.Reader) error {
			return ignore(e.userpilot.BulkIdentifyUsersNDJSON(ctx, r))
		}},
		{apiUserpilot, "Client.BulkIdentifyCompaniesNDJSON", func(ctx context.Context, e *env, r io.Reader) error {
			return ignore(e.userpilot.BulkIdentifyCompaniesNDJSON(ctx, r))
		}},
		{apiUserpilot, "Client.Import", func(ctx context.Context, e *env, r io.Reader) error { return ignore(e.userpilot.Import(ctx, r)) }},
	}
}

var nilReaders = map[string]io.Reader{
	"untyped nil":      nil,
	"typed nil reader": (*bytes.Reader)(nil),
	"typed nil file":   (*os.File)(nil),
	"typed nil buffer": (*bytes.Buffer)(nil),
}

// refused checks one bad call: an error that names field, no request, no
// panic.
func refused(t *testing.T, e *env, api, what, field string, f func() error) {
	t.Helper()
	before := e.requests(api)
	err, panicked := guarded(f)
	switch {
	case panicked:
		t.Errorf("%s: panicked: %v", what, err)
	case err == nil:
		t.Errorf("%s: accepted", what)
	case field != "" && !namesField(err.Error(), field):
		t.Errorf("%s: error %q does not name %s", what, err, field)
	}
	if n := e.requests(api) - before; n != 0 {
		t.Errorf("%s: %d requests sent", what, n)
	}
}

// namesField compares loosely: user_id, userID and "user id" all match.
func namesField(msg, field string) bool {
	norm := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r == '_' || r == ' ' || r == '-' {
				return -1
			}
			return unicode.ToLower(r)
		}, s)
	}
	return strings.Contains(norm(msg), norm(field))
}

func TestHostileInputIsRefusedBeforeAnyRequest(t *testing.T) {
	e := newEnv(t, setup{})
	ctx := context.Background()
	for _, c := range idCalls() {
		for kind, id := range hostileIDs {
			if optionalIDs[c.name] && id == "" {
				continue
			}
			refused(t, e, c.api, fmt.Sprintf("%s %s with a %s id", c.api, c.name, kind), c.field, func() error { return c.do(ctx, e, id) })
		}
	}
	for _, c := range textCalls() {
		for kind, s := range hostileText {
			refused(t, e, c.api, fmt.Sprintf("%s %s with %s in %s", c.api, c.name, kind, c.field), c.field, func() error { return c.do(ctx, e, s) })
		}
	}
	for _, c := range mapCalls() {
		for kind, v := range hostileValues {
			m := map[string]any{"ok": 1, "bad": v}
			refused(t, e, c.api, fmt.Sprintf("%s %s with %s in %s", c.api, c.name, kind, c.field), "bad", func() error { return c.do(ctx, e, m) })
		}
	}
	for _, c := range readerCalls() {
		for kind, r := range nilReaders {
			refused(t, e, c.api, fmt.Sprintf("%s %s with a %s", c.api, c.name, kind), "", func() error { return c.do(ctx, e, r) })
		}
	}
}
