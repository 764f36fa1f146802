package speccheck_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/cdpkit/cdpkit/pkg/speccheck"
)

// exchange sends a request to srv and returns what CheckExchange needs.
func exchange(t *testing.T, srv *httptest.Server, method, path, body string) (*http.Request, []byte, *http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	respBody, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return req, []byte(body), resp, respBody
}

type want struct {
	op      string
	part    speccheck.Part
	pointer string
	kind    speccheck.Kind
	unverif bool
}

func check(t *testing.T, got []speccheck.Drift, wants ...want) {
	t.Helper()
	if len(got) != len(wants) {
		t.Fatalf("got %d drifts, want %d:\n%s", len(got), len(wants), list(got))
	}
	for i, w := range wants {
		d := got[i]
		if d.OperationID != w.op || d.Part != w.part || d.Pointer != w.pointer || d.Kind != w.kind || d.Unverified != w.unverif {
			t.Errorf("drift %d = %s\nwant op=%s part=%s pointer=%s kind=%s unverified=%v", i, d, w.op, w.part, w.pointer, w.kind, w.unverif)
		}
	}
}

func list(ds []speccheck.Drift) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString("  " + d.String() + "\n")
	}
	return b.String()
}

// A fake Usermost that answers a valid upsert with an extra field and a
// number where the envelope's status is a string, and an event with 202,
// which the document does not declare: exactly three drifts, with their
// pointers, all against parts of the document marked x-unverified (the
// Accepted response is).
func TestCheckerReportsExtraFieldWrongTypeAndUndeclaredStatus(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.HasSuffix(r.URL.Path, "/users"):
			w.WriteHeader(http.StatusCreated)
			io.WriteString(w, `{"response":{"status":7,"message":"ok","traceId":"t-1","data":{"anything":"goes"}}}`)
		case strings.HasSuffix(r.URL.Path, "/events"):
			w.WriteHeader(http.StatusAccepted)
			io.WriteString(w, `{"response":{"status":"queued"}}`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	c, err := speccheck.New(context.Background(), "usermost")
	if err != nil {
		t.Fatal(err)
	}
	var all []speccheck.Drift
	all = append(all, c.CheckExchange(exchange(t, srv, "POST", "/v1/accounts/lc-1/users", `{"userId":"u-1","firstName":"Ada"}`))...)
	all = append(all, c.CheckExchange(exchange(t, srv, "POST", "/v1/accounts/lc-1/events", `{"userId":"u-1","eventName":"Signed Up"}`))...)
	speccheck.Sort(all)
	check(t, all, // x-unverified first
		want{"upsertUser", speccheck.ResponseBody, "/response/status", speccheck.WrongType, true},
		want{"upsertUser", speccheck.ResponseBody, "/response/traceId", speccheck.UnknownField, true},
		want{"trackEvent", speccheck.ResponseStatus, "", speccheck.UndeclaredStatus, false},
	)
	counts := c.Counts()
	if counts[speccheck.UnknownField] != 1 || counts[speccheck.WrongType] != 1 || counts[speccheck.UndeclaredStatus] != 1 || counts[speccheck.MissingField] != 0 || c.Checked() != 2 {
		t.Errorf("counts %v after %d exchanges", counts, c.Checked())
	}
	if all[2].Status != http.StatusAccepted || all[0].Status != http.StatusCreated || all[0].Path != "/v1/accounts/{licenseCode}/users" {
		t.Errorf("status or path template wrong: %+v", all[:2])
	}
}

func shapes(t testing.TB) *speccheck.Checker {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile("testdata/shapes.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatal(err)
	}
	c, err := speccheck.FromDocument("shapes", doc)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func owner(t *testing.T, c *speccheck.Checker, query string, status int, body string) []speccheck.Drift {
	t.Helper()
	req := httptest.NewRequest("GET", "http://api.example/owners/42"+query, nil)
	resp := &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(bytes.NewReader(nil))}
	return c.CheckExchange(req, nil, resp, []byte(body))
}

func TestUnknownFieldsThroughCompositions(t *testing.T) {
	c := shapes(t)
	// Everything declared somewhere: allOf's two parts, nullable, a oneOf
	// branch chosen by its required field, a map, a free-form object.
	clean := `{"name":"Ann","nick":null,"pets":[{"meow":true},{"bark":true,"toy":null},{"bark":false,"toy":{"color":"red"}}],"scores":{"a":1},"notes":{"x":{"y":1}},"address":{"city":"Oslo"}}`
	if ds := owner(t, c, "", 200, clean); len(ds) != 0 {
		t.Fatalf("a conforming owner drifted:\n%s", list(ds))
	}
	ds := owner(t, c, "?expand=pets&debug=1", 200, `{"name":"Ann","age":3,"pets":[{"meow":true},{"bark":true,"purr":1,"toy":{"color":"red","size":2}}],"scores":{"a":"high"},"address":{"city":"Oslo","zip":"0150"}}`)
	check(t, ds,
		want{"getOwner", speccheck.ResponseBody, "/address/zip", speccheck.UnknownField, true},
		want{"getOwner", speccheck.RequestParameter, "/query/debug", speccheck.UnknownField, false},
		want{"getOwner", speccheck.ResponseBody, "/age", speccheck.UnknownField, false},
		want{"getOwner", speccheck.ResponseBody, "/pets/1/purr", speccheck.UnknownField, false},
		want{"getOwner", speccheck.ResponseBody, "/pets/1/toy/size", speccheck.UnknownField, false},
		want{"getOwner", speccheck.ResponseBody, "/scores/a", speccheck.WrongType, false},
	)
}

func TestRequiredParametersTypesAndOperations(t *testing.T) {
	c := shapes(t)
	check(t, owner(t, c, "?expand=cats", 200, `{"nick":5}`),
		want{"getOwner", speccheck.RequestParameter, "/query/expand", speccheck.ConstraintViolated, false},
		want{"getOwner", speccheck.ResponseBody, "/name", speccheck.MissingField, false},
		want{"getOwner", speccheck.ResponseBody, "/nick", speccheck.WrongType, false},
	)
	// An error status the operation lists, with no body schema: fine.
	if ds := owner(t, c, "", 404, `{"error":"no"}`); len(ds) != 0 {
		t.Errorf("declared 404 drifted:\n%s", list(ds))
	}
	// A 2xx the operation does not list.
	check(t, owner(t, c, "", 203, `{}`), want{"getOwner", speccheck.ResponseStatus, "", speccheck.UndeclaredStatus, false})
	// Not JSON where JSON is declared.
	check(t, owner(t, c, "", 200, `<html>`), want{"getOwner", speccheck.ResponseBody, "", speccheck.WrongType, false})
	// No operation at all.
	req := httptest.NewRequest("DELETE", "http://api.example/owners/42", nil)
	ds := c.CheckExchange(req, nil, nil, nil)
	if len(ds) != 1 || ds[0].Kind != speccheck.UnknownOperation || ds[0].Path != "/owners/42" {
		t.Errorf("unknown operation: %s", list(ds))
	}
}

// Messages never carry the checked values: traffic may hold secrets.
func TestDriftMessagesDoNotContainValues(t *testing.T) {
	c := shapes(t)
	const secret = "sk_live_4242424242"
	ds := owner(t, c, "?expand="+secret, 200, `{"name":{"k":"`+secret+`"},"`+"token"+`":"`+secret+`","scores":{"a":"`+secret+`"}}`)
	if len(ds) == 0 {
		t.Fatal("no drifts")
	}
	for _, d := range ds {
		if strings.Contains(d.String(), secret) {
			t.Errorf("drift leaks the value: %s", d)
		}
	}
}
