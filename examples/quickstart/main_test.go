package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/cdpkit/cdpkit/pkg/activeprospect/activeprospecttest"
	"github.com/cdpkit/cdpkit/pkg/userlot/userlottest"
)

func TestQuickstartRunsAgainstFakes(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	noEnv := func(string) string { return "" }
	if err := run(context.Background(), &out, noEnv); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	for _, want := range []string{
		"Usermost  [in-memory fake",
		"upsert user qs-ada",
		"60 accepted in 3 requests",
		`404 "invalid url: unknown license code", IsNotFound=true`,
		"2 profiles and 61 events",
		"Userlot  [in-memory fake",
		"Acme, custom total_revenue=98000",
		"same record: true, MRR 8000, total_revenue kept: 98000",
		"Ada Lovelace <ada@example.com>, read back plan_tier=gold",
		"1 company named Acme, 1 end user with ada@example.com",
		`values 120 and "csv" accepted`,
		`"Export fails" is open`,
		"rejected before any request: Companies.Upsert got 2 identities",
		`rejected: Custom["name"] collides with the fixed field name`,
		`404 "no company with id 00000000-0000-4000-8000-000000000000", IsNotFound=true`,
		"companies 1, end users 2, events 2, tickets 1",
		"ActiveProspect  [in-memory fake",
		"Tracker (pkg/track)  [in-memory fakes",
		"enqueue 2020 messages to 2 sinks",
		"userpilot fake: 2000 events stored",
		"Acme, Inc. (64acddadd9b866e066385bd6)",
		"2 stored, secrets redacted",
		`"password":"[REDACTED]"`,
		`"api_key":"[REDACTED]"`,
		`"token":"[REDACTED]"`,
		`"region":"us1"`,
		`sent {"data_retention_in_days":0}, retention now 0`,
		`404 "credential 66c0ffee0000000000000001 not found", IsNotFound=true`,
		`rejected before any request: "not-an-id" is not an ActiveProspect id`,
		"Userpilot  [in-memory fake",
		"identify user qs-ada",
		`user.metadata["tags"] (nothing sent)`,
		"2500 records in 1 request",
		"completed: 2500 rows",
		"progress: 1.00 MiB sent",
		"MiB sent, upload complete",
		"409 JobRunningError, running job found: true",
		"completed: 8000 rows",
		"12 segments across 3 pages of 5",
		"completed: 6401 rows from 2001 users",
		"1 id scheduled for deletion",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	// The ActiveProspect flow prints credentials; none of their secrets, nor
	// the fake's API key, may reach the output.
	for _, secret := range []string{"qs-password-123", "qs-mailchimp-key", "qs-webhook-password", "qs-webhook-token", activeprospecttest.DefaultAPIKey, activeprospecttest.DefaultCompanyAPIKey} {
		if strings.Contains(out.String(), secret) {
			t.Errorf("report leaks the secret %q:\n%s", secret, out.String())
		}
	}
	if strings.Contains(out.String(), userlottest.DefaultAPIKey) {
		t.Errorf("report leaks the Userlot fake's API key:\n%s", out.String())
	}
	if want := fmt.Sprintf("all %d flows succeeded", len(flows)); !strings.Contains(out.String(), want) {
		t.Errorf("report lacks %q:\n%s", want, out.String())
	}
	if strings.Contains(out.String(), "FAIL") {
		t.Errorf("report has a failure:\n%s", out.String())
	}
}
