package userlot_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/cdpkit/cdpkit/pkg/userlot"
)

// TestCustomIntegersAbove2To53KeepEveryDigit covers issue 18 #20: a
// float64 cannot hold 2^53+1, so decoding custom fields into float64 turned
// 9007199254740993 into ...992 and sent the wrong value back.
func TestCustomIntegersAbove2To53KeepEveryDigit(t *testing.T) {
	t.Parallel()
	const big = int64(1)<<53 + 1
	_, client := newTestClient(t)
	ctx := context.Background()
	var custom userlot.CustomFields
	custom.SetInt("account_number", big)
	created, err := client.Companies.Upsert(ctx, userlot.CompanyInput{Name: "Acme", Custom: custom}, userlot.ByExternalID("acme-1"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := client.Companies.Get(ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]*userlot.Company{"upsert": created, "get": got} {
		if n, ok := c.Custom.Int("account_number"); !ok || n != big {
			t.Errorf("%s: Int(account_number) = %d, %v; want %d", name, n, ok, big)
		}
	}
	// Sending the record's custom fields back leaves the value exact.
	if _, err := client.Companies.Upsert(ctx, userlot.CompanyInput{Custom: got.Custom}, userlot.ByID(got.ID)); err != nil {
		t.Fatal(err)
	}
	again, _ := client.Companies.Get(ctx, got.ID)
	if n, _ := again.Custom.Int("account_number"); n != big {
		t.Errorf("after sending it back: %d, want %d", n, big)
	}
}

func TestCustomNumbersBeyondInt64AreSentBackVerbatim(t *testing.T) {
	t.Parallel()
	const digits = "123456789012345678901234567890"
	client, rec := recordingClient(t, http.StatusOK,
		`{"id":"4dfb21d9-dffe-489c-bb42-d5836f64fd85","name":"Acme","huge":`+digits+`,"ratio":0.1,"tags":["a","b"],"meta":{"k":[1,2]}}`)
	ctx := context.Background()
	c, err := client.Companies.Get(ctx, "4dfb21d9-dffe-489c-bb42-d5836f64fd85")
	if err != nil {
		t.Fatal(err)
	}
	if n, ok := c.Custom["huge"].(json.Number); !ok || n.String() != digits {
		t.Errorf("huge = %#v, want json.Number %s", c.Custom["huge"], digits)
	}
	if _, ok := c.Custom.Int("huge"); ok {
		t.Error("Int(huge) reported a value although it does not fit an int64")
	}
	if tags, ok := c.Custom.Strings("tags"); !ok || !equalStrings(tags, []string{"a", "b"}) {
		t.Errorf("Strings(tags) = %q, %v", tags, ok)
	}
	if _, err := client.Companies.Upsert(ctx, userlot.CompanyInput{Custom: c.Custom}, userlot.ByID(c.ID)); err != nil {
		t.Fatalf("sending a record's custom fields back (lists and objects included): %v", err)
	}
	body := rec.last(t)
	for field, want := range map[string]string{"huge": digits, "ratio": "0.1", "tags": `["a","b"]`, "meta": `{"k":[1,2]}`} {
		if got := string(body[field]); got != want {
			t.Errorf("%s on the wire = %s, want %s", field, got, want)
		}
	}
}

func TestListCustomFieldsRoundTripThroughTheFake(t *testing.T) {
	t.Parallel()
	_, client := newTestClient(t)
	ctx := context.Background()
	var custom userlot.CustomFields
	custom.SetStrings("modules", []string{"billing", "crm"})
	u, err := client.EndUsers.Upsert(ctx, userlot.EndUserInput{Email: "ada@example.com", Custom: custom}, userlot.ByExternalID("u-1"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := client.EndUsers.Get(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if m, ok := got.Custom.Strings("modules"); !ok || !equalStrings(m, []string{"billing", "crm"}) {
		t.Errorf("Strings(modules) = %q, %v", m, ok)
	}
	if _, err := client.EndUsers.Upsert(ctx, userlot.EndUserInput{Custom: got.Custom}, userlot.ByID(got.ID)); err != nil {
		t.Errorf("sending a list field back: %v", err)
	}
}

func TestTicketsCarryCustomFields(t *testing.T) {
	t.Parallel()
	_, client := newTestClient(t)
	ctx := context.Background()
	custom := userlot.CustomFields{"sla_hours": 24, "channel": "email"}
	tk, err := client.Tickets.Upsert(ctx, userlot.TicketInput{Subject: "Export fails", Custom: custom}, userlot.BySourceExternalID("zd-1042"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.Tickets.Upsert(ctx, userlot.TicketInput{Custom: userlot.CustomFields{"channel": "chat"}}, userlot.BySourceExternalID("zd-1042")); err != nil {
		t.Fatal(err)
	}
	got, err := client.Tickets.Get(ctx, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	if n, ok := got.Custom.Int("sla_hours"); !ok || n != 24 {
		t.Errorf("Int(sla_hours) = %d, %v", n, ok)
	}
	if s, _ := got.Custom.String("channel"); s != "chat" {
		t.Errorf("channel = %q, want the updated chat", s)
	}
	if _, ok := got.Custom["subject"]; ok {
		t.Error("the fixed field subject leaked into Custom")
	}
	var verr *userlot.ValidationError
	if _, err := client.Tickets.Upsert(ctx, userlot.TicketInput{Custom: userlot.CustomFields{"status": "x"}}); !asValidation(err, &verr) || verr.Field != `Custom["status"]` {
		t.Errorf("a custom field named like a fixed one: error = %v", err)
	}
}

func TestIntEdgesAndOtherSpellings(t *testing.T) {
	t.Parallel()
	c := userlot.CustomFields{
		"two53": float64(1 << 53), "above": float64(1<<53) * 2, "spelled": json.Number("3.0"), "exp": json.Number("3e2"),
		"i32": int32(-4), "list": []any{"a", "b"}, "mixed": []any{"a", 1}, "typed": []string{"x"},
	}
	want := map[string]int64{"two53": 1 << 53, "spelled": 3, "exp": 300, "i32": -4}
	for name, w := range want {
		if n, ok := c.Int(name); !ok || n != w {
			t.Errorf("Int(%s) = %d, %v; want %d", name, n, ok, w)
		}
	}
	if _, ok := c.Int("above"); ok {
		t.Error("Int of a float above 2^53 succeeded, although it may have been rounded")
	}
	if s, ok := c.Strings("typed"); !ok || len(s) != 1 || s[0] != "x" {
		t.Errorf("Strings(typed) = %q, %v", s, ok)
	}
	if _, ok := c.Strings("mixed"); ok {
		t.Error("Strings of a list holding a number succeeded")
	}
}

func TestEventValueStrings(t *testing.T) {
	t.Parallel()
	at := time.Date(2024, 3, 15, 9, 0, 0, 0, time.FixedZone("CET", 3600))
	for v, want := range map[userlot.EventValue]string{
		userlot.NumberValue(120.5): "120.5",
		userlot.NumberValue(-3):    "-3",
		userlot.TextValue(`a "b"`): `"a \"b\""`,
		userlot.TimeValue(at):      "2024-03-15T08:00:00Z",
		{}:                         "(none)",
	} {
		if got := v.String(); got != want {
			t.Errorf("String() = %s, want %s", got, want)
		}
	}
}

// TestErrorMessagesJoinFieldErrors: Userlot's 422 carries a message and
// per-field messages; the error text shows both, or the fields alone.
func TestErrorMessagesJoinFieldErrors(t *testing.T) {
	t.Parallel()
	for body, want := range map[string]string{
		`{"error":"invalid record","errors":{"total_revenue":["can't be blank"],"name":["is too long"]}}`: "invalid record: name is too long; total_revenue can't be blank",
		`{"errors":{"name":["is too long"]}}`:                              "name is too long",
		`{"message":"name is too long","errors":{"name":["is too long"]}}`: "name is too long",
	} {
		client, _ := recordingClient(t, http.StatusUnprocessableEntity, body)
		_, err := client.Companies.Get(context.Background(), "4dfb21d9-dffe-489c-bb42-d5836f64fd85")
		var apiErr *userlot.Error
		if !asError(err, &apiErr) || apiErr.Message != want {
			t.Errorf("body %s: message = %q, want %q", body, apiErr.Message, want)
		}
	}
}
