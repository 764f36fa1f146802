package reliability

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/cdpkit/cdpkit"

	"github.com/cdpkit/cdpkit/pkg/activeprospect"
	"github.com/cdpkit/cdpkit/pkg/activeprospect/activeprospecttest"
	"github.com/cdpkit/cdpkit/pkg/userlot"
	"github.com/cdpkit/cdpkit/pkg/usermost"
	"github.com/cdpkit/cdpkit/pkg/userpilot"
)

// call is one valid use of one exported client method.
type call struct {
	api  string
	name string // Receiver.Method as in godoc, e.g. "CredentialsService.Create"
	// write is true when the call changes state at the API.
	write bool
	// dedup is true when the API stores a write once however often it is
	// sent (an upsert keyed by an id, or an idempotency key).
	dedup bool
	// prep, when set, readies the fake for the call (through the healthy
	// fake, before anything is counted).
	prep func(e *env, m string)
	// do makes the call; m is a marker unique to this invocation, to find
	// what it stored.
	do func(ctx context.Context, e *env, m string) error
	// stored counts what the invocation marked m left at the fake; nil when
	// the fake cannot tell. units is the count a success leaves.
	stored func(e *env, m string) int
	units  int
}

var markers atomic.Int64

// marker returns a fresh marker, e.g. "m17".
func marker() string { return fmt.Sprintf("m%d", markers.Add(1)) }

// hexID is a Usermost request id derived from a marker.
func hexID(m string) string { return fmt.Sprintf("%032x", m) }

func count[T any](items []T, match func(T) bool) int {
	n := 0
	for _, it := range items {
		if match(it) {
			n++
		}
	}
	return n
}

// uuidOf is a well-formed UUID derived from a marker (for ids that must be
// UUIDs; no record has it).
func uuidOf(m string) string {
	h := fmt.Sprintf("%032x", m)[:32]
	return h[:8] + "-" + h[8:12] + "-4" + h[13:16] + "-8" + h[17:20] + "-" + h[20:32]
}

func has(ok bool) int {
	if ok {
		return 1
	}
	return 0
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// drain consumes a sequence and returns its first error.
func drain[T any](seq iter.Seq2[T, error]) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}

func seqOf[T any](items ...T) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for _, it := range items {
			if !yield(it, nil) {
				return
			}
		}
	}
}

func importRows(m string) *strings.Reader {
	return strings.NewReader(`{"event_type":"track","event_name":"` + m + `","user_id":"u-1","inserted_at":"2026-01-02T03:04:05Z","source":"web-client","url":"https://example.com/p"}` + "\n")
}

func ignore[T any](_ T, err error) error { return err }

// bulkDone waits for the bulk job a call started, so what it stored can be
// counted.
func bulkDone(ctx context.Context, e *env) func(*userpilot.BulkResult, error) error {
	return func(r *userpilot.BulkResult, err error) error {
		if err != nil {
			return err
		}
		_, err = e.userpilot.Jobs.Wait(ctx, r.LastJob().JobID)
		return err
	}
}

// catalogue lists one valid call per exported client method that talks to
// the API. TestCatalogueCoversEveryMethod keeps it complete.
func catalogue() []call {
	ev := func(m string) usermost.Event { return usermost.Event{UserID: "u-1", EventName: m} }
	umEvents := func(e *env, m string) int {
		return count(e.umFake.Events(), func(x usermost.Event) bool { return x.EventName == m })
	}
	upEvents := func(e *env, m string) int {
		return count(e.upFake.Events(), func(x userpilot.Event) bool { return x.EventName == m })
	}
	upUsers := func(e *env, m string) int {
		_, a := e.upFake.User(m + "-a")
		_, b := e.upFake.User(m + "-b")
		return has(a) + has(b)
	}
	upCompanies := func(e *env, m string) int {
		_, a := e.upFake.Company(m + "-a")
		_, b := e.upFake.Company(m + "-b")
		return has(a) + has(b)
	}
	users := func(m string) []userpilot.User { return []userpilot.User{{UserID: m + "-a"}, {UserID: m + "-b"}} }
	companies := func(m string) []userpilot.Company {
		return []userpilot.Company{{CompanyID: m + "-a"}, {CompanyID: m + "-b"}}
	}
	ndjson := func(field, m string) *strings.Reader {
		return strings.NewReader(fmt.Sprintf("{%q:%q}\n{%q:%q}\n", field, m+"-a", field, m+"-b"))
	}
	credential := func(m string) activeprospect.CredentialInput {
		return activeprospect.CredentialInput{Name: m, Type: activeprospect.CredentialTypeUser, Package: "leadconduit-test",
			Username: "u", Password: activeprospect.NewSecret("pw-" + m)}
	}
	existing := func(e *env, m string) string { return e.apFake.AddCredential(activeprospectCredentialInput(m)).ID }
	apCreds := func(e *env, m string) int {
		return count(e.apFake.Credentials(), func(c activeprospecttest.Credential) bool { return c.Name == m })
	}
	notify := activeprospect.UserSettings{Notifications: activeprospect.NotificationSettings{
		ConnectionInvites: activeprospect.NotificationSetting{Enabled: new(true)}}}
	return []call{
		// Usermost
		{api: apiUsermost, name: "Client.UpsertUser", write: true, dedup: true, units: 1,
			do: func(ctx context.Context, e *env, m string) error {
				return ignore(e.usermost.UpsertUser(ctx, usermost.User{UserID: m, FirstName: "Ada"}))
			},
			stored: func(e *env, m string) int { _, ok := e.umFake.User(m); return has(ok) }},
		{api: apiUsermost, name: "Client.TrackEvent", write: true, dedup: true, units: 1, stored: umEvents,
			do: func(ctx context.Context, e *env, m string) error { return ignore(e.usermost.TrackEvent(ctx, ev(m))) }},
		{api: apiUsermost, name: "Client.TrackEvents", write: true, dedup: true, units: 2, stored: umEvents,
			do: func(ctx context.Context, e *env, m string) error {
				return ignore(e.usermost.TrackEvents(ctx, []usermost.Event{ev(m), ev(m)}))
			}},
		{api: apiUsermost, name: "Client.SendBatch", write: true, dedup: true, units: 2, stored: umEvents,
			do: func(ctx context.Context, e *env, m string) error {
				return ignore(e.usermost.SendBatch(ctx, hexID(m), []usermost.Event{ev(m), ev(m)}))
			}},

		// Userpilot
		{api: apiUserpilot, name: "Client.Identify", write: true, dedup: true, units: 1,
			do: func(ctx context.Context, e *env, m string) error {
				return e.userpilot.Identify(ctx, userpilot.User{UserID: m})
			},
			stored: func(e *env, m string) int { _, ok := e.upFake.User(m); return has(ok) }},
		{api: apiUserpilot, name: "Client.IdentifyCompany", write: true, dedup: true, units: 1,
			do: func(ctx context.Context, e *env, m string) error {
				return e.userpilot.IdentifyCompany(ctx, userpilot.Company{CompanyID: m})
			},
			stored: func(e *env, m string) int { _, ok := e.upFake.Company(m); return has(ok) }},
		{api: apiUserpilot, name: "Client.Track", write: true, dedup: false, units: 1, stored: upEvents,
			do: func(ctx context.Context, e *env, m string) error {
				return e.userpilot.Track(ctx, userpilot.Event{UserID: "u-1", EventName: m})
			}},
		{api: apiUserpilot, name: "Client.BulkIdentifyUsers", write: true, dedup: true, units: 2, stored: upUsers,
			do: func(ctx context.Context, e *env, m string) error {
				return bulkDone(ctx, e)(e.userpilot.BulkIdentifyUsers(ctx, users(m)))
			}},
		{api: apiUserpilot, name: "Client.BulkIdentifyUsersNDJSON", write: true, dedup: true, units: 2, stored: upUsers,
			do: func(ctx context.Context, e *env, m string) error {
				return bulkDone(ctx, e)(e.userpilot.BulkIdentifyUsersNDJSON(ctx, ndjson("user_id", m)))
			}},
		{api: apiUserpilot, name: "Client.BulkIdentifyUsersSeq", write: true, dedup: true, units: 2, stored: upUsers,
			do: func(ctx context.Context, e *env, m string) error {
				return bulkDone(ctx, e)(e.userpilot.BulkIdentifyUsersSeq(ctx, seqOf(users(m)...)))
			}},
		{api: apiUserpilot, name: "Client.BulkIdentifyCompanies", write: true, dedup: true, units: 2, stored: upCompanies,
			do: func(ctx context.Context, e *env, m string) error {
				return bulkDone(ctx, e)(e.userpilot.BulkIdentifyCompanies(ctx, companies(m)))
			}},
		{api: apiUserpilot, name: "Client.BulkIdentifyCompaniesNDJSON", write: true, dedup: true, units: 2, stored: upCompanies,
			do: func(ctx context.Context, e *env, m string) error {
				return bulkDone(ctx, e)(e.userpilot.BulkIdentifyCompaniesNDJSON(ctx, ndjson("company_id", m)))
			}},
		{api: apiUserpilot, name: "Client.BulkIdentifyCompaniesSeq", write: true, dedup: true, units: 2, stored: upCompanies,
			do: func(ctx context.Context, e *env, m string) error {
				return bulkDone(ctx, e)(e.userpilot.BulkIdentifyCompaniesSeq(ctx, seqOf(companies(m)...)))
			}},
		{api: apiUserpilot, name: "Client.Import", write: true, dedup: false,
			do: func(ctx context.Context, e *env, m string) error {
				return ignore(e.userpilot.Import(ctx, importRows(m)))
			}},
		{api: apiUserpilot, name: "Client.DeleteUsers", write: true, dedup: true, units: 1,
			do:     func(ctx context.Context, e *env, m string) error { return ignore(e.userpilot.DeleteUsers(ctx, m)) },
			stored: func(e *env, m string) int { return has(slices.Contains(e.upFake.ScheduledDeletions().Users, m)) }},
		{api: apiUserpilot, name: "Client.DeleteCompanies", write: true, dedup: true, units: 1,
			do:     func(ctx context.Context, e *env, m string) error { return ignore(e.userpilot.DeleteCompanies(ctx, m)) },
			stored: func(e *env, m string) int { return has(slices.Contains(e.upFake.ScheduledDeletions().Companies, m)) }},
		{api: apiUserpilot, name: "Client.ValidateKey",
			do: func(ctx context.Context, e *env, _ string) error { return e.userpilot.ValidateKey(ctx) }},
		// One export runs at a time: a resend after a lost answer meets the
		// first export and gets a *JobRunningError, so none starts twice.
		{api: apiUserpilot, name: "ExportsService.Start", write: true, dedup: true,
			do: func(ctx context.Context, e *env, _ string) error {
				return ignore(e.userpilot.Exports.Start(ctx, userpilot.ExportRequest{Format: "ndjson"}))
			}},
		{api: apiUserpilot, name: "ExportsService.List",
			do: func(ctx context.Context, e *env, _ string) error { return ignore(e.userpilot.Exports.List(ctx)) }},
		{api: apiUserpilot, name: "ExportsService.Get",
			do: func(ctx context.Context, e *env, m string) error {
				return ignore(e.userpilot.Exports.Get(ctx, "job-"+m))
			}},
		{api: apiUserpilot, name: "ExportsService.Wait",
			do: func(ctx context.Context, e *env, m string) error {
				return ignore(e.userpilot.Exports.Wait(ctx, "job-"+m))
			}},
		{api: apiUserpilot, name: "ExportsService.Open",
			do: func(ctx context.Context, e *env, m string) error {
				rc, err := e.userpilot.Exports.Open(ctx, userpilot.PresignedURL{Filename: "f", URL: e.upFake.URL + "/_downloads/" + m})
				if rc != nil {
					rc.Close()
				}
				return err
			}},
		{api: apiUserpilot, name: "ExportsService.Rows",
			do: func(ctx context.Context, e *env, m string) error {
				return drain(e.userpilot.Exports.Rows(ctx, &userpilot.ExportJob{JobID: "job-" + m, Status: "completed",
					PresignedURLs: []userpilot.PresignedURL{{Filename: "f", URL: e.upFake.URL + "/_downloads/" + m}}}))
			}},
		{api: apiUserpilot, name: "JobsService.List",
			do: func(ctx context.Context, e *env, _ string) error { return ignore(e.userpilot.Jobs.List(ctx)) }},
		{api: apiUserpilot, name: "JobsService.Get",
			do: func(ctx context.Context, e *env, m string) error { return ignore(e.userpilot.Jobs.Get(ctx, "job-"+m)) }},
		{api: apiUserpilot, name: "JobsService.Wait",
			do: func(ctx context.Context, e *env, m string) error { return ignore(e.userpilot.Jobs.Wait(ctx, "job-"+m)) }},
		{api: apiUserpilot, name: "LookupsService.Banners", do: func(ctx context.Context, e *env, _ string) error { return ignore(e.userpilot.Lookups.Banners(ctx)) }},
		{api: apiUserpilot, name: "LookupsService.Checklists", do: func(ctx context.Context, e *env, _ string) error { return ignore(e.userpilot.Lookups.Checklists(ctx)) }},
		{api: apiUserpilot, name: "LookupsService.CompanyProperties", do: func(ctx context.Context, e *env, _ string) error {
			return ignore(e.userpilot.Lookups.CompanyProperties(ctx))
		}},
		{api: apiUserpilot, name: "LookupsService.Embeds", do: func(ctx context.Context, e *env, _ string) error { return ignore(e.userpilot.Lookups.Embeds(ctx)) }},
		{api: apiUserpilot, name: "LookupsService.EventProperties", do: func(ctx context.Context, e *env, _ string) error {
			return drain(e.userpilot.Lookups.EventProperties(ctx))
		}},
		{api: apiUserpilot, name: "LookupsService.EventPropertiesPage", do: func(ctx context.Context, e *env, _ string) error {
			return ignore(e.userpilot.Lookups.EventPropertiesPage(ctx, ""))
		}},
		{api: apiUserpilot, name: "LookupsService.FeaturesAndEvents", do: func(ctx context.Context, e *env, _ string) error {
			return ignore(e.userpilot.Lookups.FeaturesAndEvents(ctx))
		}},
		{api: apiUserpilot, name: "LookupsService.Flows", do: func(ctx context.Context, e *env, _ string) error { return ignore(e.userpilot.Lookups.Flows(ctx)) }},
		{api: apiUserpilot, name: "LookupsService.ResourceCenterModules", do: func(ctx context.Context, e *env, _ string) error {
			return ignore(e.userpilot.Lookups.ResourceCenterModules(ctx))
		}},
		{api: apiUserpilot, name: "LookupsService.Segments", do: func(ctx context.Context, e *env, _ string) error { return drain(e.userpilot.Lookups.Segments(ctx)) }},
		{api: apiUserpilot, name: "LookupsService.SegmentsPage", do: func(ctx context.Context, e *env, _ string) error {
			return ignore(e.userpilot.Lookups.SegmentsPage(ctx, ""))
		}},
		{api: apiUserpilot, name: "LookupsService.Spotlights", do: func(ctx context.Context, e *env, _ string) error { return ignore(e.userpilot.Lookups.Spotlights(ctx)) }},
		{api: apiUserpilot, name: "LookupsService.Surveys", do: func(ctx context.Context, e *env, _ string) error { return ignore(e.userpilot.Lookups.Surveys(ctx)) }},
		{api: apiUserpilot, name: "LookupsService.UserProperties", do: func(ctx context.Context, e *env, _ string) error {
			return ignore(e.userpilot.Lookups.UserProperties(ctx))
		}},

		// Userlot
		{api: apiUserlot, name: "Client.Identify", write: true, dedup: true, units: 1,
			do: func(ctx context.Context, e *env, m string) error {
				return e.userlot.Identify(ctx, userlot.IdentifyRequest{UserExternalID: m, CompanyExternalID: "c-" + m, CompanyName: "Acme"})
			},
			stored: func(e *env, m string) int { _, ok := e.ulFake.EndUserByExternalID(m); return has(ok) }},
		{api: apiUserlot, name: "Client.TrackEvent", write: true, dedup: false, units: 1,
			prep: func(e *env, _ string) {
				_ = e.userlot.Identify(context.Background(), userlot.IdentifyRequest{UserExternalID: "u-1", CompanyExternalID: "c-1", CompanyName: "Acme"})
			},
			do: func(ctx context.Context, e *env, m string) error {
				return e.userlot.TrackEvent(ctx, userlot.Event{Name: m, UserExternalID: "u-1", OccurredAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)})
			},
			stored: func(e *env, m string) int {
				return count(e.ulFake.Events(), func(x userlotEvent) bool { return x.Name == m })
			}},
		{api: apiUserlot, name: "Client.ListCustomFields", do: func(ctx context.Context, e *env, _ string) error {
			return ignore(e.userlot.ListCustomFields(ctx, "company"))
		}},
		{api: apiUserlot, name: "Client.ListProducts", do: func(ctx context.Context, e *env, _ string) error { return ignore(e.userlot.ListProducts(ctx)) }},
		{api: apiUserlot, name: "CompaniesService.Upsert", write: true, dedup: true, units: 1,
			do: func(ctx context.Context, e *env, m string) error {
				return ignore(e.userlot.Companies.Upsert(ctx, userlot.CompanyInput{Name: "Acme " + m}, userlot.ByExternalID(m)))
			},
			stored: func(e *env, m string) int { _, ok := e.ulFake.CompanyByExternalID(m); return has(ok) }},
		{api: apiUserlot, name: "CompaniesService.Get", do: func(ctx context.Context, e *env, m string) error {
			return ignore(e.userlot.Companies.Get(ctx, uuidOf(m)))
		}},
		{api: apiUserlot, name: "CompaniesService.List", do: func(ctx context.Context, e *env, _ string) error {
			return ignore(e.userlot.Companies.List(ctx, userlot.CompanyFilter{}))
		}},
		{api: apiUserlot, name: "EndUsersService.Upsert", write: true, dedup: true, units: 1,
			do: func(ctx context.Context, e *env, m string) error {
				return ignore(e.userlot.EndUsers.Upsert(ctx, userlot.EndUserInput{Email: m + "@example.com"}, userlot.ByExternalID(m)))
			},
			stored: func(e *env, m string) int { _, ok := e.ulFake.EndUserByExternalID(m); return has(ok) }},
		{api: apiUserlot, name: "EndUsersService.Get", do: func(ctx context.Context, e *env, m string) error {
			return ignore(e.userlot.EndUsers.Get(ctx, uuidOf(m)))
		}},
		{api: apiUserlot, name: "EndUsersService.List", do: func(ctx context.Context, e *env, _ string) error {
			return ignore(e.userlot.EndUsers.List(ctx, userlot.EndUserFilter{}))
		}},
		{api: apiUserlot, name: "TicketsService.Upsert", write: true, dedup: true, units: 1,
			do: func(ctx context.Context, e *env, m string) error {
				return ignore(e.userlot.Tickets.Upsert(ctx, userlot.TicketInput{Subject: m}, userlot.ByExternalID(m)))
			},
			stored: func(e *env, m string) int {
				return count(e.ulFake.Tickets(), func(x userlotTicket) bool { return deref(x.ExternalID) == m })
			}},
		{api: apiUserlot, name: "TicketsService.Get", do: func(ctx context.Context, e *env, m string) error {
			return ignore(e.userlot.Tickets.Get(ctx, uuidOf(m)))
		}},
		{api: apiUserlot, name: "TicketsService.List", do: func(ctx context.Context, e *env, _ string) error {
			return ignore(e.userlot.Tickets.List(ctx, userlot.TicketFilter{}))
		}},

		// ActiveProspect
		{api: apiActiveProspect, name: "AccountService.Get", do: func(ctx context.Context, e *env, _ string) error { return ignore(e.activeprospect.Account.Get(ctx)) }},
		{api: apiActiveProspect, name: "AccountService.Update", write: true, dedup: true, units: 1,
			do: func(ctx context.Context, e *env, m string) error {
				days := 30 + int(markers.Load()%300)
				_, err := e.activeprospect.Account.Update(ctx, activeprospect.AccountUpdate{DataRetentionInDays: &days})
				return err
			}},
		{api: apiActiveProspect, name: "AccountService.SyncFromSSO", write: true, dedup: false,
			do: func(ctx context.Context, e *env, m string) error {
				return ignore(e.activeprospect.Account.SyncFromSSO(ctx, activeprospecttest.DefaultAccountSSOID))
			}},
		{api: apiActiveProspect, name: "CredentialsService.List", do: func(ctx context.Context, e *env, _ string) error {
			return ignore(e.activeprospect.Credentials.List(ctx))
		}},
		{api: apiActiveProspect, name: "CredentialsService.Get", do: func(ctx context.Context, e *env, m string) error {
			return ignore(e.activeprospect.Credentials.Get(ctx, existing(e, m)))
		}},
		{api: apiActiveProspect, name: "CredentialsService.Create", write: true, dedup: false, units: 1, stored: apCreds,
			do: func(ctx context.Context, e *env, m string) error {
				return ignore(e.activeprospect.Credentials.Create(ctx, credential(m)))
			}},
		{api: apiActiveProspect, name: "CredentialsService.Update", write: true, dedup: true, units: 1, stored: apCreds,
			do: func(ctx context.Context, e *env, m string) error {
				return ignore(e.activeprospect.Credentials.Update(ctx, existing(e, m), credential(m)))
			}},
		{api: apiActiveProspect, name: "CredentialsService.Delete", write: true, dedup: true,
			do: func(ctx context.Context, e *env, m string) error {
				return ignore(e.activeprospect.Credentials.Delete(ctx, existing(e, m)))
			}},
		{api: apiActiveProspect, name: "UserService.Get", do: func(ctx context.Context, e *env, _ string) error { return ignore(e.activeprospect.User.Get(ctx)) }},
		{api: apiActiveProspect, name: "UserService.Update", write: true, dedup: true,
			do: func(ctx context.Context, e *env, _ string) error {
				return ignore(e.activeprospect.User.Update(ctx, e.apFake.User().ID, activeprospect.UserUpdate{
					UIState: activeprospect.UserUIStateUpdate{HasSeenFreeAccountModal: cdpkit.Ptr(true)}}))
			}},
		{api: apiActiveProspect, name: "UserService.Settings", do: func(ctx context.Context, e *env, _ string) error {
			return ignore(e.activeprospect.User.Settings(ctx, e.apFake.User().ID))
		}},
		{api: apiActiveProspect, name: "UserService.CreateSettings", write: true, dedup: false,
			do: func(ctx context.Context, e *env, _ string) error {
				return ignore(e.activeprospect.User.CreateSettings(ctx, notify))
			}},
		{api: apiActiveProspect, name: "UserService.UpdateSettings", write: true, dedup: true,
			do: func(ctx context.Context, e *env, _ string) error {
				return ignore(e.activeprospect.User.UpdateSettings(ctx, e.apFake.User().ID, notify))
			}},
	}
}

// activeprospectCredentialInput is a credential to plant in the fake.
func activeprospectCredentialInput(m string) activeprospecttest.CredentialInput {
	return activeprospecttest.CredentialInput{Name: "old-" + m, Type: "user", Package: "p", Username: "u", Password: "pw"}
}
